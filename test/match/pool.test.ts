import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../src/model/entity.js';
import { loadAllLists } from '../../src/match/eval/lists.js';
import { sharedData } from '../../src/match/eval/paths.js';
import { Random } from '../../src/match/eval/random.js';
import { MatchIndex, MatchPool, type Hit, type MatchQuery } from '../../src/match/index.js';

/**
 * MatchPool against MatchIndex.search on the same entities (a seeded share of every list, so
 * that the workers start quickly): the pool is only a faster way to the same answers.
 */

let entities: Entity[];
let index: MatchIndex;
let queries: MatchQuery[];
const pools: MatchPool[] = [];

/** A list of hits as plain data: entity, score, and the explanation's summary. */
const plain = (hits: Hit[]) => hits.map((h) => [h.entity.id, h.result.score, h.result.explanation.summary]);

/** Listed names as written and with two letters swapped, in both kinds; made-up names; one with a birth date and country. */
function queriesFor(sample: Entity[], rng: Random): MatchQuery[] {
  const out: MatchQuery[] = [];
  for (const e of sample) {
    out.push({ name: e.caption, schema: e.schema });
    out.push({ name: e.caption.replace(/([a-z])([a-z])(?=[a-z]*$)/i, '$2$1') });
  }
  for (let i = 0; i < 20; i++) out.push({ name: `${rng.pick(['Kalo', 'Miren', 'Dorva', 'Seltin'])} ${rng.pick(['Brazo', 'Nemfa', 'Rigel', 'Ostrum'])}`, schema: 'Person' });
  out.push({ name: sample[0].caption, birthDate: '1970-01-01', countries: ['RU'] });
  return out;
}

beforeAll(async () => {
  const rng = new Random(5);
  entities = rng.shuffle(await loadAllLists(sharedData())).slice(0, 3000);
  index = MatchIndex.build(entities);
  queries = queriesFor(entities.slice(0, 60), rng);
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('MatchPool (batch screening on worker threads)', () => {
  it('answers every query as MatchIndex.search does, in query order, with the caller\'s own entities', async () => {
    const pool = await MatchPool.start(entities, { threads: 2 });
    pools.push(pool);
    const results = await pool.search(queries, { limit: 10 });
    expect(results.length).toBe(queries.length);
    results.forEach((hits, i) => expect(plain(hits), queries[i].name).toEqual(plain(index.search(queries[i], { limit: 10 }))));
    expect(results.flat().length).toBeGreaterThan(60);
    const byId = new Map(entities.map((e) => [e.id, e]));
    expect(results.flat().every((h) => h.entity === byId.get(h.entity.id))).toBe(true);
  });

  it('warmed up on other queries, answers the same (what the warm-up taught each worker is forgotten, and never changed a result)', async () => {
    const warmUp = queriesFor(entities.slice(100, 200), new Random(6));
    const pool = await MatchPool.start(entities, { threads: 2, warmUp });
    pools.push(pool);
    const results = await pool.search(queries, { limit: 10 });
    results.forEach((hits, i) => expect(plain(hits), queries[i].name).toEqual(plain(index.search(queries[i], { limit: 10 }))));
  });

  it('an index that forgets its queries answers them the same afterwards', () => {
    const before = queries.map((q) => plain(index.search(q, { limit: 10 })));
    index.forgetQueries();
    expect(queries.map((q) => plain(index.search(q, { limit: 10 })))).toEqual(before);
  });
});
