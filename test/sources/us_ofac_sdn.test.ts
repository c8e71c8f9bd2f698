import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '../../src/model/entity.js';
import { parseAll } from '../../src/sources/run.js';
import type { ParseMeta } from '../../src/sources/types.js';
import { source } from '../../src/sources/us_ofac_sdn.js';
import { FIXTURES_DIR, GARBAGE, LISTS_DIR, publicationFolder, realFiles, sourceRefusal, VERSIONS_DIR } from '../helpers.js';

const SDN = join(LISTS_DIR, 'us_ofac_sdn');
const FILES = ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'];

/** A publication folder: the real files from `from`, with some replaced by other content. */
const folder = (from: string, replace: Record<string, string | Buffer> = {}, names = FILES) => publicationFolder(realFiles(from, names, replace));
const refusal = (dir: string) => sourceRefusal(source, dir);

/** ent_nums of sdn.csv rows, counted without the parser: every row starts "<ent_num>," after a CRLF. */
async function entNums(dir: string, file = 'sdn.csv'): Promise<string[]> {
  const text = await readFile(join(dir, file), 'latin1');
  return [...text.matchAll(/(?:^|\r\n)(\d+),/g)].map((m) => m[1]);
}

describe('us_ofac_sdn: the SDN list from the legacy CSV set', () => {
  let entities: Entity[];
  let meta: ParseMeta;
  let byId: Map<string, Entity>;
  let ms: number;
  let cpuMs: number;

  beforeAll(async () => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    ({ entities, meta } = await parseAll(source, SDN));
    const cpu = process.cpuUsage(cpu0);
    cpuMs = (cpu.user + cpu.system) / 1000;
    ms = performance.now() - t0;
    byId = new Map(entities.map((e) => [e.id, e]));
  });

  it('loses no record: one entity per sdn.csv row', async () => {
    const rows = await entNums(SDN);
    expect(rows).toHaveLength(13_821);
    expect(entities).toHaveLength(rows.length);
    expect(meta.records).toBe(rows.length);
    expect(entities.map((e) => e.id).sort()).toEqual(rows.map((n) => `us_ofac_sdn:${n}`).sort());
    expect(meta.publishedAt).toBeUndefined(); // the CSV set states no date
  });

  it('parses the whole list well under 2 s', () => {
    console.log(`us_ofac_sdn: ${entities.length} entities in ${ms.toFixed(0)} ms (${cpuMs.toFixed(0)} ms CPU, GC threads included)`);
    // CPU time of this test process: wall time also counts whatever else the machine is running.
    expect(cpuMs).toBeLessThan(2000);
  });

  it('TUNIYAZ, Erken (34119): a person with an alias, birth facts, nationality and a resolved link', () => {
    const e = byId.get('us_ofac_sdn:34119')!;
    expect(e).toMatchObject({ schema: 'Person', caption: 'TUNIYAZ, Erken' });
    expect(e.names[0]).toMatchObject({ full: 'TUNIYAZ, Erken', kind: 'primary', parts: { family: 'TUNIYAZ', given: 'Erken' } });
    expect(e.names).toContainEqual(expect.objectContaining({ full: 'TUNIYAZ, Erkin', kind: 'alias' }));
    expect(e.properties).toMatchObject({ birthDate: ['1961-12'], birthPlace: ['Aksu, Xinjiang, China'], nationality: ['cn'], gender: ['male'] });
    expect(e.listings).toHaveLength(1);
    expect(e.listings[0]).toMatchObject({ source: 'us_ofac_sdn', list: 'SDN', programs: ['GLOMAG'] });
    expect(e.listings[0].legalBasis).toContain('E.O. 13818');
    expect(e.listings[0].measures.map((m) => m.type)).toEqual(['asset_freeze', 'prohibited_dealings']);
    expect(e.links).toEqual([{ type: 'linked_to', target: 'us_ofac_sdn:29159', targetName: 'XINJIANG PUBLIC SECURITY BUREAU' }]);
    expect(byId.get('us_ofac_sdn:29159')!.caption).toBe('XINJIANG PUBLIC SECURITY BUREAU');
    expect(e.remarks).toEqual([]);
  });

  it('keeps strong aliases from alt.csv and weak ones from the remarks apart (306)', () => {
    const e = byId.get('us_ofac_sdn:306')!;
    expect(e.names).toContainEqual(expect.objectContaining({ full: 'NATIONAL BANK OF CUBA', kind: 'alias', quality: 'strong a.k.a.' }));
    expect(e.names).toContainEqual(expect.objectContaining({ full: 'BNC', kind: 'weak_alias', quality: 'weak a.k.a.' }));
  });

  it('reads a vessel (4243 EBANO): columns and remark facts', () => {
    const e = byId.get('us_ofac_sdn:4243')!;
    expect(e.schema).toBe('Vessel');
    expect(e.properties).toMatchObject({ vesselType: ['General Cargo'], grossTonnage: ['2595'], tonnage: ['1865'], flag: ['pa'] });
    expect(e.identifiers).toContainEqual({ type: 'imo', value: '7406784', label: 'Vessel Registration Identification' });
    expect(e.names.filter((n) => n.kind === 'weak_alias').map((n) => n.full)).toEqual(['ANA I', 'SAND SWAN']);
  });

  it('reads an aircraft (15431 EP-GOM)', () => {
    const e = byId.get('us_ofac_sdn:15431')!;
    expect(e.schema).toBe('Aircraft');
    expect(e.properties).toMatchObject({ aircraftModel: ['IL76-TD'], manufactureDate: ['1992'], operator: ['YAS AIR'] });
    expect(e.identifiers).toContainEqual({ type: 'aircraft_serial', value: '1023409321', label: "Aircraft Manufacturer's Serial Number (MSN)" });
    expect(e.links[0]).toMatchObject({ type: 'linked_to', targetName: 'POUYA AIR', target: expect.stringMatching(/^us_ofac_sdn:\d+$/) });
  });

  it('joins remarks that sdn_comments.csv continues (17018: cut inside a directive date)', () => {
    const e = byId.get('us_ofac_sdn:17018')!;
    expect(e.listings[0].dates).toMatchObject({ 'listed (EO 14024 Directive 3)': '2022-02-24', 'effective (EO 14024 Directive 3)': '2022-03-26' });
    expect(e.identifiers).toContainEqual({ type: 'tax_id', value: '7707083893', label: 'Tax ID No.', country: 'ru' });
  });

  it('warns that the continuation of ent 45430 is missing from this copy', () => {
    expect(meta.warnings.filter((w) => w.includes('45430'))).toHaveLength(1);
    expect(meta.warnings.find((w) => w.includes('45430'))).toMatch(/sdn\.csv ent_num 45430: remarks stop at 1000 characters/);
  });

  it('warns about "Linked To:" names it cannot resolve, keeping the name', () => {
    // GAZPROMBANK JOINT STOCK COMPANY is on the consolidated (non-SDN) list, not on this one.
    expect(meta.warnings).toContainEqual(expect.stringMatching(/^"Linked To: GAZPROMBANK JOINT STOCK COMPANY" .* left unresolved/));
    const linked = entities.flatMap((e) => e.links);
    expect(linked.length).toBeGreaterThan(5_900);
    expect(linked.filter((l) => !l.target).length).toBeLessThan(20);
  });

  it('types every entry: people, organisations, companies, vessels, aircraft', () => {
    const count = (s: string) => entities.filter((e) => e.schema === s).length;
    expect(count('Person')).toBe(6_646);
    expect(count('Vessel')).toBe(764);
    expect(count('Aircraft')).toBe(378);
    expect(count('Company') + count('Organization')).toBe(6_033);
    expect(count('Company')).toBeGreaterThan(count('Organization'));
    expect(byId.get('us_ofac_sdn:173')!.schema).toBe('Company'); // ANGLO-CARIBBEAN CO., LTD.
    expect(byId.get('us_ofac_sdn:29159')!.schema).toBe('Organization'); // XINJIANG PUBLIC SECURITY BUREAU
  });

  it('every entity has a listing with its programs and their legal basis', () => {
    for (const e of entities) {
      expect(e.listings.length).toBeGreaterThan(0);
      expect(e.listings[0].programs.length).toBeGreaterThan(0);
      expect(e.listings[0].legalBasis.length).toBeGreaterThan(0);
    }
    expect(meta.warnings.filter((w) => w.includes('program code'))).toEqual([]);
  });
});

