import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearance, loadedHomeCopy } from '../helpers.js';

let home: string;
let work: string;
const run = (args: string[]) => clearance(['--home', home, ...args]);

beforeAll(async () => {
  home = await loadedHomeCopy();
  work = await mkdtemp(join(tmpdir(), 'clearance-screen-'));
});

describe('clearance screen NAME', () => {
  it('finds Erken Tuniyaz with the GLOMAG blocking measure and the linked Xinjiang Public Security Bureau', async () => {
    const r = await run(['screen', 'Erken Tuniyaz', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const hit = out.hits.find((h: { entity_id: string }) => h.entity_id === 'us_ofac_sdn:34119');
    expect(hit).toBeDefined();
    expect(hit.sources[0]).toMatchObject({ source: 'us_ofac_sdn', source_id: '34119', list: 'SDN', programs: ['GLOMAG'] });
    expect(hit.measures).toContainEqual(expect.objectContaining({ type: 'asset_freeze', binding: true, status: 'in_force' }));
    expect(hit.explanation.summary).toBeTruthy();
    const linked = out.hits.find((h: { entity_id: string }) => h.entity_id === 'us_ofac_sdn:29159');
    expect(linked).toMatchObject({ caption: 'XINJIANG PUBLIC SECURITY BUREAU', via: { entity_id: 'us_ofac_sdn:34119', relation: 'linked_to' } });
    expect(out.versions.map((v: { source: string }) => v.source)).toContain('us_ofac_sdn');
  });

  it('prints a readable table and exits 1 on a match', async () => {
    const r = await run(['screen', 'TUNIYAZ, Erken']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TUNIYAZ, Erken/);
    expect(r.stdout).toMatch(/GLOMAG/);
    expect(r.stdout).toMatch(/blocked/i);
  });

  it('exits 0 when nothing matches and 2 on an error', async () => {
    expect((await run(['screen', 'Wilhelmina Quackenbush-Oyelaran'])).code).toBe(0);
    const bad = await run(['screen', 'Someone', '--birth-date', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/birth_date/);
    // A mistyped option is an error too, never "something matched" (commander's own exit code is 1).
    const typo = await run(['screen', 'Erken Tuniyaz', '--treshold', '0.9']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown option '--treshold'/);
  });
});

describe('clearance screen --isin (NS-CMIC)', () => {
  // Hikvision: listed 2021-06-03, purchase prohibited from 2021-08-02, divestment sales until 2022-06-03.
  const isin = 'CNE100000PM8';
  const verdict = async (on: string) => {
    const r = await run(['screen', '--isin', isin, '--on', on, '--json']);
    expect(r.code).toBe(1);
    return JSON.parse(r.stdout).results[0].verdicts[0];
  };

  it('before the effective date: purchase still permitted', async () => {
    expect(await verdict('2021-07-01')).toMatchObject({ entityId: 'us_ofac_cons:30946', purchaseProhibited: false, divestmentAllowed: true });
  });

  it('after the effective date: purchase prohibited, divestment allowed until the divestment date', async () => {
    const v = await verdict('2022-01-15');
    expect(v).toMatchObject({ purchaseProhibited: true, divestmentAllowed: true, purchaseProhibitedFrom: '2021-08-02', divestUntil: '2022-06-03' });
    expect(v.summary).toMatch(/purchase prohibited since 2021-08-02; sales to divest allowed until 2022-06-03/);
  });

  it('after the divestment date: purchase prohibited and the divestment window closed', async () => {
    expect(await verdict('2023-01-01')).toMatchObject({ purchaseProhibited: true, divestmentAllowed: false });
  });

  it('a clean ISIN is not listed', async () => {
    const r = await run(['screen', '--isin', 'US0378331005', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].listed).toBe(false);
  });
});

describe('clearance screen --input (batch)', () => {
  it('screens every good row and reports every bad one: missing name, broken quoting, a 1 MB name, invalid UTF-8', async () => {
    const file = join(work, 'batch.csv');
    const rows = [
      Buffer.from('customer_id,full_name,dob,nationality\r\n'),
      Buffer.from('c1,Erken Tuniyaz,1961,China\r\n'),
      Buffer.from('c2,,1970,France\r\n'),
      Buffer.from('c3,Jane Plainname,1980-01-01,United Kingdom\r\n'),
      Buffer.from(`c4,${'A'.repeat(1024 * 1024)},,\r\n`),
      Buffer.from('c5,Ri Yong Gil,,\r\n'),
      Buffer.concat([Buffer.from('c6,Mar'), Buffer.from([0xc3, 0x28]), Buffer.from('ia,,\r\n')]),
      Buffer.from('c7,"SENSETIME GROUP LIMITED,,\r\n'),
      Buffer.from('c8,"Bad "quote" here,,\r\n'),
      Buffer.from('c9,Erken Tuniyaz,,\r\n'),
    ];
    await writeFile(file, Buffer.concat(rows));
    const out = join(work, 'out.jsonl');
    const r = await run(['screen', '--input', file, '--output', out]);
    expect(r.stderr).toMatch(/screened \d+ rows/);
    const results = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const byId = new Map(results.filter((x) => x.id).map((x) => [x.id, x]));
    expect(byId.get('c1').hits[0].entity_id).toBe('us_ofac_sdn:34119');
    expect(byId.get('c2').error).toMatch(/name/);
    expect(byId.get('c3').hits).toEqual([]);
    expect(results.some((x) => x.error && /1000|too|long|record/i.test(x.error))).toBe(true);
    expect(results.some((x) => x.error && /UTF-8/.test(x.error))).toBe(true);
    // A quote never closed (row 7) and a stray quote (row 8) each cost their own row only:
    // both are reported with their line, and the row after them is screened.
    expect(results.find((x) => x.row === 7)?.error).toMatch(/^line 8: unreadable CSV row: .*Quote.*reading goes on at line 9/);
    expect(results.find((x) => x.row === 8)?.error).toMatch(/^line 9: unreadable CSV row: Invalid Closing Quote/);
    expect(byId.get('c9').hits[0].entity_id).toBe('us_ofac_sdn:34119');
    expect(results).toHaveLength(9);
    // One result per row, in input order.
    const rowNumbers = results.map((x) => x.row);
    expect(rowNumbers).toEqual([...rowNumbers].sort((a, b) => a - b));
    expect(r.code).toBe(1);
  });

  it('writes CSV with one line per hit and passes the id column through', async () => {
    const file = join(work, 'people.jsonl');
    await writeFile(file, ['{"id":"p1","name":"TUNIYAZ Erken"}', '{"id":"p2","name":"Jane Plainname"}', 'not json'].join('\n'));
    const out = join(work, 'out.csv');
    const r = await run(['screen', '--input', file, '--output', out, '--format', 'csv']);
    expect(r.code).toBe(1);
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^row,id,query_name,error,entity_id/);
    expect(csv).toMatch(/^1,p1,TUNIYAZ Erken,,us_ofac_sdn:34119/m);
    expect(csv).toMatch(/^3,,,"not valid JSON/m);
  });
});

describe('clearance ownership (OFAC 50% rule with user data)', () => {
  it('reports a company blocked through a listed owner, with its path', async () => {
    const file = join(work, 'owners.csv');
    await writeFile(file, 'owner,owned,percentage\nXINJIANG PUBLIC SECURITY BUREAU,Acme Holding Ltd,30\nErken Tuniyaz,Acme Holding Ltd,25\nAcme Holding Ltd,Acme Trading GmbH,100\nJane Plainname,Other Co,60\n');
    const r = await run(['ownership', file, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const trading = out.exposures.find((x: { party: string }) => x.party === 'Acme Trading GmbH');
    expect(trading).toMatchObject({ blocked: true, basis: 'fifty_percent_rule' });
    expect(trading.path.at(-2)).toBe('Acme Holding Ltd');
    const holding = out.exposures.find((x: { party: string }) => x.party === 'Acme Holding Ltd');
    expect(holding.blockedShare).toBe(55);
    expect(out.exposures.find((x: { party: string }) => x.party === 'Other Co')).toBeUndefined();
  });
});

describe('clearance entity / sources', () => {
  it('shows one record in full', async () => {
    const r = await run(['entity', 'us_ofac_sdn:34119', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e).toMatchObject({ id: 'us_ofac_sdn:34119', schema: 'Person', caption: 'TUNIYAZ, Erken' });
    expect(e.links).toContainEqual(expect.objectContaining({ type: 'linked_to', target: 'us_ofac_sdn:29159' }));
  });

  it('lists every source with its version', async () => {
    const r = await run(['sources', '--json']);
    const sources = JSON.parse(r.stdout);
    expect(sources.map((s: { id: string }) => s.id)).toEqual(['us_ofac_sdn', 'us_ofac_cons', 'us_csl', 'us_bis_dpl', 'un_sc', 'uk_ofsi', 'ca_sema']);
    expect(sources.every((s: { version: unknown }) => s.version)).toBe(true);
  });
});
