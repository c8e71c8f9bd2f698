import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { source } from '../../src/sources/uk_ofsi.js';
import { UK_REGIMES } from '../../src/sources/uk/regimes.js';
import { splitEnumerated, ukCountry } from '../../src/sources/uk/fields.js';
import { parseAll } from '../../src/sources/run.js';
import type { ParseMeta } from '../../src/sources/types.js';
import type { Entity } from '../../src/model/entity.js';
import { isPartialDate } from '../../src/model/dates.js';
import { PROPERTIES } from '../../src/model/schema.js';
import { GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal } from '../helpers.js';

const DIR = join(LISTS_DIR, 'uk_ofsi');
const XLSX = join(DIR, 'ConList.xlsx');

/** The sheet read independently of the parser, with exceljs: header and data rows as records. */
interface Sheet {
  title: string[];
  header: string[];
  rows: Record<string, string>[];
}

async function readWithExcelJs(): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(XLSX);
  const ws = wb.worksheets[0];
  const text = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  const title = text(ws.getRow(1));
  const header = text(ws.getRow(2));
  const rows: Record<string, string>[] = [];
  for (let i = 3; i <= ws.rowCount; i++) {
    const values = text(ws.getRow(i));
    rows.push(Object.fromEntries(header.map((h, j) => [h, values[j] ?? ''])));
  }
  return { title, header, rows };
}

let sheet: Sheet;
let entities: Entity[];
let meta: ParseMeta;
/** CPU time of the parse: unlike wall time it does not grow when other work shares the machine. */
let parseCpuMs: number;
const byId = (groupId: string) => {
  const e = entities.find((x) => x.id === `uk_ofsi:${groupId}`);
  expect(e, groupId).toBeDefined();
  return e!;
};

beforeAll(async () => {
  const started = process.cpuUsage();
  ({ entities, meta } = await parseAll(source, DIR));
  const used = process.cpuUsage(started);
  parseCpuMs = (used.user + used.system) / 1000;
  sheet = await readWithExcelJs();
}, 120_000);