describe('us_ofac_sdn: publications it must refuse', () => {
  it('sdn.csv alone (the 2024-05-03 folder) is incomplete', async () => {
    const err = await refusal(join(VERSIONS_DIR, 'us_ofac_sdn-2024-05-03'));
    expect(err.message).toMatch(/incomplete OFAC legacy CSV .*add\.csv, alt\.csv, sdn_comments\.csv missing/);
  });

  it('sdn.csv cut in half', async () => {
    const buf = await readFile(join(SDN, 'sdn.csv'));
    const err = await refusal(await folder(SDN, { 'sdn.csv': buf.subarray(0, Math.floor(buf.length / 2)) }));
    expect(err.message).toMatch(/^sdn\.csv, line \d+: /);
  });

  it('sdn.csv cut at a row boundary: add.csv then names an entry that is not there', async () => {
    const text = await readFile(join(SDN, 'sdn.csv'), 'utf8');
    const half = text.slice(0, text.indexOf('\r\n', text.length / 2) + 2);
    const err = await refusal(await folder(SDN, { 'sdn.csv': half }));
    expect(err.message).toMatch(/^(sdn_comments|add|alt)\.csv, line \d+: row for ent_num \d+, which sdn\.csv does not hold/);
  });

  it('a row with a column missing', async () => {
    const lines = (await readFile(join(SDN, 'sdn.csv'), 'utf8')).split('\r\n');
    const i = lines.findIndex((line, n) => n > 100 && line.endsWith(',-0- '));
    lines[i] = lines[i].replace(/,-0- $/, '');
    const err = await refusal(await folder(SDN, { 'sdn.csv': lines.join('\r\n') }));
    expect(err.message).toBe(`sdn.csv, line ${i + 1}: 11 columns where 12 are expected`);
  });

  it('an empty file', async () => {
    expect((await refusal(await folder(SDN, { 'alt.csv': '' }))).message).toBe('alt.csv: file is empty');
  });

  it('garbage bytes', async () => {
    expect((await refusal(await folder(SDN, { 'sdn.csv': GARBAGE }))).message).toMatch(/^sdn\.csv, byte \d+: not valid UTF-8/);
  });

  it("another publisher's file: the UN consolidated.xml in an SDN folder", async () => {
    const dir = await folder(join(LISTS_DIR, 'un_sc'), {}, ['consolidated.xml']);
    const err = await refusal(dir);
    expect(err.message).toMatch(/no OFAC Specially Designated Nationals .* publication found: expected sdn\.csv \+ add\.csv/);
  });
});

