import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '../../src/model/entity.js';
import { dateBounds } from '../../src/model/dates.js';
import { ADVANCED_FORMATS, legacyDateText, linkTypeOf, listKeyOf, parseAdvancedXml, periodDate } from '../../src/sources/ofac/advanced.js';
import type { XmlNode } from '../../src/sources/ofac/advanced.js';
import { parseAll } from '../../src/sources/run.js';
import type { ParseMeta } from '../../src/sources/types.js';
import { source as consSource } from '../../src/sources/us_ofac_cons.js';
import { LISTS_DIR, publicationFolder, SHARED_DATA, VERSIONS_DIR, type PublicationFile } from '../helpers.js';

/** A real, complete (2020) CONS_ADVANCED.XML; the current list is only here in the legacy CSV. */
const CONS_ADVANCED_2020 = join(SHARED_DATA, 'formats', 'cons_advanced-2020-03-17.xml');
const FILE = 'cons_advanced.xml';

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A publication folder holding `content` (by default the real 2020 file) under the format's file name. */
async function publication(content: PublicationFile = { link: CONS_ADVANCED_2020 }, name = FILE): Promise<string> {
  const dir = await publicationFolder({ [name]: content });
  folders.push(dir);
  return dir;
}

async function parse(dir: string): Promise<{ entities: Entity[]; meta: ParseMeta }> {
  const meta: ParseMeta = { records: 0, warnings: [] };
  const entities: Entity[] = [];
  for await (const e of parseAdvancedXml({ dir, format: ADVANCED_FORMATS.us_ofac_cons, meta }, 'us_ofac_cons')) entities.push(e);
  return { entities, meta };
}

