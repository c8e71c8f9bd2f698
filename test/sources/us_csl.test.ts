import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { source, splitIds, splitNameField } from '../../src/sources/us_csl.js';
import { parseAll } from '../../src/sources/run.js';
import type { Entity } from '../../src/model/entity.js';
import { isPartialDate } from '../../src/model/dates.js';
import { PROPERTIES } from '../../src/model/schema.js';
import { FIXTURES_DIR, GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal } from '../helpers.js';

const DIR = join(LISTS_DIR, 'us_csl');
const FILE = join(DIR, 'consolidated.csv');
const parsed = parseAll(source, DIR);
const rawText = readFile(FILE, 'utf8');

async function publisherRows(): Promise<Record<string, string>[]> {
  return parseCsv(await rawText, { columns: true }) as Record<string, string>[];
}

async function entity(id: string): Promise<Entity> {
  const { entities } = await parsed;
  const e = entities.find((x) => x.id === `us_csl:${id}`);
  expect(e, id).toBeDefined();
  return e!;
}

describe('us_csl: the trade.gov Consolidated Screening List', () => {
  it('reads every row and skips the OFAC ones, counting them', async () => {
    const rows = await publisherRows();
    const ofac = rows.filter((r) => r.source.endsWith('Treasury Department'));
    const { entities, meta } = await parsed;
    expect(rows).toHaveLength(13);
    expect(ofac).toHaveLength(7);
    expect(meta.records).toBe(rows.length);
    expect(meta.skipped).toBe(ofac.length);
    expect(meta.warnings).toEqual([expect.stringMatching(/skipped 7 rows of OFAC lists .*Clearance reads those from OFAC directly/)]);
    expect(entities.map((e) => e.id).sort()).toEqual(
      rows.filter((r) => !ofac.includes(r)).map((r) => `us_csl:${r._id}`).sort(),
    );
  });

  it('gives every entity a primary name, a listing and well-formed dates and countries', async () => {
    for (const e of (await parsed).entities) expectWellFormed(e);
  });

  it('puts each row on its BIS or State list', async () => {
    const { entities } = await parsed;
    const lists = Object.fromEntries(entities.map((e) => [e.caption, `${e.listings[0].authority.split(',')[0]} / ${e.listings[0].list}`]));
    expect(lists).toEqual({
      'Sinobright Import and Export Company': 'US Department of State / Nonproliferation Sanctions',
      'Atlas Sanatgaran': 'US Commerce / Unverified List',
      'Academy of Aerospace Solid Propulsion Technology (AASPT)': 'US Commerce / Military End User List',
      'Cesareo Estanislao Benitez': 'US Department of State / ITAR Debarred',
      'I. ASH': 'US Commerce / Denied Persons List',
      'China Electronics Technology Group Corporation 13th Research Institute (CETC 13)': 'US Commerce / Entity List',
    });
  });

  it('keeps the Entity List licence requirement and policy, the FR citation and the listing date', async () => {
    const e = await entity('99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be');
    const l = e.listings[0];
    expect(l.citation).toBe('83 FR 37423; 87 FR 77505');
    expect(l.listedOn).toBe('2018-08-01');
    expect(l.measures).toHaveLength(1);
    expect(l.measures[0].type).toBe('export_licence_required');
    expect(l.measures[0].details).toMatch(/^Licence requirement: For all items subject to the EAR\. \(See §§ 734\.9\(g\),3 746\.8\(a\)\(3\), and 744\.21\(b\) of the EAR\); licence policy: Policy of denial for all items/);
    expect(e.names.filter((n) => n.kind === 'alias').map((n) => n.full)).toEqual([
      'Hebei Semiconductor Research Institute',
      'HSRI',
      'Hebei Institute of Semiconductors',
      'Hebei Semiconductor Institute',
      'Hebei Semiconductor',
      'CETC Research Institute 13',
    ]);
    expect(e.addresses.map((a) => a.full)).toEqual([
      '113 Hezuo Road, Shijiazhuang, Hebei, China',
      '21 Changsheng Street, Shijiazhuang, Hebei, China',
      '21 Changsheng Road, Shijiazhuang, Hebei, China, Shijiazhuang, Hebei Province, CN',
    ]);
    expect(e.addresses.every((a) => a.country === 'cn')).toBe(true);
  });

  it('reads the State Department qualifier out of the name', async () => {
    const e = await entity('233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b');
    expect(e.names).toEqual([expect.objectContaining({ full: 'Sinobright Import and Export Company', kind: 'primary' })]);
    expect(e.remarks).toContain('Name as published: Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof');
    expect(e.listings[0].programs).toEqual(['INKSNA']);
    expect(e.listings[0].citation).toBe('Vol. 88, No. 151, 08/08/2023');
    expect(splitNameField('A; B; and any successor thereof')).toEqual({ primary: 'A', aliases: ['B'], notes: ['and any successor thereof'] });
  });

  it('reads a denied person with its end date, standard order and remarks', async () => {
    const e = await entity('b601cbf2841d0aaedfe63661581ffbc3d54b6ba39d7e3a9027cff50e');
    expect(e.schema).toBe('Person');
    expect(e.listings[0].listedOn).toBe('2002-03-04');
    expect(e.listings[0].dates).toEqual({ expires: '2056-06-29' });
    expect(e.listings[0].measures[0].details).toMatch(/^Standard denial order/);
    expect(e.remarks).toEqual(['50 YEAR DENIAL']);
    expect(e.addresses).toEqual([{ full: '605 TRAIL LAKE DRIVE, RICHARDSON, TX, 75081, US', country: 'us' }]);
  });

  it('decides the schema from the name when the list gives no type', async () => {
    expect((await entity('34d6611355974b0ba70eba9a096971f8')).schema).toBe('Person'); // ITAR debarred individual
    expect((await entity('1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42')).schema).toBe('Organization');
    expect((await entity('233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b')).schema).toBe('Company');
  });

  it('splits the ids column into label, value and country', async () => {
    const rim = (await publisherRows()).find((r) => r._id === '52291')!;
    expect(splitIds(rim.ids)).toEqual([
      { label: 'Passport', value: '836238033', country: 'kp' },
      { label: 'Secondary sanctions risk', value: 'North Korea Sanctions Regulations, sections 510.201 and 510.210' },
      { label: 'Gender', value: 'Male' },
      { label: 'Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions', value: 'North Korea Sanctions Regulations section 510.214' },
    ]);
  });

  it('reads the csl_tiny fixture, the same extract, to the same entities', async () => {
    const fixture = await parseAll(source, join(FIXTURES_DIR, 'csl_tiny'));
    expect(fixture.entities).toEqual((await parsed).entities);
  });
});