describe('us_ofac_sdn: the ofac_tiny fixture (17 real entries)', () => {
  const TINY = join(FIXTURES_DIR, 'ofac_tiny');

  it('as shipped, its add.csv and alt.csv hold rows of entries it left out, which is refused', async () => {
    // The extract kept rows whose add_num / alt_num equal a kept ent_num (e.g. "12562,19709,...").
    const err = await refusal(TINY);
    expect(err.message).toBe('add.csv, line 12: row for ent_num 12562, which sdn.csv does not hold');
  });

  it('without those rows it parses into its 17 entries', async () => {
    const kept = new Set(await entNums(TINY));
    const ownRows = async (name: string) =>
      (await readFile(join(TINY, name), 'utf8'))
        .split('\r\n')
        .filter((line) => line === '' || kept.has(line.split(',')[0]))
        .join('\r\n');
    const dir = await folder(TINY, { 'add.csv': await ownRows('add.csv'), 'alt.csv': await ownRows('alt.csv') });
    const { entities, meta } = await parseAll(source, dir);
    expect(entities).toHaveLength(17);
    expect(meta.records).toBe(17);
    const schemas = entities.map((e) => e.schema);
    expect(schemas.filter((s) => s === 'Person')).toHaveLength(4);
    expect(schemas.filter((s) => s === 'Vessel')).toHaveLength(4);
    expect(schemas.filter((s) => s === 'Aircraft')).toHaveLength(2);
    const suex = entities.find((e) => e.id === 'us_ofac_sdn:33151')!;
    expect(suex.identifiers.filter((i) => i.type === 'crypto_wallet').length).toBeGreaterThan(10);
    expect(suex.schema).toBe('Company'); // SUEX OTC, S.R.O.
  });
});
