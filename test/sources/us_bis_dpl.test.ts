import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { source, splitWrittenName } from '../../src/sources/us_bis_dpl.js';
import { parseAll } from '../../src/sources/run.js';
import type { Entity } from '../../src/model/entity.js';
import { isPartialDate } from '../../src/model/dates.js';
import { PROPERTIES } from '../../src/model/schema.js';
import { GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal } from '../helpers.js';

const DIR = join(LISTS_DIR, 'us_bis_dpl');
const parsed = parseAll(source, DIR);
const rawText = readFile(join(DIR, 'dpl.txt'), 'utf8');

/** The file read independently of the parser: every row as a column -> value record. */
async function publisherRows(): Promise<Record<string, string>[]> {
  return parseCsv(await rawText, { delimiter: '\t', columns: true }) as Record<string, string>[];
}

const byCaption = async (caption: string): Promise<Entity> => {
  const { entities } = await parsed;
  const found = entities.filter((e) => e.caption === caption);
  expect(found, caption).toHaveLength(1);
  return found[0];
};

describe('us_bis_dpl: the BIS Denied Persons List', () => {
  it('reads every row and makes one entity per denied party (name + effective date)', async () => {
    const rows = await publisherRows();
    const { entities, meta } = await parsed;
    expect(rows).toHaveLength(665);
    expect(meta.records).toBe(665);
    const parties = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.Name.replace(/\s+/g, ' ').trim().toUpperCase()}|${r.Effective_Date}`;
      parties.set(key, (parties.get(key) ?? 0) + 1);
    }
    expect(parties.size).toBe(547);
    expect(entities).toHaveLength(parties.size);
    // 87 parties are spread over several rows (one per address) and were merged.
    expect([...parties.values()].filter((n) => n > 1)).toHaveLength(87);
    const distinctAddresses = new Set(rows.map((r) => [r.Name.replace(/\s+/g, ' ').trim().toUpperCase(), r.Effective_Date, r.Street_Address.trim(), r.City.trim(), r.State.trim(), r.Postal_Code.trim(), r.Country.trim()].join('|')));
    expect(entities.reduce((n, e) => n + e.addresses.length, 0)).toBe(distinctAddresses.size);
  });

  it('derives ids that are stable across re-reads and unique', async () => {
    const again = await parseAll(source, DIR);
    const { entities } = await parsed;
    expect(again.entities.map((e) => e.id)).toEqual(entities.map((e) => e.id));
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    for (const e of entities) expect(e.id).toMatch(/^us_bis_dpl:[0-9a-f]{16}$/);
  });

  it('gives every entity a primary name, a listing and well-formed dates and countries', async () => {
    for (const e of (await parsed).entities) expectWellFormed(e);
  });

  it('merges a party listed at several addresses', async () => {
    const e = await byCaption('AIR FREIGHT LTD');
    expect(e.schema).toBe('Company');
    expect(e.addresses.map((a) => a.country)).toEqual(['iq', 'iq', 'ae', 'jo']);
    expect(e.listings).toHaveLength(1);
    expect(e.listings[0].listedOn).toBe('2023-10-31');
    expect(e.listings[0].dates).toEqual({ expires: '2024-10-30', updated: '2023-11-02' });
  });

  it('reads US month-first dates and keeps the Federal Register citation', async () => {
    const e = await byCaption('AARON ABRAHAM VILLA');
    expect(e.schema).toBe('Person');
    const l = e.listings[0];
    expect(l.list).toBe('Denied Persons List');
    expect(l.authority).toMatch(/Bureau of Industry and Security/);
    expect(l.listedOn).toBe('2022-08-24'); // 08/24/2022: day 24, month 08
    expect(l.dates).toEqual({ expires: '2026-01-14', updated: '2022-08-29' });
    expect(l.citation).toBe('87 F.R. 52741 8/29/2022');
    expect(l.measures).toEqual([expect.objectContaining({ type: 'export_privileges_denied', details: expect.stringMatching(/^Standard denial order/) })]);
    // A Texas address with the Country column empty is in the US.
    expect(e.addresses).toEqual([expect.objectContaining({ city: 'EL PASO', region: 'TX', postalCode: '79905', country: 'us' })]);
  });

  it('keeps the latest expiry and warns when a party’s rows disagree', async () => {
    const e = await byCaption('JESUS ADRIAN RAMIREZ');
    expect(e.listings[0].dates?.expires).toBe('2030-12-16');
    expect(e.remarks.join(' ')).toMatch(/12\/16\/2023, 12\/16\/2030/);
    const { meta } = await parsed;
    expect(meta.warnings.some((w) => w.includes('JESUS ADRIAN RAMIREZ'))).toBe(true);
  });

  it('tells persons, companies and organisations apart by the name', async () => {
    const { entities } = await parsed;
    const count = (s: string) => entities.filter((e) => e.schema === s).length;
    expect({ Person: count('Person'), Company: count('Company'), Organization: count('Organization') }).toEqual({ Person: 439, Company: 70, Organization: 38 });
    expect((await byCaption('ARROWTRONIC, LLC')).schema).toBe('Company');
    expect((await byCaption('YARRA ANSTALT A.G.')).schema).toBe('Company');
    expect((await byCaption('AZUR AIR')).schema).toBe('Organization');
    expect((await byCaption('AVIASTAR - TU')).schema).toBe('Organization');
    expect((await byCaption('SYNAPTIX.NET')).schema).toBe('Organization');
    expect((await byCaption('JIN, ZHONGDA')).schema).toBe('Person');
    expect((await byCaption('KIM SONG II')).schema).toBe('Person');
  });

  it('splits aliases written into the name', async () => {
    const fuyi = await byCaption('FUYI SUN');
    expect(fuyi.names.map((n) => [n.kind, n.full])).toEqual([['primary', 'FUYI SUN'], ['alias', 'FRANK SUN']]);
    expect(fuyi.remarks).toContain('Name as published: FUYI SUN A/K/A FRANK SUN');
    const pearl = await byCaption('PEARL LI');
    expect(pearl.names.map((n) => n.full)).toEqual(['PEARL LI', 'NEI-CHIEN CHU']);
    expect(splitWrittenName('SIBERIAN AIRLINES D/B/A S7 AIRLINES')).toEqual({ primary: 'SIBERIAN AIRLINES', aliases: ['S7 AIRLINES'] });
    expect(splitWrittenName('SHAOHUA "ERIC" WANG')).toEqual({ primary: 'SHAOHUA "ERIC" WANG', aliases: ['SHAOHUA WANG'] });
  });

  it('maps the non-ISO country "PRC" to China', async () => {
    const e = await byCaption('JOHNSON HU');
    expect(e.addresses[0].country).toBe('cn');
  });
});

describe('us_bis_dpl: publications it must refuse', () => {
  const folderWith = (content: string | Buffer) => publicationFolder({ 'dpl.txt': content });
  const refusal = async (content: string | Buffer) => sourceRefusal(source, await folderWith(content));

  it('an empty file', async () => {
    expect((await refusal('')).message).toMatch(/dpl\.txt: file is empty/);
  });

  it('garbage bytes', async () => {
    expect((await refusal(GARBAGE)).message).toMatch(/dpl\.txt, byte \d+: not valid UTF-8/);
  });

  it('a file cut in the middle of a row', async () => {
    const text = await rawText;
    const cut = text.slice(0, text.indexOf('\n', 50_000) + 40);
    expect((await refusal(cut)).message).toMatch(/dpl\.txt, line \d+: malformed tab-separated data/);
  });

  it('a row with a column missing', async () => {
    const lines = (await rawText).split('\n');
    lines[10] = lines[10].split('\t').slice(0, 11).join('\t');
    expect((await refusal(lines.join('\n'))).message).toMatch(/dpl\.txt, line 11: malformed tab-separated data/);
  });

  it('a row without a name', async () => {
    const lines = (await rawText).split('\n');
    lines[5] = ['""', ...lines[5].split('\t').slice(1)].join('\t');
    expect((await refusal(lines.join('\n'))).message).toMatch(/dpl\.txt, line 6: row has no name/);
  });

  it("another publisher's file under the DPL's name", async () => {
    const csl = await readFile(join(LISTS_DIR, 'us_csl', 'consolidated.csv'));
    expect((await refusal(csl)).message).toMatch(/dpl\.txt, line 1: not the BIS Denied Persons List: the header lacks Name/);
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