describe('uk_ofsi: the OFSI Consolidated List', () => {
  it('consumes every name row and makes one entity per Group ID', () => {
    expect(sheet.title).toEqual(['Last Updated', '14/04/2025']);
    expect(sheet.rows).toHaveLength(18_798);
    expect(meta.records).toBe(sheet.rows.length);
    const groups = new Set(sheet.rows.map((r) => r['Group ID']));
    expect(groups.size).toBe(4688);
    expect(entities.map((e) => e.id).sort()).toEqual([...groups].map((g) => `uk_ofsi:${g}`).sort());
    expect(meta.publishedAt).toBe('2025-04-14');
    expect(meta.warnings).toEqual([]);
  });

  it('parses the whole list in under five seconds', () => {
    expect(parseCpuMs).toBeLessThan(5000);
  });

  it('knows the legislation of every regime in the file', () => {
    const regimes = new Set(sheet.rows.map((r) => r.Regime));
    expect(regimes.size).toBe(31);
    expect([...regimes].filter((r) => !UK_REGIMES[r])).toEqual([]);
  });

  it('gives each target one listing per regime, from the rows of that regime', () => {
    const regimesOf = new Map<string, Set<string>>();
    for (const r of sheet.rows) regimesOf.set(r['Group ID'], (regimesOf.get(r['Group ID']) ?? new Set()).add(r.Regime));
    for (const e of entities) {
      const expected = [...regimesOf.get(e.id.slice('uk_ofsi:'.length))!].sort();
      expect(e.listings.flatMap((l) => l.programs).sort(), e.id).toEqual(expected);
      for (const l of e.listings) {
        expect(l.legalBasis).toEqual([UK_REGIMES[l.programs[0]].legislation]);
        expect(l.measures[0].type).toBe('asset_freeze');
      }
    }
  });

  it('types targets by Group Type', () => {
    const typeOf = new Map(sheet.rows.map((r) => [r['Group ID'], r['Group Type']]));
    const expected = { Individual: 'Person', Ship: 'Vessel' } as Record<string, string>;
    for (const e of entities) {
      const t = typeOf.get(e.id.slice('uk_ofsi:'.length))!;
      if (t === 'Entity') expect(['Organization', 'Company']).toContain(e.schema);
      else expect(e.schema).toBe(expected[t]);
    }
  });

  it('reads an individual: names with parts, partial birth dates, UN reference, travel ban', () => {
    const kony = byId('13344');
    expect(kony.schema).toBe('Person');
    expect(kony.caption).toBe('JOSEPH KONY');
    expect(kony.names[0]).toEqual({ full: 'JOSEPH KONY', kind: 'primary', script: 'Latn', parts: { given: 'JOSEPH', family: 'KONY' } });
    expect(kony.names).toContainEqual(expect.objectContaining({ full: 'Joseph Rao KONY', kind: 'alias', parts: { given: 'Joseph', middle: 'Rao', family: 'KONY' } }));
    expect(kony.names).toContainEqual(expect.objectContaining({ full: 'LE MESSIE SANGLANT', kind: 'weak_alias', quality: 'Low quality' }));
    expect(kony.properties.birthDate).toEqual(expect.arrayContaining(['1959', '1964-09-18', '1961-08'])); // "00/00/1959", "00/08/1961"
    expect(kony.identifiers).toContainEqual({ type: 'un_ref', value: 'CFi.009', label: 'UN Ref' });
    expect(kony.addresses).toHaveLength(8);
    const listing = kony.listings[0];
    expect(listing.listedOn).toBe('2016-03-12');
    expect(listing.dates).toEqual({ designated: '2016-03-07', updated: '2021-02-01' });
    expect(listing.citation).toBe('UK Sanctions List Ref CAF0010');
    expect(listing.measures.map((m) => m.type)).toEqual(['asset_freeze', 'travel_ban']);
    expect(kony.remarks[0]).toMatch(/^\(UK Sanctions List Ref\):CAF0010\. \(UN Ref\):CFi\.009\. Kony is the founder/);
  });

  it('pairs passport numbers with their notes and issuing countries', () => {
    const e = byId('13312');
    expect(e.identifiers.filter((i) => i.type === 'passport')).toEqual([
      { type: 'passport', value: '223611', label: 'Passport', note: 'Libya number', country: 'ly' },
      { type: 'passport', value: 'C00146605', label: 'Passport', note: 'British passport number', country: 'gb' },
    ]);
    expect(e.identifiers).toContainEqual({ type: 'un_ref', value: 'QDi.371', label: 'UN Ref' });
  });

  it('lists a target designated under two regimes twice, with each regime’s dates', () => {
    const e = byId('13919');
    expect(e.caption).toBe('Viktor Aliaksandravich LUKASHENKO');
    expect(e.listings.map((l) => [l.programs[0], l.listedOn])).toEqual([
      ['Belarus', '2020-11-06'],
      ['Global Human Rights', '2020-09-29'],
    ]);
    expect(e.names).toContainEqual(expect.objectContaining({ full: 'ЛУКАШЕНКО, Виктор Александрович', kind: 'original_script', script: 'Cyrl' }));
    expect(e.properties.gender).toEqual(['male']);
  });

  it('reads a ship: IMO number, flag, particulars and the owner it is an asset of', () => {
    const ship = byId('13651');
    expect(ship.schema).toBe('Vessel');
    expect(ship.caption).toBe('SAM JONG 2');
    expect(ship.identifiers).toContainEqual({ type: 'imo', value: '7408873', label: 'IMO number' });
    expect(ship.properties).toMatchObject({ flag: ['kp'], vesselType: ['Oil tanker'], tonnage: ['1676'], buildDate: ['1975'], owner: ['Korea Samjong Shipping'] });
    expect(ship.links).toEqual([{ type: 'owned_by', target: 'uk_ofsi:13635', targetName: 'Korea Samjong Shipping', basis: 'OFSI: listed as asset of' }]);
    byId('13635');
    // The owner's UN reference in the ship's narrative is not the ship's.
    expect(ship.identifiers.some((i) => i.type === 'un_ref')).toBe(false);
    expect(ship.listings[0].measures.map((m) => m.type)).toEqual(['asset_freeze']);
  });

  it('reads a company: legal form, registration numbers, parent, non-Latin names with language', () => {
    const e = byId('16767');
    expect(e.schema).toBe('Company');
    expect(e.properties.legalForm).toEqual(['Joint-Stock Company']);
    expect(e.identifiers.filter((i) => i.type === 'registration' || i.type === 'tax_id').map((i) => [i.type, i.label, i.value])).toEqual([
      ['registration', 'OGRN', '1125261000040'],
      ['tax_id', 'INN', '5261079332'],
      ['tax_id', 'KPP', '526101001'],
    ]);
    expect(e.properties.phone).toEqual(['+7 (831) 211-40-00', '8 (831) 211-40-00', '8 (831) 211-41-20']);
    expect(e.links).toEqual([expect.objectContaining({ type: 'owned_by', targetName: 'Joint-Stock Company “Russian Electronics” Ruselectronics' })]);
    expect(e.names).toContainEqual(expect.objectContaining({ full: 'АКЦИОНЕРНОЕ ОБЩЕСТВО "НАУЧНО-ПРОИЗВОДСТВЕННОЕ ПРЕДПРИЯТИЕ "САЛЮТ"', kind: 'original_script', lang: 'ru' }));
  });

  it('gives every entity a primary name, a listing and well-formed dates and countries', () => {
    for (const e of entities) expectWellFormed(e);
  });

  it('makes a variation the primary name when no row is marked primary', () => {
    const e = byId('16601');
    expect(sheet.rows.filter((r) => r['Group ID'] === '16601').map((r) => r['Alias Type'])).not.toContain('Primary name');
    expect(e.names.filter((n) => n.kind === 'primary')).toHaveLength(1);
    expect(e.caption).toBe('33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE');
  });

  it('reads former names (FKA)', () => {
    expect(byId('13189').names).toContainEqual(expect.objectContaining({ full: 'NALU', kind: 'former' }));
  });

  it('reads the list’s numbered cells and historic countries', () => {
    expect(splitEnumerated('(1) +7 (831) 211-40-00 (2) 8 (831) 211-41-20')).toEqual(['+7 (831) 211-40-00', '8 (831) 211-41-20']);
    expect(splitEnumerated('(1-3) Libya (4) Morocco')).toEqual(['Libya', 'Morocco']);
    expect(ukCountry('Former USSR, now Ukraine')).toBe('ua');
    expect(ukCountry('Azerbaijan (former USSR)')).toBe('az');
    expect(ukCountry('Congo (Democratic Republic)')).toBe('cd');
    expect(ukCountry('Kazakh SSR')).toBeUndefined();
  });
});

