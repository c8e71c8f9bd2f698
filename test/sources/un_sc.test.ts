import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { source, unBirthDate, unDocument, unNameParts } from '../../src/sources/un_sc.js';
import { namesInAliasNote, splitUnName } from '../../src/sources/un/names.js';
import { UN_REGIMES } from '../../src/sources/un/regimes.js';
import { parseAll } from '../../src/sources/run.js';
import type { Entity } from '../../src/model/entity.js';
import { isPartialDate } from '../../src/model/dates.js';
import { PROPERTIES } from '../../src/model/schema.js';
import { identityKeys } from '../../src/model/crossref.js';
import { GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal } from '../helpers.js';

const DIR = join(LISTS_DIR, 'un_sc');
const parsed = parseAll(source, DIR);
const rawText = readFile(join(DIR, 'consolidated.xml'), 'utf8');

const byId = async (dataId: string): Promise<Entity> => {
  const e = (await parsed).entities.find((x) => x.id === `un_sc:${dataId}`);
  expect(e, dataId).toBeDefined();
  return e!;
};
const namesOf = (e: Entity) => e.names.map((n) => [n.kind, n.full]);

describe('un_sc: the UN Security Council Consolidated List', () => {
  it('makes one entity per INDIVIDUAL and ENTITY the file holds', async () => {
    const text = await rawText;
    const individuals = text.match(/<INDIVIDUAL>/g)!.length;
    const entities = text.match(/<ENTITY>/g)!.length;
    expect([individuals, entities]).toEqual([730, 273]);
    const { entities: out, meta } = await parsed;
    expect(meta.records).toBe(individuals + entities);
    expect(out).toHaveLength(individuals + entities);
    expect(out.filter((e) => e.schema === 'Person')).toHaveLength(individuals);
    expect(out.filter((e) => e.schema === 'Organization' || e.schema === 'Company')).toHaveLength(entities);
    const dataIds = [...text.matchAll(/<DATAID>(\d+)<\/DATAID>/g)].map((m) => `un_sc:${m[1]}`);
    expect(out.map((e) => e.id).sort()).toEqual(dataIds.sort());
  });

  it('reads the publication date from dateGenerated and warns about nothing', async () => {
    const { meta } = await parsed;
    expect(meta.publishedAt).toBe('2026-02-27');
    expect(meta.warnings).toEqual([]);
  });

  it('gives every entity a primary name, a UN reference number, a listing with measures, PartialDates and ISO countries', async () => {
    for (const e of (await parsed).entities) expectWellFormed(e);
  });

  it('keeps every REFERENCE_NUMBER as published and as a cross-list identity key', async () => {
    const text = await rawText;
    const published = [...text.matchAll(/<REFERENCE_NUMBER>([^<]*)<\/REFERENCE_NUMBER>/g)].map((m) => m[1].trim());
    const { entities } = await parsed;
    const refs = entities.flatMap((e) => e.identifiers.filter((i) => i.type === 'un_ref').map((i) => i.value));
    expect(refs.sort()).toEqual(published.sort());
    const kim = entities.find((e) => e.identifiers.some((i) => i.value === 'QDi.001'))!;
    expect(identityKeys(kim)).toContain('un_ref:QDI001');
  });

  it('knows every UN_LIST_TYPE in the file: its committee, resolutions and measures', async () => {
    const text = await rawText;
    const types = new Set([...text.matchAll(/<UN_LIST_TYPE>([^<]*)<\/UN_LIST_TYPE>/g)].map((m) => m[1].trim()));
    expect(types.size).toBe(14);
    for (const t of types) expect(UN_REGIMES[t], t).toBeDefined();
    const { entities } = await parsed;
    for (const e of entities) {
      const [l] = e.listings;
      const regime = UN_REGIMES[l.programs[0]];
      expect(l.legalBasis).toEqual([regime.resolutions]);
      expect(l.citation).toContain(regime.committee);
      expect(l.measures.map((m) => m.type)).toEqual(regime.measures.filter((m) => e.schema === 'Person' || m !== 'travel_ban'));
    }
  });

  it('reads a Taliban individual fully: names, original script, dates of birth, documents, listing', async () => {
    const e = await byId('111090');
    expect(e.schema).toBe('Person');
    expect(e.caption).toBe('AKHTAR MOHAMMAD MANSOUR SHAH MOHAMMED');
    expect(e.names[0].parts).toEqual({ given: 'AKHTAR' });
    expect(namesOf(e)).toEqual([
      ['primary', 'AKHTAR MOHAMMAD MANSOUR SHAH MOHAMMED'],
      ['original_script', 'اختر محمد منصور شاه محمد'],
      ['alias', 'Akhtar Mohammad Mansour Khan Muhammad'],
      ['alias', 'Akhtar Muhammad Mansoor'],
      ['alias', 'Akhtar Mohammad Mansoor'],
      ['weak_alias', 'Naib Imam'],
    ]);
    expect(e.names[1].script).toBe('Arab');
    expect(e.properties).toEqual({
      title: ['Maulavi', 'Mullah'],
      position: ['Minister of Civil Aviation and Transportation under the Taliban regime'],
      nationality: ['af'],
      birthDate: ['~1960', '1966'],
      birthPlace: ['Band-e-Timur village, Maiwand District, Kandahar Province, Afghanistan'],
    });
    expect(e.identifiers).toEqual([
      { type: 'passport', value: 'SE-011697', country: 'af', label: 'Passport', note: 'issued 1988-01-25; issued in Kabul; expired on 23 Feb. 2000' },
      { type: 'un_ref', value: 'TAi.011', label: 'UN reference number' },
    ]);
    const [l] = e.listings;
    expect(l).toMatchObject({ list: 'UN', programs: ['Taliban'], legalBasis: ['UNSCR 1988 (2011)'], listedOn: '2001-01-25', dates: { updated: '2016-12-23' } });
    expect(l.measures.map((m) => m.type)).toEqual(['asset_freeze', 'travel_ban', 'arms_embargo']);
    expect(e.remarks[0]).toMatch(/^Involved in drug trafficking as of 2011, .* Reportedly killed in May 2016\. INTERPOL-UN/);
  });

  it('reads ranges of years of birth and keeps their note', async () => {
    const e = await byId('110577');
    expect(e.properties.birthDate).toEqual(['1955/1958', '1945/1950']);
    expect(e.remarks).toContain('Date of birth 1955/1958: Approximately');
  });

  it('reads a DPRK entity: a company, its aliases and address, the asset freeze but no travel ban', async () => {
    const e = await byId('690735');
    expect(e.schema).toBe('Company');
    expect(namesOf(e)).toEqual([
      ['primary', 'KOREA MINING DEVELOPMENT TRADING CORPORATION'],
      ['alias', 'CHANGGWANG SINYONG CORPORATION'],
      ['alias', 'EXTERNAL TECHNOLOGY GENERAL CORPORATION'],
      ['alias', 'DPRKN MINING DEVELOPMENT TRADING COOPERATION'],
      ['alias', '"KOMID"'],
    ]);
    expect(e.addresses).toEqual([{ full: "Central District, Pyongyang, Democratic People's Republic of Korea", street: 'Central District', city: 'Pyongyang', country: 'kp' }]);
    const [l] = e.listings;
    expect(l).toMatchObject({ programs: ['DPRK'], legalBasis: ['UNSCR 1718 (2006)'], listedOn: '2009-04-24' });
    expect(l.citation).toMatch(/resolution 1718 \(2006\)/);
    expect(l.measures.map((m) => m.type)).toEqual(['asset_freeze']);
    expect(e.identifiers).toEqual([{ type: 'un_ref', value: 'KPe.001', label: 'UN reference number' }]);
  });

  it("keeps a DPRK shipping company's IMO company number as a registration number, not a ship's IMO", async () => {
    const e = await byId('6908516');
    expect(e.identifiers).toContainEqual({ type: 'registration', value: '5342883', label: 'IMO company number' });
    expect(e.identifiers.some((i) => i.type === 'imo')).toBe(false);
  });

  it('writes DPRK names family name first and western-order names given name first', async () => {
    const { entities } = await parsed;
    const kim = entities.find((e) => e.caption === 'KIM SONG CHOL')!;
    expect(kim.names[0].parts).toEqual({ family: 'KIM', given: 'SONG CHOL' });
    expect((await byId('6907993')).names[0].parts).toEqual({ given: 'ERIC', family: 'BADEGE' });
    expect(unNameParts(['ABID', 'HAMID', 'MAHMUD', 'AL-TIKRITI'], 'Iraq')).toEqual({ given: 'ABID' });
    expect(unNameParts(['JOSEPH', 'KONY'], 'CAR')).toEqual({ given: 'JOSEPH', family: 'KONY' });
    expect(unNameParts(['ADF'], 'DRC')).toBeUndefined();
  });

  it('imposes only the travel ban on Guinea-Bissau individuals and only the freeze on Iraq', async () => {
    const { entities } = await parsed;
    const gb = entities.filter((e) => e.listings[0].programs[0] === 'GB');
    expect(gb).toHaveLength(10);
    for (const e of gb) expect(e.listings[0].measures.map((m) => m.type)).toEqual(['travel_ban']);
    const iraq = entities.filter((e) => e.listings[0].programs[0] === 'Iraq');
    for (const e of iraq) expect(e.listings[0].measures.map((m) => m.type)).toEqual(['asset_freeze']);
  });

  it('reads listing dates the UN writes with a time zone', async () => {
    expect((await byId('6908452')).listings[0].listedOn).toBe('2015-04-07');
  });

  it('splits the names packed into one alias field', async () => {
    const hts = await byId('6908429');
    expect(namesOf(hts)).toEqual(
      expect.arrayContaining([
        ['alias', 'Hay’at Tahrir al-Sham (HTS)'],
        ['original_script', 'هيئة تحرير الشام'],
        ['alias', 'Hayat Tahrir al-Sham'],
        ['original_script', 'جبهة النصرة'],
        ['alias', 'Jabhat al-Nusrah'],
      ]),
    );
    const kim = await byId('6908566');
    expect(namesOf(kim)).toEqual([
      ['primary', 'KIM CHOL SAM'],
      ['alias', 'Jin Tiesan'],
      ['original_script', '金铁三'],
    ]);
    expect(splitUnName('Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet')).toEqual({
      names: [
        { full: 'Mohammed Sabet', originalScript: false },
        { full: 'Mohammad Sabet', originalScript: false },
        { full: 'M. Javad Kareemi Sabet', originalScript: false },
      ],
      notes: [],
    });
    expect(splitUnName('Khirullah Said Wali Khairkhwa, born in Kandahar on 01 Jan.1967')).toEqual({
      names: [{ full: 'Khirullah Said Wali Khairkhwa', originalScript: false }],
      notes: ['born in Kandahar on 01 Jan.1967'],
    });
    expect(splitUnName('Ezatullah Haqqani (previously listed as)').notes).toEqual(['previously listed as']);
    // Parentheses within one script are part of the name.
    expect(splitUnName('華信船務(香港)有限公司').names).toEqual([{ full: '華信船務(香港)有限公司', originalScript: true }]);
    expect(namesInAliasNote('original script: Абу Банат')).toEqual([{ full: 'Абу Банат', originalScript: true }]);
    expect(namesInAliasNote('Yunis al-Mauritani; Younis al-Mauritani').map((n) => n.full)).toEqual(['Yunis al-Mauritani', 'Younis al-Mauritani']);
  });

  it('takes dates and places of birth given with an alias as the person’s, and says so', async () => {
    const { entities } = await parsed;
    const e = entities.find((x) => x.names.some((n) => n.full === 'Lased Ben Heni'))!;
    expect(e.properties.birthDate).toContain('1969-02-05');
    expect(e.properties.birthPlace).toContain('Tripoli, Libya');
    expect(e.remarks).toContain('Alias Lased Ben Heni: born 1969-02-05 in Tripoli, Libya');
  });

  it('reads the UN ways of writing a date of birth', () => {
    const f = (date = '', year = '', from = '', to = '') => ({ date, year, from, to });
    expect(unBirthDate('EXACT', f('1978-04-28'), '')).toEqual({ date: '1978-04-28', noteUsed: false });
    expect(unBirthDate('APPROXIMATELY', f('', '1966'), '')).toEqual({ date: '~1966', noteUsed: false });
    expect(unBirthDate('BETWEEN', f('', '', '1973', '1974'), '')).toEqual({ date: '1973/1974', noteUsed: false });
    expect(unBirthDate('EXACT', f('', '1958'), 'Sep.')).toEqual({ date: '1958-09', noteUsed: true });
    expect(unBirthDate('EXACT', f(), 'Nov. 1973 ')).toEqual({ date: '1973-11', noteUsed: true });
    expect(unBirthDate('EXACT', f(), 'Between Aug. and Sep. 1977')).toEqual({ date: '1977-08/1977-09', noteUsed: true });
    expect(unBirthDate('EXACT', f(), '24/06/1402 (Hijri Calendar)')).toEqual({ noteUsed: false });
  });

  it('separates document numbers from the words and countries written into them', () => {
    const doc = (f: Record<string, string>) => unDocument({ TYPE_OF_DOCUMENT: '', TYPE_OF_DOCUMENT2: '', NUMBER: '', ISSUING_COUNTRY: '', COUNTRY_OF_ISSUE: '', DATE_OF_ISSUE: '', CITY_OF_ISSUE: '', NOTE: '', ...f });
    expect(doc({ TYPE_OF_DOCUMENT: 'Passport', TYPE_OF_DOCUMENT2: 'Service passport ', NUMBER: 'Congo service passport number SA0020249' })).toEqual({
      type: 'passport',
      value: 'SA0020249',
      label: 'Passport, Service passport, Congo service passport',
    });
    expect(doc({ TYPE_OF_DOCUMENT: 'Passport', NUMBER: 'Jordan 654781' })).toMatchObject({ value: '654781', country: 'jo' });
    expect(doc({ TYPE_OF_DOCUMENT: 'National Identification Number', NUMBER: 'Social Security Number 423-31-3021 (US)' })).toMatchObject({
      type: 'national_id',
      value: '423-31-3021',
      country: 'us',
    });
    expect(doc({ TYPE_OF_DOCUMENT: 'Passport', NUMBER: '381110042 (Expired 25 Jan. 2016)' })).toMatchObject({ value: '381110042', note: 'Expired 25 Jan. 2016' });
    expect(doc({ TYPE_OF_DOCUMENT: 'National Identification Number', TYPE_OF_DOCUMENT2: 'Afghan national identification card (tazkira) number 545167' })).toMatchObject({
      type: 'national_id',
      value: '545167',
    });
    expect(doc({ TYPE_OF_DOCUMENT: 'National Identification Number', TYPE_OF_DOCUMENT2: 'Birth certificate', NUMBER: '012546', ISSUING_COUNTRY: 'Mali' })).toMatchObject({ type: 'other', country: 'ml' });
    expect(doc({ TYPE_OF_DOCUMENT: 'Passport', NOTE: 'Libyan passport number 347834, issued under name Ibrahim Ali Tantoush' })).toMatchObject({ value: '347834' });
    expect(doc({ TYPE_OF_DOCUMENT: 'Passport', ISSUING_COUNTRY: 'Egypt', NOTE: 'issued in 1993, under name Muhammad Jamal' })).toBeUndefined();
  });
});

