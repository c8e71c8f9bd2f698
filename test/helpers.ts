import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { copyFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { expect, inject } from 'vitest';
import { parseAll } from '../src/sources/run.js';
import { SourceError, type Source } from '../src/sources/types.js';

/** `../shared/data` beside the project: real official list files, read-only. */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data', import.meta.url));
export const LISTS_DIR = join(SHARED_DATA, 'lists');
export const VERSIONS_DIR = join(SHARED_DATA, 'versions');
export const FIXTURES_DIR = join(SHARED_DATA, 'fixtures');
export const EVAL_DIR = join(SHARED_DATA, 'eval');

/**
 * One file of a publication a test lays out: text or bytes to write (a damaged copy, say), or a
 * real file to copy or to link to.
 */
export type PublicationFile = string | Buffer | { copy: string } | { link: string };

/** Writes `files` into `dir` (made if missing) and returns `dir`. */
export async function writePublication(dir: string, files: Record<string, PublicationFile>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const to = join(dir, name);
    if (typeof content === 'string' || Buffer.isBuffer(content)) await writeFile(to, content);
    else if ('copy' in content) await copyFile(content.copy, to);
    else await symlink(content.link, to);
  }
  return dir;
}

/** A new temporary publication folder holding `files`. */
export async function publicationFolder(files: Record<string, PublicationFile>): Promise<string> {
  return writePublication(await mkdtemp(join(tmpdir(), 'clearance-publication-')), files);
}

/** The files `names` of the folder `from`, copied, except those `replace` gives other content. */
export function realFiles(from: string, names: string[], replace: Record<string, PublicationFile> = {}): Record<string, PublicationFile> {
  return Object.fromEntries(names.map((name) => [name, name in replace ? replace[name] : { copy: join(from, name) }]));
}

/** 4 KiB of bytes that are not UTF-8 text, as a wrong or damaged download gives. */
export const GARBAGE = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));

/**
 * Parses the publication in `dir` with `source` and returns the SourceError it refuses it with;
 * fails the test if the parser accepts it or fails with any other error.
 */
export async function sourceRefusal(source: Source, dir: string): Promise<SourceError> {
  try {
    await parseAll(source, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    return err as SourceError;
  }
  throw new Error(`${dir} was accepted`);
}

/** A private copy of the store the global setup loaded with every list. */
export async function loadedHomeCopy(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'clearance-home-'));
  await copyFile(join(inject('loadedHome'), 'clearance.sqlite'), join(home, 'clearance.sqlite'));
  return home;
}

export const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `clearance` binary (built by `npm test`'s pretest step). */
export function clearance(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Starts `clearance serve` on a free port and waits until it listens. */
export async function startServer(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [BIN, ...args, 'serve', '--port', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 90_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('Clearance API on')) (clearTimeout(timer), resolve());
    });
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`server exited with ${code}: ${stderr}`))));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}
