import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { buildServer } from '../../src/api/server.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { clearance, LISTS_DIR, loadedHomeCopy, startServer } from '../helpers.js';

describe('the HTTP API over a real socket', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let home: string;

  beforeAll(async () => {
    home = await loadedHomeCopy();
    server = await startServer(['--home', home]);
  });
  afterAll(async () => server?.stop());

  const post = (path: string, body: unknown) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('is healthy and ready, and names the list versions with their age', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(ready.status).toBe('ready');
    expect(ready.versions).toHaveLength(7);
    expect(ready.versions[0]).toMatchObject({ stale: false, age_hours: expect.any(Number) });
  });

  it('screens one query and names the versions used', async () => {
    const res = await post('/v1/screen', { query: { name: 'Erken Tuniyaz', schema: 'Person' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.match).toBe(true);
    expect(body.hits[0]).toMatchObject({ entity_id: 'us_ofac_sdn:34119' });
    expect(body.versions.find((v: { source: string }) => v.source === 'us_ofac_sdn')).toMatchObject({ version: expect.any(Number) });
  });

  it('screens a batch, reporting a bad query by its index while screening the rest', async () => {
    const res = await post('/v1/screen', { queries: [{ name: 'SENSETIME GROUP LTD' }, { birth_date: '1970' }, { name: 'Jane Plainname' }] });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results[0].hits[0].entity_id).toBe('us_ofac_cons:33114');
    expect(results[1]).toMatchObject({ index: 1, error: expect.stringMatching(/name/) });
    expect(results[2].hits).toEqual([]);
  });

  it('rejects an invalid request with 400 naming the fields', async () => {
    const res = await post('/v1/screen', { query: { name: 'X', birth_date: 'not a date' }, threshold: 7 });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields).toContain('threshold');
    const tooMany = await post('/v1/screen', { queries: Array.from({ length: 1001 }, () => ({ name: 'A' })) });
    expect(tooMany.status).toBe(400);
  });

  it('refuses bodies over the size limit', async () => {
    // The server answers 413 from the declared length and closes without reading the body. A
    // client that is still writing 5 MB may see the connection reset before it reads that answer,
    // so this one sends the headers only and reads the status.
    const length = JSON.stringify({ query: { name: 'A'.repeat(5 * 1024 * 1024) } }).length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/v1/screen`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': length } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('serves entities, search, sources, changes, securities and the OpenAPI document', async () => {
    const entity = await (await fetch(`${server.url}/v1/entities/us_ofac_sdn:34119`)).json();
    expect(entity.entity.caption).toBe('TUNIYAZ, Erken');
    expect((await fetch(`${server.url}/v1/entities/nope:1`)).status).toBe(404);
    const search = await (await fetch(`${server.url}/v1/search?q=${encodeURIComponent('Xinjiang Public Security Bureau')}`)).json();
    expect(search.results[0].entity_id).toBe('us_ofac_sdn:29159');
    const sources = await (await fetch(`${server.url}/v1/sources`)).json();
    expect(sources.sources).toHaveLength(7);
    expect((await fetch(`${server.url}/v1/changes?source=us_ofac_sdn`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/changes?source=nope`)).status).toBe(400);
    const sec = await (await post('/v1/securities', { securities: ['CNE100000PM8'], on: '2022-01-15' })).json();
    expect(sec.results[0].verdicts[0]).toMatchObject({ purchaseProhibited: true, divestmentAllowed: true });
    const openapi = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/screen', '/v1/search', '/v1/entities/{id}', '/v1/sources', '/v1/changes', '/healthz', '/readyz']));
    expect((await fetch(`${server.url}/docs`, { redirect: 'manual' })).status).toBeLessThan(400);
  });

  it('screens as of a past date against the versions in force then', async () => {
    const res = await post('/v1/screen', { query: { name: 'Erken Tuniyaz' }, as_of: '2000-01-01' });
    const body = await res.json();
    expect(body.versions).toEqual([]);
    expect(body.hits).toEqual([]);
  });
});