describe('un_sc: publications it must refuse', () => {
  const folderWith = (content: string | Buffer) => publicationFolder({ 'consolidated.xml': content });
  const refusal = async (content: string | Buffer) => sourceRefusal(source, await folderWith(content));

  it('a file cut in half', async () => {
    const text = await rawText;
    const err = await refusal(text.slice(0, Math.floor(text.length / 2)));
    expect(err.message).toMatch(/^consolidated\.xml, line \d+: malformed XML: unclosed tag/);
  });

  it('an empty file', async () => {
    expect((await refusal('')).message).toBe('consolidated.xml: file is empty');
  });

  it('garbage bytes', async () => {
    expect((await refusal(GARBAGE)).message).toMatch(/^consolidated\.xml, byte \d+: not valid UTF-8/);
  });

  it('text that is not XML', async () => {
    expect((await refusal('DATAID,NAME\n1,someone\n')).message).toMatch(/^consolidated\.xml, line 1: malformed XML/);
  });

  it("Canada's list under the UN's file name", async () => {
    const canada = await readFile(join(LISTS_DIR, 'ca_sema', 'sema-lmes.xml'));
    expect((await refusal(canada)).message).toBe(
      'consolidated.xml, line 2: not the UN Security Council Consolidated List: the root element is <data-set>, not <CONSOLIDATED_LIST>',
    );
  });

  it('a list with no records', async () => {
    const err = await refusal('<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>');
    expect(err.message).toBe('consolidated.xml: the list holds no INDIVIDUAL or ENTITY records');
  });

  it('a record without DATAID, and a DATAID given twice', async () => {
    const text = await rawText;
    expect((await refusal(text.replace('<DATAID>6907993</DATAID>', ''))).message).toMatch(/^consolidated\.xml, line 4: <INDIVIDUAL> has no DATAID$/);
    const twice = text.replace('<DATAID>6907994</DATAID>', '<DATAID>6907993</DATAID>');
    expect((await refusal(twice)).message).toMatch(/^consolidated\.xml, line \d+, record 6907993: DATAID 6907993 repeats the record on line 4$/);
  });

  it('an element where no record belongs', async () => {
    const text = (await rawText).replace('<INDIVIDUALS>', '<INDIVIDUALS><NOTICE>x</NOTICE>');
    expect((await refusal(text)).message).toMatch(/^consolidated\.xml, line 3: unexpected element <INDIVIDUALS\/NOTICE>/);
  });

  it('lists a record of an unknown regime with the usual UN measures, and warns', async () => {
    const text = (await rawText).replace('<UN_LIST_TYPE>DRC</UN_LIST_TYPE>', '<UN_LIST_TYPE>Atlantis</UN_LIST_TYPE>');
    const { entities, meta } = await parseAll(source, await folderWith(text));
    const [l] = entities[0].listings;
    expect(l).toMatchObject({ programs: ['Atlantis'], legalBasis: [] });
    expect(l.measures.map((m) => m.type)).toEqual(['asset_freeze', 'travel_ban', 'arms_embargo']);
    expect(meta.warnings).toEqual([expect.stringMatching(/^consolidated\.xml line 4: UN list type "Atlantis" of record 6907993 is not known/)]);
  });

  it('keeps a field it does not know as a remark and warns', async () => {
    const text = (await rawText).replace('<GENDER>Male</GENDER>', '<GENDER>Male</GENDER><EYE_COLOUR>brown</EYE_COLOUR>');
    const { entities, meta } = await parseAll(source, await folderWith(text));
    expect(entities).toHaveLength(1003);
    expect(entities[0].remarks).toContain('EYE_COLOUR: brown');
    expect(meta.warnings).toEqual([expect.stringMatching(/^consolidated\.xml line \d+: element <EYE_COLOUR> in <INDIVIDUAL> is not known/)]);
  });
});

