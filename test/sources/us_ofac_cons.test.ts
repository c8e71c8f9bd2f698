import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '../../src/model/entity.js';
import { securityVerdict } from '../../src/measures/interpret.js';
import { splitPrograms } from '../../src/sources/ofac/csv.js';
import { parseAll } from '../../src/sources/run.js';
import type { ParseMeta } from '../../src/sources/types.js';
import { source } from '../../src/sources/us_ofac_cons.js';
import { canonical, diffEntities } from '../../src/store/diff.js';
import { GARBAGE, LISTS_DIR, publicationFolder, sourceRefusal, VERSIONS_DIR } from '../helpers.js';

const CSV_DIR = join(LISTS_DIR, 'us_ofac_cons');
const XML_DIR = join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28');
const XML = join(XML_DIR, 'consolidated.xml');

const refusal = (dir: string) => sourceRefusal(source, dir);

/** Program codes per uid as each file states them, read without the parser. */
async function rawPrograms(): Promise<{ csv: Map<string, string[]>; xml: Map<string, string[]> }> {
  const csvText = await readFile(join(CSV_DIR, 'cons_prim.csv'), 'utf8');
  const csv = new Map([...csvText.matchAll(/^(\d+),"[^"]*",(?:"[^"]*"|-0- ),"([^"]*)"/gm)].map((m) => [m[1], splitPrograms(m[2]).sort()]));
  const xmlText = await readFile(XML, 'utf8');
  const xml = new Map(
    [...xmlText.matchAll(/<sdnEntry>\s*<uid>(\d+)<\/uid>[\s\S]*?<\/sdnEntry>/g)].map((m) => [
      m[1],
      [...m[0].matchAll(/<program>([^<]+)<\/program>/g)].map((p) => p[1]).sort(),
    ]),
  );
  return { csv, xml };
}

