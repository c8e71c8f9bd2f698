import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * package.json promises Node 20, and Node 20 before 20.19 cannot require() an ES module. Some
 * CommonJS packages under Fastify came to require ones that are (cookie 2 under
 * light-my-request, content-disposition 3 under @fastify/static): the `overrides` in
 * package.json keep their CommonJS releases. Node's --no-experimental-require-module makes this
 * Node behave as those releases do.
 */
describe('the HTTP stack on Node 20 releases that cannot require ES modules', () => {
  it('registers the OpenAPI document and its UI as the server does, and answers an injected request', async () => {
    const script = `
      const app = (await import('fastify')).default();
      await app.register((await import('@fastify/swagger')).default, { openapi: { info: { title: 'Clearance', version: '1' } } });
      await app.register((await import('@fastify/swagger-ui')).default, { routePrefix: '/docs' });
      app.get('/ping', async () => ({ ok: true }));
      await app.ready();
      const ping = await app.inject({ url: '/ping', cookies: { session: 'a b' } });
      const docs = await app.inject({ url: '/docs/json' });
      console.log(JSON.stringify({ ping: ping.json(), docs: docs.statusCode }));`;
    const { stdout } = await run(process.execPath, ['--no-experimental-require-module', '--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ ping: { ok: true }, docs: 200 });
  });
});