describe('us_csl: publications it must refuse', () => {
  const refusal = async (content: string | Buffer) => sourceRefusal(source, await publicationFolder({ 'consolidated.csv': content }));

  it('an empty file', async () => {
    expect((await refusal('')).message).toMatch(/consolidated\.csv: file is empty/);
  });

  it('garbage bytes', async () => {
    expect((await refusal(GARBAGE)).message).toMatch(/consolidated\.csv, byte \d+: not valid UTF-8/);
  });

  it('a file cut inside a quoted field', async () => {
    const text = await rawText;
    expect((await refusal(text.slice(0, text.indexOf('Academy of Aerospace') + 10))).message).toMatch(
      /consolidated\.csv, line \d+: malformed CSV data: Quote Not Closed/,
    );
  });

  it('a row with a column too many', async () => {
    const lines = (await rawText).split('\n');
    lines[3] = `${lines[3]},"extra"`;
    expect((await refusal(lines.join('\n'))).message).toMatch(/consolidated\.csv, line 4: malformed CSV data/);
  });

  it('a row without its record id', async () => {
    const lines = (await rawText).split('\n');
    lines[2] = lines[2].replace(/^"[0-9a-f]+"/, '""');
    expect((await refusal(lines.join('\n'))).message).toMatch(/consolidated\.csv, line 3: row has no _id/);
  });

  it('a source list the parser does not know', async () => {
    const lines = (await rawText).split('\n');
    lines[1] = lines[1].replace('Nonproliferation Sanctions (ISN) - State Department', 'Some New List (SNL) - State Department');
    expect((await refusal(lines.join('\n'))).message).toMatch(/consolidated\.csv, line 2, record 233a4d72\w+: unknown source list "Some New List \(SNL\)/);
  });

  it("another publisher's file under the CSL's name", async () => {
    const dpl = await readFile(join(LISTS_DIR, 'us_bis_dpl', 'dpl.txt'));
    expect((await refusal(dpl)).message).toMatch(/consolidated\.csv, line 1: not the trade\.gov Consolidated Screening List: the header lacks _id/);
  });
});

/** The shape every parser's entities share: a primary name, a listing, PartialDates, ISO countries. */
function expectWellFormed(e: Entity): void {
  expect(e.names.filter((n) => n.kind === 'primary').length, e.id).toBeGreaterThan(0);
  expect(e.listings.length, e.id).toBeGreaterThan(0);
  const dates = [
    ...e.listings.flatMap((l) => [l.listedOn, ...Object.values(l.dates ?? {})]),
    ...(Object.entries(e.properties) as [keyof typeof PROPERTIES, string[]][]).filter(([k]) => PROPERTIES[k].type === 'date').flatMap(([, v]) => v),
  ].filter((d): d is string => !!d);
  for (const d of dates) expect(isPartialDate(d), `${e.id}: ${d}`).toBe(true);
  const countries = [
    ...e.addresses.map((a) => a.country),
    ...(Object.entries(e.properties) as [keyof typeof PROPERTIES, string[]][]).filter(([k]) => PROPERTIES[k].type === 'country').flatMap(([, v]) => v),
  ].filter((c): c is string => !!c);
  for (const c of countries) expect(c, e.id).toMatch(/^[a-z]{2}$/);
}