describe('us_ofac_cons: the consolidated (non-SDN) list from the legacy CSV set', () => {
  let entities: Entity[];
  let meta: ParseMeta;
  let byId: Map<string, Entity>;

  beforeAll(async () => {
    ({ entities, meta } = await parseAll(source, CSV_DIR));
    byId = new Map(entities.map((e) => [e.id, e]));
  });

  it('loses no record', async () => {
    const text = await readFile(join(CSV_DIR, 'cons_prim.csv'), 'utf8');
    const rows = text.split('\r\n').filter((l) => /^\d+,/.test(l));
    expect(rows).toHaveLength(442);
    expect(entities).toHaveLength(442);
    expect(meta.records).toBe(442);
    expect(meta.publishedAt).toBeUndefined();
  });

  it('SENSETIME GROUP LIMITED (33114): NS-CMIC listing with its dates and investment ban', () => {
    const e = byId.get('us_ofac_cons:33114')!;
    expect(e).toMatchObject({ schema: 'Company', caption: 'SENSETIME GROUP LIMITED' });
    expect(e.listings).toHaveLength(1);
    const l = e.listings[0];
    expect(l).toMatchObject({
      list: 'NS-CMIC',
      programs: ['CMIC-EO13959'],
      legalBasis: ['E.O. 13959, as amended by E.O. 14032'],
      listedOn: '2021-12-10',
      dates: { effective: '2022-02-08', divestmentUntil: '2022-12-10' },
    });
    expect(l.measures).toContainEqual(expect.objectContaining({ type: 'investment_ban', from: '2022-02-08' }));
    expect(l.measures).toContainEqual(expect.objectContaining({ until: '2022-12-10', description: expect.stringMatching(/divest/) }));
    expect(e.identifiers).toContainEqual({ type: 'registration', value: '2162198', label: 'C.R. No.', country: 'hk' });
    // What the measures mean on a given day, through the screening layer's reading of them.
    expect(securityVerdict(e, '2022-01-15')).toMatchObject({ purchaseProhibited: false, divestmentAllowed: true });
    expect(securityVerdict(e, '2022-06-01')).toMatchObject({ purchaseProhibited: true, divestmentAllowed: true });
    expect(securityVerdict(e, '2023-01-01')).toMatchObject({ purchaseProhibited: true, divestmentAllowed: false });
  });

  it('HIKVISION (30946): the company carries its ISIN, ticker and issuer name', () => {
    const e = byId.get('us_ofac_cons:30946')!;
    expect(e.schema).toBe('Company');
    expect(e.identifiers).toContainEqual({ type: 'isin', value: 'CNE100000PM8', label: 'ISIN' });
    expect(e.properties).toMatchObject({ ticker: ['002415 CN'], issuerName: ['Hangzhou Hikvision Digital Technology'], targetType: ['Public Company'] });
    expect(entities.filter((x) => x.schema === 'Security')).toEqual([]);
  });

  it('puts each entry on the non-SDN list its programs name', () => {
    const lists = new Map<string, number>();
    for (const e of entities) for (const l of e.listings) lists.set(l.list, (lists.get(l.list) ?? 0) + 1);
    // From cons_prim.csv's Program column: 286 rows name UKRAINE-EO13662; 93 RUSSIA-EO14024 plus one
    // each CAATSA - RUSSIA, BURMA-EO14014 and ILLICIT-DRUGS-EO14059 (menu-based); 78 NS-PLC;
    // 68 CMIC-EO13959; one 561-Related.
    expect(Object.fromEntries(lists)).toEqual({ SSI: 286, 'NS-MBS': 96, 'NS-PLC': 78, 'NS-CMIC': 68, CAPTA: 1 });
    expect(entities.every((e) => e.listings.length > 0)).toBe(true);
  });

  it('GAZPROMBANK (17016): on SSI and NS-MBS, each with the directive it states', () => {
    const e = byId.get('us_ofac_cons:17016')!;
    const [ssi, mbs] = e.listings;
    expect(ssi).toMatchObject({ list: 'SSI', programs: ['UKRAINE-EO13662'], legalBasis: ['E.O. 13662'] });
    expect(ssi.measures).toEqual([expect.objectContaining({ type: 'debt_equity_restriction', details: 'Subject to Directive 1' })]);
    expect(mbs).toMatchObject({ list: 'NS-MBS', programs: ['RUSSIA-EO14024'], dates: { 'listed (EO 14024 Directive 3)': '2022-02-24', 'effective (EO 14024 Directive 3)': '2022-03-26' } });
    expect(mbs.measures[0].description).toMatch(/^Subject to E\.O\. 14024 Directive 3: All transactions in/);
    expect(e.properties.targetType).toEqual(['Financial Institution', 'State-Owned Enterprise']);
    expect(e.names.filter((n) => n.kind === 'former').map((n) => n.full)).toContain('GAZPROMBANK OPEN JOINT STOCK COMPANY');
  });

  it('puts a program it does not know on the OTHER list and says where it met it', async () => {
    const prim = await readFile(join(CSV_DIR, 'cons_prim.csv'), 'utf8');
    const renamed = prim.replace('9639,"HANIYA, Ismail Abdul Salah","individual","NS-PLC"', '9639,"HANIYA, Ismail Abdul Salah","individual","NS-NEWLIST"');
    expect(renamed).not.toBe(prim);
    const copies = Object.fromEntries(['cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((f) => [f, { copy: join(CSV_DIR, f) }]));
    const { entities: parsed, meta: m } = await parseAll(source, await publicationFolder({ 'cons_prim.csv': renamed, ...copies }));
    const haniya = parsed.find((e) => e.id === 'us_ofac_cons:9639')!;
    expect(haniya.listings).toEqual([expect.objectContaining({ list: 'OTHER', programs: ['NS-NEWLIST'], legalBasis: [] })]);
    expect(m.warnings).toContain('program code NS-NEWLIST (first seen cons_prim.csv line 1, record 9639) is not in src/measures/ofac_programs.ts: its legal basis is missing');
  });

  it('reads upper-case file names as OFAC serves them', async () => {
    const dir = await publicationFolder(Object.fromEntries(['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((f) => [f.toUpperCase(), { copy: join(CSV_DIR, f) }])));
    const { entities: upper } = await parseAll(source, dir);
    expect(upper.map(canonical)).toEqual(entities.map(canonical));
  });
});

describe('us_ofac_cons: the legacy XML (2025-03-28)', () => {
  let entities: Entity[];
  let meta: ParseMeta;

  beforeAll(async () => {
    ({ entities, meta } = await parseAll(source, XML_DIR));
  });

  it('reads every <sdnEntry>, checks the Record_Count and takes the Publish_Date', async () => {
    const xml = await readFile(XML, 'utf8');
    const count = xml.match(/<sdnEntry>/g)!.length;
    expect(count).toBe(443);
    expect(xml).toContain(`<Record_Count>${count}</Record_Count>`);
    expect(entities).toHaveLength(count);
    expect(meta.records).toBe(count);
    expect(meta.publishedAt).toBe('2025-03-28');
  });

  it('refuses a file whose Record_Count does not match its entries', async () => {
    const xml = await readFile(XML, 'utf8');
    const oneLess = xml.replace(/<sdnEntry>[\s\S]*?<\/sdnEntry>\s*/, '');
    const err = await refusal(await publicationFolder({ 'consolidated.xml': oneLess }));
    expect(err.message).toMatch(/^consolidated\.xml, line 3: <Record_Count> says 443 entries but the file holds 442$/);
  });

  it('refuses the file cut in half', async () => {
    const buf = await readFile(XML);
    const err = await refusal(await publicationFolder({ 'consolidated.xml': buf.subarray(0, Math.floor(buf.length / 2)) }));
    expect(err.message).toMatch(/^consolidated\.xml, line \d+: malformed XML/);
  });

  it("refuses another publisher's consolidated.xml (the UN list)", async () => {
    const err = await refusal(await publicationFolder({ 'consolidated.xml': { copy: join(LISTS_DIR, 'un_sc', 'consolidated.xml') } }));
    expect(err.message).toMatch(/^consolidated\.xml, line \d+: not an OFAC legacy XML file: the root element is <CONSOLIDATED_LIST>/);
  });

  it('refuses an empty file and garbage', async () => {
    expect((await refusal(await publicationFolder({ 'consolidated.xml': '' }))).message).toBe('consolidated.xml: file is empty');
    expect((await refusal(await publicationFolder({ 'consolidated.xml': GARBAGE }))).message).toMatch(/^consolidated\.xml, byte \d+: not valid UTF-8/);
  });
});

describe('us_ofac_cons: the same entries from XML and from CSV come out equal', () => {
  it('entries present in both are identical unless their programs changed between the two publications', async () => {
    const [{ entities: fromXml }, { entities: fromCsv }, raw] = await Promise.all([parseAll(source, XML_DIR), parseAll(source, CSV_DIR), rawPrograms()]);
    const csvById = new Map(fromCsv.map((e) => [e.id, e]));
    const common = fromXml.filter((e) => csvById.has(e.id));
    const differing = common.filter((e) => canonical(e) !== canonical(csvById.get(e.id)!));
    for (const e of differing) {
      const fields = diffEntities(e, csvById.get(e.id)!).map((f) => `${f.field}${f.added ? ` +${f.added.join(' | ')}` : ''}${f.removed ? ` -${f.removed.join(' | ')}` : ''}${f.from !== undefined ? ` ${f.from} -> ${f.to}` : ''}`);
      console.log(`${e.id} changed between 2025-03-28 (XML) and the CSV:\n  ${fields.join('\n  ')}`);
    }
    console.log(`us_ofac_cons: ${common.length} entries in both, ${common.length - differing.length} identical, ${differing.length} changed`);
    expect(common.length).toBe(442);
    expect(differing.length / common.length).toBeLessThan(0.05);
    // Each differing entry is a real change: OFAC moved its programs (RUSSIA-EO14024 added to
    // former SSI entries, SYRIA dropped), as the two files show before any parsing.
    const uid = (id: string) => id.split(':')[1];
    const programsChanged = (id: string) => raw.csv.get(uid(id))!.join() !== raw.xml.get(uid(id))!.join();
    expect(differing.filter((e) => !programsChanged(e.id)).map((e) => e.id)).toEqual([]);
    expect(differing.every((e) => diffEntities(e, csvById.get(e.id)!).some((f) => f.field === 'programs'))).toBe(true);
  });
});