describe('uk_ofsi: publications it must refuse', () => {
  const folderWith = (content: Buffer | string) => publicationFolder({ 'ConList.xlsx': content });
  const refusal = async (content: Buffer | string) => sourceRefusal(source, await folderWith(content));

  /** A small workbook written by exceljs with the real title and header rows and the given rows. */
  async function workbook(header: string[], rows: string[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(sheet.title);
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const realRows = (groupId: string) => sheet.rows.filter((r) => r['Group ID'] === groupId).map((r) => sheet.header.map((h) => r[h]));

  it('reads a workbook written by another tool (exceljs) the same way', async () => {
    const { entities: small, meta: smallMeta } = await parseAll(source, await folderWith(await workbook(sheet.header, realRows('13312'))));
    expect(smallMeta.records).toBe(realRows('13312').length);
    expect(small).toEqual([byId('13312')]);
  });

  it('an empty file', async () => {
    expect((await refusal('')).message).toMatch(/ConList\.xlsx: file is empty/);
  });

  it('garbage bytes', async () => {
    expect((await refusal(GARBAGE)).message).toMatch(/ConList\.xlsx, byte 0: not an \.xlsx workbook/);
  });

  it('a file cut in half', async () => {
    const real = await readFile(XLSX);
    expect((await refusal(real.subarray(0, real.length >> 1))).message).toMatch(/ConList\.xlsx, byte \d+: ZIP end-of-directory record not found: the workbook is truncated/);
  });

  it('a damaged byte inside the compressed sheet', async () => {
    const real = Buffer.from(await readFile(XLSX));
    real[real.indexOf('xl/worksheets/sheet1.xml') + 200_000] ^= 0xff;
    expect((await refusal(real)).message).toMatch(/ConList\.xlsx, byte \d+: workbook part xl\/worksheets\/sheet1\.xml is corrupt/);
  });

  it("a workbook that is not OFSI's list", async () => {
    const other = await workbook(['Name', 'Street_Address', 'City'], [['ACME', '1 Main St', 'Springfield']]);
    expect((await refusal(other)).message).toMatch(/ConList\.xlsx: no header row with "Name 6" and "Group ID": not the OFSI Consolidated List/);
  });

  it('a name row without a Group ID', async () => {
    const rows = realRows('13312');
    rows[1][sheet.header.indexOf('Group ID')] = '';
    expect((await refusal(await workbook(sheet.header, rows))).message).toMatch(/ConList\.xlsx, record row 4: name row without a Group ID/);
  });

  it('a Group Type the parser does not know', async () => {
    const rows = realRows('13312');
    rows[0][sheet.header.indexOf('Group Type')] = 'Aircraft';
    expect((await refusal(await workbook(sheet.header, rows))).message).toMatch(/ConList\.xlsx, record row 3: unknown Group Type "Aircraft"/);
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
