import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canadianDates, canadianRecordId, regimeName, scheduleCitation, source } from '../../src/sources/ca_sema.js';
import { splitAliases, splitAlsoKnownAs, splitCommaList, splitOr } from '../../src/sources/ca/names.js';
import { CA_REGIMES } from '../../src/sources/ca/regimes.js';
import { parseAll } from '../../src/sources/run.js';
import type { Entity } from '../../src/model/entity.js';
import { isPartialDate } from '../../src/model/dates.js';
import { PROPERTIES } from '../../src/model/schema.js';
import { GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal } from '../helpers.js';

const DIR = join(LISTS_DIR, 'ca_sema');
const parsed = parseAll(source, DIR);
const rawText = readFile(join(DIR, 'sema-lmes.xml'), 'utf8');

/** The file's records read with regular expressions, independently of the parser. */
async function publisherRecords(): Promise<Record<string, string>[]> {
  const text = await rawText;
  return [...text.matchAll(/<record>([\s\S]*?)<\/record>/g)].map((m) =>
    Object.fromEntries([...m[1].matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)].map((f) => [f[1], f[2]])),
  );
}

const byId = async (id: string): Promise<Entity> => {
  const e = (await parsed).entities.find((x) => x.id === `ca_sema:${id}`);
  expect(e, id).toBeDefined();
  return e!;
};
const namesOf = (e: Entity) => e.names.map((n) => [n.kind, n.full]);

