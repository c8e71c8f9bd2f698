import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { scoreEntity } from '../../src/match/index.js';
import type { Entity } from '../../src/model/entity.js';
import { ChangedEntityBlocker } from '../../src/monitor/blocking.js';
import { customerInput } from '../../src/monitor/customers.js';
import type { Customer } from '../../src/store/monitor_types.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { loadedHomeCopy } from '../helpers.js';

/**
 * The shortlist of step (a) on real listed entities: every spelling the engine matches is kept;
 * customers sharing only a coarse sound or a common word are not.
 */

let byId: Map<string, Entity>;

beforeAll(async () => {
  const store = new SqliteStore(join(await loadedHomeCopy(), 'clearance.sqlite'));
  byId = new Map();
  for (const id of ['us_ofac_sdn:34119', 'us_ofac_cons:17248', 'us_ofac_cons:18282', 'us_ofac_cons:30946', 'us_ofac_cons:33114']) byId.set(id, (await store.entity(id))!);
  await store.close();
});

const customer = (raw: Record<string, unknown>): Customer => ({ ...customerInput({ id: 'c', ...raw }), createdAt: '', updatedAt: '' });

function kept(entityIds: string[], raw: Record<string, unknown>): boolean {
  const blocker = new ChangedEntityBlocker(entityIds.map((id) => byId.get(id)!));
  blocker.offer(customer(raw));
  return blocker.candidates().length === 1;
}

describe('shortlisting customers for changed entities', () => {
  it.each([
    ['Erken Tuniyaz', 'us_ofac_sdn:34119', 'Person'],
    ['ErkenTuniyaz', 'us_ofac_sdn:34119', 'Person'], // glued
    ['Erken Tunyiaz', 'us_ofac_sdn:34119', 'Person'], // letters swapped
    ['Erkin Tuniyas', 'us_ofac_sdn:34119', 'Person'], // one letter off in each token
    ['Lukoyl', 'us_ofac_cons:17248', 'Company'], // transliteration
    ['Hangzhou Hikvision', 'us_ofac_cons:30946', 'Company'], // the customer's whole name inside the listed one
    ['SenseTime Group Ltd', 'us_ofac_cons:33114', 'Company'], // another legal form
  ])('keeps %s for %s, a pair the engine matches', (name, entityId, schema) => {
    expect(scoreEntity(customer({ name, schema }).match, byId.get(entityId)!).match).toBe(true);
    expect(kept([entityId], { name, schema })).toBe(true);
  });

  it('keeps a customer sharing only an identifier with the entity', () => {
    const lukoil = byId.get('us_ofac_cons:17248')!;
    const tax = lukoil.identifiers.find((i) => i.type === 'tax_id')!;
    expect(kept(['us_ofac_cons:17248'], { name: 'Completely Different Name', identifiers: [{ value: tax.value }] })).toBe(true);
  });

  it.each([
    ['Michael Walker', 'us_ofac_cons:17248', 'Person'], // Walker and Lukoil share the skeleton LKL
    ['Robert Smith', 'us_ofac_cons:18282', 'Person'], // Robert and Refinery: a consonant off on each side
    ['Erken Smith', 'us_ofac_sdn:34119', 'Person'], // half of each name
    ['Atlas Trading Group Ltd', 'us_ofac_cons:33114', 'Company'], // a common word
  ])('does not keep %s for %s, which the engine does not match either', (name, entityId, schema) => {
    expect(scoreEntity(customer({ name, schema }).match, byId.get(entityId)!).match).toBe(false);
    expect(kept([entityId], { name, schema })).toBe(false);
  });
});
