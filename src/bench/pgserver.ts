import { execFile } from 'node:child_process';
import { appendFile, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL server in a temporary folder on 127.0.0.1, for benchmarks and for the
 * tests that restart a server under a running job. `binDir` holds initdb and pg_ctl (Debian:
 * /usr/lib/postgresql/<major>/bin). As root the server runs as `user` (default postgres), since
 * PostgreSQL refuses to run as root. Durability is switched off: the data is thrown away.
 */
export interface ThrowawayServer {
  url: string;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startThrowawayServer(binDir: string, user = 'postgres'): Promise<ThrowawayServer> {
  const asRoot = process.getuid?.() === 0;
  const runAs = asRoot ? user : userInfo().username;
  const dir = await mkdtemp(join(tmpdir(), 'clearance-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot && runAs !== 'root') await chown(dir, Number((await run('id', ['-u', runAs])).stdout.trim()), -1);
  const as = async (bin: string, args: string[]) => {
    if (asRoot && runAs !== 'root') await run('runuser', ['-u', runAs, '--', join(binDir, bin), ...args]);
    else await run(join(binDir, bin), args);
  };
  const port = await freePort();
  await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  await appendFile(join(data, 'postgresql.conf'), 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\nshared_buffers = 256MB\n');
  const ctl = (...args: string[]) => as('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', log, ...args]);
  await ctl('-o', `-h 127.0.0.1 -p ${port} -k ${dir}`, 'start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // pg_ctl restart starts the server again with the options it was first started with.
    restart: () => ctl('-m', 'fast', 'restart'),
    stop: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The newest Debian PostgreSQL binaries on this machine, if any. */
export async function findPgBinDir(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