/** The shape every parser's entities share. */
function expectWellFormed(e: Entity): void {
  expect(e.names.filter((n) => n.kind === 'primary'), e.id).toHaveLength(1);
  expect(e.identifiers.filter((i) => i.type === 'un_ref'), e.id).toHaveLength(1);
  expect(e.listings, e.id).toHaveLength(1);
  expect(e.listings[0].measures.length, e.id).toBeGreaterThan(0);
  const props = Object.entries(e.properties) as [keyof typeof PROPERTIES, string[]][];
  const dates = [
    ...e.listings.flatMap((l) => [l.listedOn, ...Object.values(l.dates ?? {})]),
    ...props.filter(([k]) => PROPERTIES[k].type === 'date').flatMap(([, v]) => v),
  ].filter((d): d is string => !!d);
  for (const d of dates) expect(isPartialDate(d), `${e.id}: ${d}`).toBe(true);
  expect(e.listings[0].listedOn, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const countries = [
    ...e.addresses.map((a) => a.country),
    ...e.identifiers.map((i) => i.country),
    ...props.filter(([k]) => PROPERTIES[k].type === 'country').flatMap(([, v]) => v),
  ].filter((c): c is string => !!c);
  // Historic states keep a longer code (the former Soviet Union is "suhh").
  for (const c of countries) expect(c, e.id).toMatch(/^(?:[a-z]{2}|suhh)$/);
}