describe('ca_sema: the Consolidated Canadian Autonomous Sanctions List', () => {
  it('makes one entity per <record>', async () => {
    const text = await rawText;
    const count = text.match(/<record>/g)!.length;
    expect(count).toBe(4759);
    const { entities, meta } = await parsed;
    expect(meta.records).toBe(count);
    expect(entities).toHaveLength(count);
  });

  it('derives ids from regime, schedule and item that are unique in the real file and stable', async () => {
    const records = await publisherRecords();
    const keys = records.map((r) => `${r.Country.split(' / ')[0].trim()}|${(r.Schedule ?? '').replace(/\s+/g, '')}|${r.Item.trim()}`);
    expect(new Set(keys).size).toBe(records.length);
    const { entities } = await parsed;
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    const again = await parseAll(source, DIR);
    expect(again.entities.map((e) => e.id)).toEqual(entities.map((e) => e.id));
    for (const e of entities) expect(e.id).toMatch(/^ca_sema:[a-z0-9.-]+-\d+$/);
    expect(canadianRecordId({ Country: 'Russia / Russie', Schedule: '1, Part 1.1', Item: '12' })).toBe('russia-1-part-1.1-12');
    expect(canadianRecordId({ Country: 'Belarus / Bélarus', Schedule: '1,Part 3', Item: '2' })).toBe('belarus-1-part-3-2');
    expect(canadianRecordId({ Country: 'Venezuela ', Item: '6' })).toBe('venezuela-6');
    expect(canadianRecordId({ Country: 'Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement (RJVDEC)', Item: '3' })).toBe('jvcfor-3');
  });

  it('sets no publication date: the file states none', async () => {
    expect((await parsed).meta.publishedAt).toBeUndefined();
  });

  it('knows every regime in the file, and warns only about the two dates it cannot read', async () => {
    const records = await publisherRecords();
    const regimes = new Set(records.map((r) => regimeName(r.Country)));
    expect(regimes.size).toBe(19);
    for (const r of regimes) expect(CA_REGIMES[r], r).toBeDefined();
    const { meta } = await parsed;
    expect(meta.warnings).toEqual([
      expect.stringMatching(/date of birth "Sep-99" is not a date/),
      expect.stringMatching(/date of birth "born in the early 1970s" is not a date/),
    ]);
  });

  it('gives every entity a primary name, one listing, PartialDates and ISO countries', async () => {
    for (const e of (await parsed).entities) expectWellFormed(e);
  });

  it('tells persons, ships, companies and organisations apart', async () => {
    const records = await publisherRecords();
    const { entities } = await parsed;
    const count = (s: string) => entities.filter((e) => e.schema === s).length;
    expect(count('Person')).toBe(records.filter((r) => r.LastName || r.GivenName).length);
    expect(count('Vessel')).toBe(records.filter((r) => r.ShipIMONumber).length);
    expect({ Person: count('Person'), Vessel: count('Vessel'), Company: count('Company'), Organization: count('Organization') }).toEqual({
      Person: 3334,
      Vessel: 109,
      Company: 621,
      Organization: 695,
    });
  });

  it('reads a ship: IMO number, ship type, year of build', async () => {
    const e = await byId('russia-1.1-1');
    expect(e).toMatchObject({
      schema: 'Vessel',
      caption: 'Balitiyskiy III',
      properties: { vesselType: ['General Cargo / Multi Purpose'], buildDate: ['1980'] },
      identifiers: [{ type: 'imo', value: '7612448', label: 'Ship IMO Number' }],
    });
    const [l] = e.listings;
    expect(l).toMatchObject({ list: 'SEMA', programs: ['Russia'], listedOn: '2025-02-21' });
    expect(l.legalBasis).toEqual(['Special Economic Measures Act', 'Special Economic Measures (Russia) Regulations']);
    expect(l.citation).toBe('Special Economic Measures (Russia) Regulations, Schedule 1.1, item 1');
  });

  it('reads a person with aliases in several scripts and languages', async () => {
    const e = await byId('belarus-1-part-1-120');
    expect(e.schema).toBe('Person');
    expect(e.names[0]).toMatchObject({
      full: 'Nikolai Aleksandrovich LUKASHENKO',
      kind: 'primary',
      parts: { given: 'Nikolai', patronymic: 'Aleksandrovich', family: 'LUKASHENKO' },
    });
    expect(e.names.slice(1).map((n) => [n.kind, n.full, n.lang])).toEqual([
      ['alias', 'Mikalay Alyaksandravich Lukashenka', undefined],
      ['alias', 'Kolya Lukashenko', undefined],
      ['original_script', 'Мікалай Аляксандравіч Лукашэнка', 'be'],
      ['original_script', 'Николай Александрович Лукашенко', 'ru'],
      ['original_script', 'Коля Лукашенко', 'ru'],
    ]);
    expect(e.properties).toEqual({ birthDate: ['2004-08-31'] });
    expect(e.properties.nationality).toBeUndefined();
    expect(e.listings[0]).toMatchObject({ programs: ['Belarus'], listedOn: '2024-08-08', citation: 'Special Economic Measures (Belarus) Regulations, Schedule 1, Part 1, item 120' });
    expect(e.remarks).toEqual([
      'Aliases as published: Mikalay Alyaksandravich Lukashenka, Kolya Lukashenko, Belarusian: Мікалай Аляксандравіч Лукашэнка; Russian: Николай Александрович Лукашенко, Коля Лукашенко',
    ]);
  });

  it('makes one-word aliases of persons weak, and spells the whole name with a variant of one of its words', async () => {
    const nicknames = await byId('ukraine-part-1-69');
    expect(namesOf(nicknames)).toEqual([
      ['primary', 'Pavel DREMOV'],
      ['weak_alias', 'Batya'],
      ['weak_alias', 'Kazak'],
    ]);
    const variant = await byId('ukraine-part-1-189');
    expect(namesOf(variant)).toEqual([
      ['primary', 'Vladimir Yuryevich VYSOTSKY'],
      ['weak_alias', 'VYSOTSKIY'],
      ['alias', 'Vladimir Yuryevich VYSOTSKIY'],
    ]);
  });

  it('reads an entity name with "(also known as ...)" and bilingual names', async () => {
    const tula = await byId('russia-1-part-2-627');
    expect(tula.schema).toBe('Company');
    expect(namesOf(tula)).toEqual([
      ['primary', 'TULAMASHZAVOD JSC'],
      ['alias', 'Tulamashzavod PA – Production Association'],
      ['alias', 'Tulamashzavod PA'],
      ['alias', 'Tulamashzavod Production Association'],
      ['original_script', 'Акционерное Общество «Акционерная Компания «Туламашзавод»'],
    ]);
    const army = await byId('iran-1-part-1-31');
    expect(army.schema).toBe('Organization');
    expect(namesOf(army)).toEqual([
      ['primary', 'Iranian Army'],
      ['alias', 'Armée iranienne'],
    ]);
  });

  it('reads ranges and alternatives of birth years and keeps what is not a date', async () => {
    expect((await byId('iran-1-part-2.1-70')).properties.birthDate).toEqual(['1963/1964']);
    expect((await byId('iran-1-part-2.1-107')).properties.birthDate).toEqual(['1963', '1964']);
    const kirill = await byId('russia-1-part-1-1114');
    expect(kirill.properties.birthDate).toBeUndefined();
    expect(kirill.remarks).toContain('Date of birth: Sep-99');
    expect(canadianDates('1972-08-10 or 1972-08-11')).toEqual(['1972-08-10', '1972-08-11']);
    expect(canadianDates('1965-07-15 OR 1969-09-28')).toEqual(['1965-07-15', '1969-09-28']);
    expect(canadianDates('born in the early 1970s')).toBeUndefined();
  });

  it('lists the Magnitsky Law records under their own Act', async () => {
    const { entities } = await parsed;
    const jv = entities.filter((e) => e.listings[0].list === 'JVCFOA');
    expect(jv).toHaveLength(80);
    expect(jv[0].listings[0]).toMatchObject({
      programs: ['Justice for Victims of Corrupt Foreign Officials'],
      legalBasis: ['Justice for Victims of Corrupt Foreign Officials Act (Sergei Magnitsky Law)', 'Justice for Victims of Corrupt Foreign Officials Regulations'],
      citation: expect.stringMatching(/^Justice for Victims of Corrupt Foreign Officials Regulations, Schedule, item \d+$/),
    });
    expect(entities.filter((e) => e.listings[0].list === 'SEMA')).toHaveLength(4759 - 80);
  });

  it('gives Russia’s sectoral schedules their debt restriction instead of the dealings ban', async () => {
    const bank = await byId('russia-2-4');
    expect(bank.listings[0].measures.map((m) => m.type)).toEqual(['debt_equity_restriction']);
    expect(bank.listings[0].citation).toBe('Special Economic Measures (Russia) Regulations, Schedule 2, item 4');
    expect((await byId('russia-3-2')).listings[0].measures.map((m) => m.type)).toEqual(['debt_equity_restriction']);
    expect((await byId('russia-1-part-2-627')).listings[0].measures.map((m) => m.type)).toEqual(['prohibited_dealings']);
  });

  it('writes the schedule as the regulations do', () => {
    expect(scheduleCitation('1, Part 1')).toBe('Schedule 1, Part 1');
    expect(scheduleCitation('1,Part 3')).toBe('Schedule 1, Part 3');
    expect(scheduleCitation('Part 2')).toBe('Schedule, Part 2');
    expect(scheduleCitation('')).toBe('Schedule');
  });

  it('splits the alias field the ways the publisher writes it', () => {
    const full = (t: string) => splitAliases(t).map((n) => n.full);
    expect(full('RAOS JSC; РУСАТОМ Оверсиз')).toEqual(['RAOS JSC', 'РУСАТОМ Оверсиз']);
    expect(full('Владимир Викторович ПАВЛЕНКО / Володимир Вiкторович ПАВЛЕНКО')).toEqual(['Владимир Викторович ПАВЛЕНКО', 'Володимир Вiкторович ПАВЛЕНКО']);
    expect(full('(Владимир Михайлович РУЩАК / Володимир Михайлович РУЩАК')).toEqual(['Владимир Михайлович РУЩАК', 'Володимир Михайлович РУЩАК']);
    expect(full('Баранов, Олег Анатольевич')).toEqual(['Баранов, Олег Анатольевич']);
    expect(full('Море Река Сервис, ООО')).toEqual(['Море Река Сервис, ООО']);
    expect(full('Abbas Morteza Nilforoushan Abbas Morteza Nilforushan\n عباس نیلفروشان')).toEqual([
      'Abbas Morteza Nilforoushan Abbas Morteza Nilforushan',
      'عباس نیلفروشان',
    ]);
    expect(full('Центральная избирательная комиссия Российской Федерации or ЦИК or Центризбирком')).toEqual([
      'Центральная избирательная комиссия Российской Федерации',
      'ЦИК',
      'Центризбирком',
    ]);
    expect(full('Ali Ahmed Karti \nArabic: علي أحمد كرتي')).toEqual(['Ali Ahmed Karti', 'علي أحمد كرتي']);
    expect(splitAliases('Ali Ahmed Karti \nArabic: علي أحمد كرتي')[1].lang).toBe('ar');
    expect(full('ООО "ТРАНСОЙЛ" / ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ТРАНСОЙЛ"')).toEqual(['ООО "ТРАНСОЙЛ"', 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ТРАНСОЙЛ"']);
    expect(splitOr('Алексей Александров or Александрова')).toEqual(['Алексей Александров', 'Алексей Александрова']);
    expect(splitOr('Katsiaryna or Katerina Smuschkovich')).toEqual(['Katsiaryna Smuschkovich', 'Katerina Smuschkovich']);
    // "and" ends a list only where the halves look like names of their own.
    expect(splitCommaList('GSK Advance, GSK Advance Co. Ltd. and GSK for Advanced Business Co. Ltd.')).toEqual([
      'GSK Advance',
      'GSK Advance Co. Ltd.',
      'GSK for Advanced Business Co. Ltd.',
    ]);
    expect(splitCommaList('Myanma Investment and Commercial Bank, Burma Investment and Commercial Bank')).toEqual([
      'Myanma Investment and Commercial Bank',
      'Burma Investment and Commercial Bank',
    ]);
    expect(splitCommaList('LAT, LLC Laser Devices and Technologies')).toEqual(['LAT', 'LLC Laser Devices and Technologies']);
    expect(splitAlsoKnownAs('Krylov State Research Centre (also known\nas Krylov State Scientific Center Federal\nState Unitary Enterprise)')).toEqual({
      name: 'Krylov State Research Centre',
      aliases: ['Krylov State Scientific Center Federal State Unitary Enterprise'],
    });
  });
});

describe('ca_sema: publications it must refuse', () => {
  const folderWith = (content: string | Buffer) => publicationFolder({ 'sema-lmes.xml': content });
  const refusal = async (content: string | Buffer) => sourceRefusal(source, await folderWith(content));

  it('a file cut in half', async () => {
    const text = await rawText;
    expect((await refusal(text.slice(0, Math.floor(text.length / 2)))).message).toMatch(/^sema-lmes\.xml, line \d+: malformed XML: unclosed tag/);
  });

  it('an empty file', async () => {
    expect((await refusal('')).message).toBe('sema-lmes.xml: file is empty');
  });

  it('garbage bytes', async () => {
    expect((await refusal(GARBAGE)).message).toMatch(/^sema-lmes\.xml, byte \d+: not valid UTF-8/);
  });

  it("the UN's list under Canada's file name", async () => {
    const un = await readFile(join(LISTS_DIR, 'un_sc', 'consolidated.xml'));
    expect((await refusal(un)).message).toBe(
      "sema-lmes.xml, line 2: not Canada's consolidated autonomous sanctions list (SEMA): the root element is <CONSOLIDATED_LIST>, not <data-set>",
    );
  });

  it('a record without Item, and two records with the same regime, schedule and item', async () => {
    const text = await rawText;
    expect((await refusal(text.replace('<Item>1</Item>', ''))).message).toBe('sema-lmes.xml, line 3: a record without Item');
    const twice = text.replace('<Item>2</Item>', '<Item>1</Item>');
    expect((await refusal(twice)).message).toBe('sema-lmes.xml, line 11, record belarus-1-part-1-1: record belarus-1-part-1-1 (regime, schedule and item) repeats the record on line 3');
  });

  it('a record without any name', async () => {
    const text = (await rawText).replace('<LastName>Atabekov</LastName>', '').replace('<GivenName>Khazalbek Bakhtibekovich</GivenName>', '');
    expect((await refusal(text)).message).toBe('sema-lmes.xml, line 3, record belarus-1-part-1-1: a record with neither LastName, GivenName nor EntityOrShip');
  });

  it('an unknown regime still gives a listing under the Act, with a warning', async () => {
    const text = (await rawText).replace('<Country>Belarus / Bélarus</Country>', '<Country>Atlantis / Atlantide</Country>');
    const { entities, meta } = await parseAll(source, await folderWith(text));
    const e = entities.find((x) => x.id === 'ca_sema:atlantis-1-part-1-1')!;
    expect(e.listings[0]).toMatchObject({ list: 'SEMA', programs: ['Atlantis'], legalBasis: ['Special Economic Measures Act'] });
    expect(meta.warnings).toContainEqual(expect.stringMatching(/regime "Atlantis" is not known/));
  });
});

function expectWellFormed(e: Entity): void {
  expect(e.names.filter((n) => n.kind === 'primary'), e.id).toHaveLength(1);
  expect(e.caption, e.id).toBe(e.names[0].full);
  expect(e.listings, e.id).toHaveLength(1);
  expect(e.listings[0].measures.length, e.id).toBeGreaterThan(0);
  expect(e.listings[0].listedOn, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const props = Object.entries(e.properties) as [keyof typeof PROPERTIES, string[]][];
  const dates = props.filter(([k]) => PROPERTIES[k].type === 'date').flatMap(([, v]) => v);
  for (const d of dates) expect(isPartialDate(d), `${e.id}: ${d}`).toBe(true);
  // The regime is not the target's country: the list states no nationality or address.
  expect(e.properties.nationality, e.id).toBeUndefined();
  expect(e.addresses, e.id).toEqual([]);
  for (const n of e.names) expect(n.full, e.id).toMatch(/^\S(?:.*\S)?$/);
}