/** Parses and returns the error, with the entities produced before it. */
async function parseError(dir: string): Promise<{ error: Error; produced: number }> {
  const meta: ParseMeta = { records: 0, warnings: [] };
  let produced = 0;
  try {
    for await (const _ of parseAdvancedXml({ dir, format: ADVANCED_FORMATS.us_ofac_cons, meta }, 'us_ofac_cons')) produced++;
  } catch (error) {
    return { error: error as Error, produced };
  }
  throw new Error('the parse did not fail');
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

let text: string;
let entities: Entity[];
let meta: ParseMeta;
const byId = (uid: string) => {
  const e = entities.find((x) => x.id === `us_ofac_cons:${uid}`);
  if (!e) throw new Error(`no entity ${uid}`);
  return e;
};

beforeAll(async () => {
  text = await readFile(CONS_ADVANCED_2020, 'utf8');
  ({ entities, meta } = await parse(await publication()));
});

describe('OFAC advanced XML: the 2020 consolidated list', () => {
  it('turns every DistinctParty into one entity and says when the list was issued', () => {
    const parties = [...text.matchAll(/<DistinctParty\s/g)].length;
    expect(parties).toBe(375);
    expect(meta.records).toBe(parties);
    expect(entities).toHaveLength(parties);
    expect(new Set(entities.map((e) => e.id)).size).toBe(parties);
    const fixedRefs = [...text.matchAll(/<DistinctParty FixedRef="(\d+)"/g)].map((m) => `us_ofac_cons:${m[1]}`);
    expect(entities.map((e) => e.id)).toEqual(fixedRefs);
    expect(meta.publishedAt).toBe('2020-03-17');
    expect(meta.warnings).toEqual([]);
  });

  it('gives every entity a listing on a real list with its programs and listing date', () => {
    const lists = new Map<string, number>();
    for (const e of entities) {
      expect(e.listings.length).toBeGreaterThan(0);
      for (const l of e.listings) {
        lists.set(l.list, (lists.get(l.list) ?? 0) + 1);
        expect(l.programs.length).toBeGreaterThan(0);
        expect(l.listedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    // The file's own counts of entries per list (the umbrella "Consolidated List" aside).
    expect(Object.fromEntries(lists)).toEqual({ 'NS-PLC': 78, SSI: 290, FSE: 6, CAPTA: 1 });
  });

  it('reads an NS-PLC member: name parts, aliases, birth year, place of birth, listing date', () => {
    const e = byId('9639');
    expect(e.schema).toBe('Person');
    expect(e.caption).toBe('HANIYA, Ismail Abdul Salah');
    expect(e.names).toEqual([
      { full: 'HANIYA, Ismail Abdul Salah', kind: 'primary', script: 'Latn', parts: { family: 'HANIYA', given: 'Ismail Abdul Salah' } },
      { full: 'HANIYA, Ismail', kind: 'alias', script: 'Latn', parts: { family: 'HANIYA', given: 'Ismail' }, quality: 'strong a.k.a.' },
      { full: 'HANIYYA, Ismaeel', kind: 'alias', script: 'Latn', parts: { family: 'HANIYYA', given: 'Ismaeel' }, quality: 'strong a.k.a.' },
    ]);
    // OFAC states "DOB 1962" as the span 1962-01-01 .. 1962-12-31.
    expect(e.properties.birthDate).toEqual(['1962']);
    expect(e.properties.birthPlace).toEqual(['Shati']);
    expect(e.listings).toHaveLength(1);
    expect(e.listings[0]).toMatchObject({ list: 'NS-PLC', programs: ['NS-PLC'], listedOn: '2006-04-12' });
    expect(e.listings[0].legalBasis).toContain('Global Terrorism Sanctions Regulations, 31 CFR 594');
  });

  it('reads a foreign sanctions evader: birth date, passport, citizenship, gender, address', () => {
    const e = byId('26182');
    expect(e.schema).toBe('Person');
    expect(e.caption).toBe('KAYAKIRAN, Evren');
    expect(e.properties).toMatchObject({ birthDate: ['1980-02-08'], citizenship: ['tr'], gender: ['male'], country: ['tr'] });
    expect(e.identifiers).toEqual([{ type: 'passport', value: 'U00242309', label: 'Passport', country: 'tr' }]);
    expect(e.addresses).toEqual([{ full: 'Turkey', country: 'tr' }]);
    expect(e.listings[0]).toMatchObject({ list: 'FSE', programs: ['FSE-IR'], legalBasis: ['E.O. 13608'], listedOn: '2019-02-07' });
  });

  it('reads a sectoral sanctions company: registry numbers, weak f.k.a., owner, directive', () => {
    const e = byId('18812');
    expect(e.schema).toBe('Company');
    expect(e.caption).toBe('OTKRYTOE AKTSIONERNOE OBSHCHESTVO NOVOVYATSKI MEKHANICHESKI ZAVOD');
    expect(e.names.find((n) => n.full === 'NMZ OAO')).toMatchObject({ kind: 'weak_alias', quality: 'weak f.k.a.' });
    expect(e.names.find((n) => n.full === 'NOVOVYATSKI MEKHANICHESKI ZAVOD OAO')).toMatchObject({ kind: 'alias' });
    expect(e.identifiers).toEqual(
      expect.arrayContaining([
        { type: 'registration', value: '1034316578702', label: 'Registration ID' },
        { type: 'tax_id', value: '4345029953', label: 'Tax ID No.' },
      ]),
    );
    expect(e.properties.email).toEqual(['nmz@nmz.kirov.ru']);
    expect(e.addresses).toEqual([{ full: 'd. 51 ul. Sovetskaya, Kirov, Kirovskaya obl. 610008, Russia', street: 'd. 51 ul. Sovetskaya', country: 'ru' }]);
    // ProfileRelationship "Owned or Controlled By" ROSTEC (profile 17260).
    expect(e.links).toEqual([{ type: 'owned_by', target: 'us_ofac_cons:17260', targetName: 'ROSTEC', basis: 'Owned or Controlled By' }]);
    expect(byId('17260').links).toEqual([]);
    const ssi = e.listings[0];
    expect(ssi).toMatchObject({ list: 'SSI', programs: ['UKRAINE-EO13662'], legalBasis: ['E.O. 13662'], listedOn: '2015-12-22' });
    expect(ssi.measures).toEqual([expect.objectContaining({ type: 'debt_equity_restriction', details: 'Subject to Directive 3' })]);
  });

  it('keeps what an identity document says beyond its number on the identifier', () => {
    expect(byId('23552').identifiers).toEqual([
      { type: 'registration', value: '1057803105755', label: 'Registration ID', country: 'ru', note: 'issued by OGRN' },
      { type: 'tax_id', value: '7810327462', label: 'Tax ID No.', country: 'ru', note: 'issued by INN' },
    ]);
    // IDRegDocument 9477 of VTB states where it was issued (IssuedIn-LocationID).
    expect(byId('17013').identifiers).toContainEqual({ type: 'registration', value: '1027739609391', label: 'Registration ID', country: 'ru', note: 'issued in Russia' });
  });

  it('reads a bank: SWIFT/BIC, BIK, website, and the party comment as a legacy remark', () => {
    const veb = byId('17015');
    expect(veb.identifiers).toEqual([
      { type: 'bic', value: 'BFEARUMM', label: 'SWIFT/BIC' },
      { type: 'other', value: '044525060', label: 'BIK (RU)' },
    ]);
    expect(veb.properties.website).toEqual(['http://www.veb.ru']);
    expect(veb.names.find((n) => n.full === 'VEB')).toMatchObject({ kind: 'weak_alias' });
    const kunlun = byId('15268');
    expect(kunlun.listings[0]).toMatchObject({ list: 'CAPTA', programs: ['561-Related'] });
    expect(kunlun.listings[0].measures.map((m) => m.description)).toContain(
      'United States financial institutions are prohibited from opening or maintaining a correspondent account or a payable-through account for the foreign financial institution listed here, pursuant to 31 C.F.R. section 561.201(c)',
    );
  });

  it('notes an SDN List entry of a consolidated-list party without inventing a non-SDN listing', () => {
    const e = byId('9659');
    expect(e.listings.map((l) => l.list)).toEqual(['NS-PLC']);
    expect(e.listings[0].programs.sort()).toEqual(['NS-PLC', 'SDGT']);
    expect(e.remarks).toContain('Also on the OFAC SDN List (SDGT, NS-PLC) since 2016-09-16');
  });
});

describe('OFAC advanced XML: names in their original script', () => {
  /** The real file with names OFAC gives in other scripts added, as the current files carry them. */
  function withOriginalScripts(xml: string): string {
    const scripts = '<Script ID="220" ScriptCode="Cyrl">Cyrillic</Script><Script ID="225" ScriptCode="Hans">Chinese Simplified</Script>';
    let out = xml.replace('<Script ID="215" ScriptCode="Latin">Latin</Script>', (m) => m + scripts);
    const addName = (fixedRef: string, parts: Array<[string, string]>) => {
      const start = out.indexOf(`<DistinctParty FixedRef="${fixedRef}">`);
      const end = out.indexOf('</DocumentedName>', start) + '</DocumentedName>'.length;
      const groups = [...out.slice(start, end).matchAll(/NamePartGroupID="(\d+)"/g)].map((m) => m[1]);
      const documented =
        `<DocumentedName ID="9${fixedRef}" FixedRef="${fixedRef}" DocNameStatusID="2">` +
        parts.map(([script, value], i) => `<DocumentedNamePart><NamePartValue NamePartGroupID="${groups[i]}" ScriptID="${script}" ScriptStatusID="1" Acronym="false">${value}</NamePartValue></DocumentedNamePart>`).join('') +
        '</DocumentedName>';
      out = out.slice(0, end) + documented + out.slice(end);
    };
    addName('17260', [['220', 'ГОСКОРПОРАЦИЯ РОСТЕХ']]);
    addName('15268', [['225', '昆仑银行股份有限公司']]);
    addName('9639', [['220', 'ХАНИЯ'], ['220', 'Исмаил Абдель Салам']]);
    return out;
  }

  it('decodes a character that a 64 KiB read splits in two', async () => {
    // Whitespace before an address part moves its first character, a three-byte one, across
    // the first read boundary.
    const at = text.indexOf('<Value>', 50_000);
    const value = text.slice(at + '<Value>'.length, text.indexOf('<', at + 1));
    const padding = 65_535 - Buffer.byteLength(text.slice(0, at)) - '<Value>'.length;
    const bytes = Buffer.from(`${text.slice(0, at)}${' '.repeat(padding)}<Value>昆${text.slice(at + '<Value>'.length)}`, 'utf8');
    expect(bytes.subarray(65_535, 65_538).toString('utf8')).toBe('昆');
    const { entities: parsed } = await parse(await publication(bytes));
    expect(parsed).toHaveLength(375);
    expect(JSON.stringify(parsed)).toContain(`昆${value}`);
  });

  it('adds them as original_script names beside the Latin primary name', async () => {
    const { entities: parsed } = await parse(await publication(withOriginalScripts(text)));
    const get = (uid: string) => parsed.find((e) => e.id === `us_ofac_cons:${uid}`)!;
    expect(get('17260').caption).toBe('ROSTEC');
    expect(get('17260').names).toContainEqual({ full: 'ГОСКОРПОРАЦИЯ РОСТЕХ', kind: 'original_script', script: 'Cyrl', quality: 'strong a.k.a.' });
    expect(get('15268').names).toContainEqual({ full: '昆仑银行股份有限公司', kind: 'original_script', script: 'Hani', quality: 'strong a.k.a.' });
    expect(get('9639').caption).toBe('HANIYA, Ismail Abdul Salah');
    expect(get('9639').names).toContainEqual({ full: 'ХАНИЯ Исмаил Абдель Салам', kind: 'original_script', script: 'Cyrl', quality: 'strong a.k.a.' });
    // The link to ROSTEC still names it by its Latin primary name.
    expect(get('18812').links[0].targetName).toBe('ROSTEC');
  });
});

describe('OFAC advanced XML: dates and references', () => {
  const point = (name: string, y: number, m: number, d: number): XmlNode => ({
    name,
    attrs: {},
    line: 0,
    text: '',
    children: [
      { name: 'Year', attrs: {}, children: [], text: String(y), line: 0 },
      { name: 'Month', attrs: {}, children: [], text: String(m), line: 0 },
      { name: 'Day', attrs: {}, children: [], text: String(d), line: 0 },
    ],
  });
  /** A DatePeriod shaped as in the file: Start From/To, End From/To. */
  const period = (from: [number, number, number], to: [number, number, number], approximate = false): XmlNode => {
    const boundary = (name: string, ymd: [number, number, number]): XmlNode => ({
      name,
      attrs: { Approximate: String(approximate) },
      line: 0,
      text: '',
      children: [point('From', ...ymd), point('To', ...ymd)],
    });
    return { name: 'DatePeriod', attrs: {}, line: 0, text: '', children: [boundary('Start', from), boundary('End', to)] };
  };

  it.each([
    [[1962, 1, 1], [1962, 12, 31], false, '1962', '1962'],
    [[1961, 12, 1], [1961, 12, 31], false, '1961-12', 'Dec 1961'],
    [[1980, 2, 8], [1980, 2, 8], false, '1980-02-08', '08 Feb 1980'],
    [[1960, 1, 1], [1962, 12, 31], false, '1960/1962', '1960 to 1962'],
    [[1955, 3, 4], [1955, 6, 30], false, '1955-03-04/1955-06-30', '04 Mar 1955 to 30 Jun 1955'],
    [[1960, 1, 1], [1960, 12, 31], true, '~1960', 'circa 1960'],
  ] as const)('%j .. %j approximate %s -> %s', (from, to, approximate, expected, legacy) => {
    const pd = periodDate(period([...from], [...to], approximate));
    expect(pd).toBe(expected);
    expect(legacyDateText(pd!)).toBe(legacy);
  });

  it('refuses a period that is not a date', () => {
    expect(periodDate(period([1962, 6, 31], [1962, 6, 31]))).toBeUndefined();
    expect(periodDate(period([1963, 1, 1], [1962, 12, 31]))).toBeUndefined();
  });

  it('maps OFAC lists and relation types to the project keys', () => {
    expect(listKeyOf('SDN List')).toBe('SDN');
    expect(listKeyOf('Consolidated List')).toBeUndefined();
    expect(listKeyOf('Sectoral Sanctions Identifications List')).toBe('SSI');
    expect(listKeyOf('Non-SDN Palestinian Legislative Council List')).toBe('NS-PLC');
    expect(listKeyOf('Non-SDN Menu-Based Sanctions List')).toBe('NS-MBS');
    expect(listKeyOf('Non-SDN Chinese Military-Industrial Complex Companies List')).toBe('NS-CMIC');
    expect(listKeyOf('Non-SDN Iran Sanctions Act List')).toBe('OTHER');
    expect(linkTypeOf('Owned or Controlled By')).toBe('owned_by');
    expect(linkTypeOf('Acting for or on behalf of')).toBe('acting_for');
    expect(linkTypeOf('Associate Of')).toBe('associate_of');
    expect(linkTypeOf('Family member of')).toBe('family_of');
    expect(linkTypeOf('Leader or official of')).toBe('leader_of');
    expect(linkTypeOf('Providing support to')).toBe('linked_to');
  });

  it('keeps a relationship to a party of another OFAC list as a link by profile number, with a warning', async () => {
    const xml = text.replace('To-ProfileID="17260"', 'To-ProfileID="999999"');
    const { entities: parsed, meta: m } = await parse(await publication(xml));
    const linked = parsed.filter((e) => e.links.some((l) => l.targetName === 'OFAC profile 999999'));
    expect(linked).toHaveLength(1);
    expect(linked[0].links.find((l) => l.targetName === 'OFAC profile 999999')!.target).toBeUndefined();
    expect(m.warnings).toEqual([expect.stringMatching(/ProfileRelationship \d+ \(us_ofac_cons:\d+\) ends at OFAC profile 999999/)]);
  });
});

describe('OFAC advanced XML: publications that cannot be trusted', () => {
  it('refuses a file cut in half, naming the line, before producing any entity', async () => {
    // Mid-line, as a download that stops does: the file ends inside an element.
    const cut = text.indexOf('<DistinctParty ', Math.floor(text.length / 2)) + 10;
    const { error, produced } = await parseError(await publication(text.slice(0, cut)));
    expect(error.name).toBe('SourceError');
    expect(error.message).toMatch(new RegExp(`^cons_advanced\\.xml, line ${lineOf(text, cut)}: malformed XML: unclosed tag`));
    expect(produced).toBe(0);
  });

  it('refuses bytes that are not UTF-8, naming the byte offset', async () => {
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('ABU TEIR');
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const { error, produced } = await parseError(await publication(bytes));
    expect(error.message).toBe(`cons_advanced.xml, byte ${at}: not valid UTF-8 text`);
    expect(produced).toBe(0);
  });

  it('refuses garbage in the XML, naming the line', async () => {
    const at = text.indexOf('<DistinctParty FixedRef="17260">');
    const { error } = await parseError(await publication(`${text.slice(0, at)}<<&&>>${text.slice(at)}`));
    expect(error.message).toMatch(new RegExp(`^cons_advanced\\.xml, line ${lineOf(text, at)}: malformed XML`));
  });

  it('refuses an empty file and a missing one', async () => {
    expect((await parseError(await publication(''))).error.message).toBe('cons_advanced.xml: file is empty');
    expect((await parseError(await publication('x', 'other.xml'))).error.message).toBe('cons_advanced.xml: file is missing');
  });

  it("refuses another publisher's XML and OFAC's legacy XML", async () => {
    const un = await publication({ link: join(LISTS_DIR, 'un_sc', 'consolidated.xml') });
    expect((await parseError(un)).error.message).toBe(
      'cons_advanced.xml, line 2: not an OFAC advanced XML file: the root element is <CONSOLIDATED_LIST>, not <Sanctions>',
    );
    const legacy = await publication({ link: join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28', 'consolidated.xml') });
    expect((await parseError(legacy)).error.message).toMatch(/not an OFAC advanced XML file: the root element is <sdnList>/);
  });

  it('refuses a delta file, which holds only changes', async () => {
    const { error } = await parseError(await publication(text.replace('<Sanctions ', '<Sanctions DeltaBaseVersion="2" ')));
    expect(error.message).toMatch(/^cons_advanced\.xml, line 2: a delta file \(changes since version 2\), not a full publication$/);
  });

  it('refuses a reference to a value the reference sets do not hold, naming the line', async () => {
    const at = text.indexOf('AliasTypeID="1400"');
    const { error } = await parseError(await publication(text.replace('AliasTypeID="1400"', 'AliasTypeID="9999"')));
    expect(error.message).toBe(
      `cons_advanced.xml, line ${lineOf(text, at)}: <Alias> refers to AliasType 9999, which the reference value sets do not hold`,
    );
  });

  it('refuses a sanctions entry for a party the file does not hold', async () => {
    const at = text.indexOf('<SanctionsEntry ID="70009639"');
    const { error } = await parseError(await publication(text.replace('ProfileID="9639" ListID="91512"', 'ProfileID="1" ListID="91512"')));
    expect(error.message).toBe(`cons_advanced.xml, line ${lineOf(text, at)}: SanctionsEntry 70009639 is for profile 1, which no DistinctParty holds`);
  });

  it('is found and read by the us_ofac_cons source under the publisher’s upper-case file name', async () => {
    const result = await parseAll(consSource, await publication(undefined, 'CONS_ADVANCED.XML'));
    expect(result.format.id).toBe('advanced_xml');
    expect(result.entities).toHaveLength(375);
    expect(result.meta.records).toBe(375);
  });
});

describe('OFAC advanced XML against the legacy CSV', () => {
  /**
   * The 2020 advanced file and the 2025 CSV set are five years apart: OFAC renamed many
   * Russian companies, added RUSSIA-EO14024 to most SSI entries and rewrote aliases in upper
   * case. Facts that did not change must agree; the shares below are what agrees overall.
   */
  it('gives the same facts for the records both publications hold', async () => {
    const { entities: csv } = await parseAll(consSource, join(LISTS_DIR, 'us_ofac_cons'));
    const csvById = new Map(csv.map((e) => [e.id, e]));
    const pairs = entities.filter((e) => csvById.has(e.id)).map((e) => [e, csvById.get(e.id)!] as const);
    expect(pairs.length).toBe(365);

    const simplify = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();
    const strongAliases = (e: Entity, f = (s: string) => s) =>
      [...new Set(e.names.filter((n) => ['alias', 'former', 'new'].includes(n.kind)).map((n) => f(n.full)))].sort().join(' | ');
    const bounds = (e: Entity) => (e.properties.birthDate ?? []).map((d) => JSON.stringify(dateBounds(d))).sort().join();
    const programs = (e: Entity) => [...new Set(e.listings.flatMap((l) => l.programs))].sort();
    const facts: Record<string, (e: Entity) => string> = {
      caption: (e) => e.caption,
      'caption (case, punctuation aside)': (e) => simplify(e.caption),
      schema: (e) => e.schema,
      'strong aliases': (e) => strongAliases(e),
      'strong aliases (case, punctuation aside)': (e) => strongAliases(e, simplify),
      'birth dates': bounds,
      isins: (e) => e.identifiers.filter((i) => i.type === 'isin').map((i) => i.value).sort().join(),
      programs: (e) => programs(e).join(),
      'link targets': (e) => e.links.map((l) => l.target ?? l.targetName).sort().join(),
    };
    const share: Record<string, number> = {};
    for (const [fact, of] of Object.entries(facts)) {
      share[fact] = pairs.filter(([adv, leg]) => of(adv) === of(leg)).length / pairs.length;
    }
    console.info('share of the 365 common records whose facts agree:', Object.fromEntries(Object.entries(share).map(([k, v]) => [k, `${(v * 100).toFixed(1)}%`])));

    expect(share['caption']).toBeGreaterThan(0.8);
    expect(share['caption (case, punctuation aside)']).toBeGreaterThan(0.85);
    expect(share['schema']).toBeGreaterThan(0.99);
    expect(share['strong aliases']).toBeGreaterThan(0.65);
    expect(share['strong aliases (case, punctuation aside)']).toBeGreaterThan(0.8);
    expect(share['birth dates']).toBe(1);
    expect(share['isins']).toBe(1); // no ISINs yet in 2020: the NS-CMIC list began in 2021
    expect(share['link targets']).toBeGreaterThan(0.99);
    // Programs change by addition (RUSSIA-EO14024 in 2022): what 2020 lists, 2025 still lists.
    const kept = pairs.filter(([adv, leg]) => programs(adv).every((p) => programs(leg).includes(p))).length / pairs.length;
    expect(share['programs']).toBeGreaterThan(0.7);
    expect(kept).toBeGreaterThan(0.99);
    // People are renamed far less than companies: every person's caption agrees.
    expect(pairs.filter(([adv]) => adv.schema === 'Person').every(([adv, leg]) => adv.caption === leg.caption)).toBe(true);
  });
});