describe('API keys', () => {
  it('once a key exists, requests need it; revoked keys stop working', async () => {
    const home = await loadedHomeCopy();
    const created = await clearance(['--home', home, 'keys', 'create', 'ci', '--json']);
    const { id, key } = JSON.parse(created.stdout);
    const listed = await clearance(['--home', home, 'keys', 'list', '--json']);
    expect(listed.stdout).not.toContain(key);
    const server = await startServer(['--home', home]);
    try {
      const body = JSON.stringify({ name: 'Erken Tuniyaz' });
      const headers = { 'content-type': 'application/json' };
      expect((await fetch(`${server.url}/v1/screen`, { method: 'POST', headers, body })).status).toBe(401);
      expect((await fetch(`${server.url}/v1/screen`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${key}` }, body })).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await clearance(['--home', home, 'keys', 'revoke', id]);
      await new Promise((r) => setTimeout(r, 5500));
      expect((await fetch(`${server.url}/v1/screen`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${key}` }, body })).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('refuses to serve a non-loopback address without keys', async () => {
    const home = await loadedHomeCopy();
    const r = await clearance(['--home', home, 'serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an API key/);
  });
});

describe('first start with an empty store', () => {
  it('loads the lists from the configured folder and says what it serves', async () => {
    const home = await mkdtemp(join(tmpdir(), 'clearance-empty-'));
    const server = await startServer(['--home', home], { CLEARANCE_LISTS_FROM: LISTS_DIR });
    try {
      const ready = await (await fetch(`${server.url}/readyz`)).json();
      expect(ready.versions.map((v: { source: string }) => v.source).sort()).toEqual(['ca_sema', 'uk_ofsi', 'un_sc', 'us_bis_dpl', 'us_csl', 'us_ofac_cons', 'us_ofac_sdn']);
    } finally {
      await server.stop();
    }
  });
});

describe('serving from several processes (--processes, CLEARANCE_PROCESSES)', () => {
  /** Live processes whose parent is `pid` (Linux /proc). */
  const childrenOf = async (pid: number): Promise<number[]> => {
    const out: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    }
    return out;
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('screens from every process sharing the port, replaces one that dies, and SIGTERM stops them all', async () => {
    const home = await loadedHomeCopy();
    const server = await startServer(['--home', home], { CLEARANCE_PROCESSES: '2' });
    let stderr = '';
    server.child.stderr!.on('data', (d) => (stderr += d));
    const screenAll = async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${server.url}/v1/screen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: { name: 'Erken Tuniyaz' } }) }).then((r) => r.json()),
        ),
      );
      for (const a of answers) expect(a.hits[0]).toMatchObject({ entity_id: 'us_ofac_sdn:34119' });
    };
    let workers = await childrenOf(server.child.pid!);
    const started = [...workers];
    try {
      expect(workers).toHaveLength(2);
      await screenAll();
      process.kill(workers[0], 'SIGKILL');
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !(/starting another/.test(stderr) && (workers = await childrenOf(server.child.pid!)).length === 2 && !workers.includes(started[0]))) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(stderr).toMatch(new RegExp(`serving process ${started[0]} stopped \\(SIGKILL\\); starting another`));
      expect(workers).toHaveLength(2);
      expect(workers).not.toContain(started[0]);
      await screenAll();
    } finally {
      await server.stop();
    }
    expect([...started, ...workers].filter(alive)).toEqual([]);
  });

  it('refuses a number of processes that is not one to 64', async () => {
    const home = await loadedHomeCopy();
    const r = await clearance(['--home', home, 'serve', '--port', '0', '--processes', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/number of processes/);
    // From the environment, the error names the variable, and other commands are not affected.
    const env = { CLEARANCE_PROCESSES: 'abc' };
    const fromEnv = await clearance(['--home', home, 'serve', '--port', '0'], { env });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/CLEARANCE_PROCESSES/);
    expect((await clearance(['--version'], { env })).code).toBe(0);
  });
});

describe('list versions in responses', () => {
  it('carry the check date an update that found no change moved on', async () => {
    const home = await loadedHomeCopy();
    const store = new SqliteStore(join(home, 'clearance.sqlite'));
    const app = await buildServer({ store, maxAgeHours: 48, requireKeys: false, versionsRecheckMs: 0 });
    try {
      const sdnVersion = async () => {
        const res = await app.inject({ method: 'POST', url: '/v1/screen', payload: { query: { name: 'Erken Tuniyaz' } } });
        return (res.json().versions as Array<{ source: string; version: number; checked_at: string }>).find((v) => v.source === 'us_ofac_sdn')!;
      };
      const before = await sdnVersion();
      const now = new Date().toISOString();
      expect(now > before.checked_at).toBe(true);
      await store.markChecked(before.version, now);
      expect(await sdnVersion()).toMatchObject({ version: before.version, checked_at: now });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
