import { createHash } from 'node:crypto';
import type { Entity } from '../model/entity.js';
import type { MatchQuery } from '../match/index.js';
import { stableStringify, type FieldChange } from '../store/diff.js';
import type { CustomerSnapshot, EntitySnapshot } from '../store/monitor_types.js';

/**
 * What each side of a customer-entity pair looks like to matching, reduced to the facts that
 * can make a pair match: names, birth dates, countries, identifiers and schema. A decision on
 * an alert rests on these; a list republishing the entity with a new program or address does
 * not touch them, so it does not reopen a false positive, but a new alias does.
 */

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

export function entitySnapshot(e: Entity): EntitySnapshot {
  const p = e.properties;
  return {
    schema: e.schema,
    names: sorted(e.names.map((n) => n.full)),
    birthDates: sorted(p.birthDate ?? []),
    countries: sorted([...(p.nationality ?? []), ...(p.citizenship ?? []), ...(p.country ?? []), ...(p.jurisdiction ?? [])]),
    identifiers: sorted(e.identifiers.map((i) => `${i.type} ${i.value}${i.country ? ` (${i.country})` : ''}`)),
  };
}

export function customerSnapshot(q: MatchQuery): CustomerSnapshot {
  const s: CustomerSnapshot = {
    names: sorted([q.name, ...(q.aliases ?? [])]),
    countries: sorted(q.countries ?? []),
    identifiers: sorted((q.identifiers ?? []).map((i) => `${i.type ?? 'id'} ${i.value}${i.country ? ` (${i.country})` : ''}`)),
  };
  if (q.schema) s.schema = q.schema;
  if (q.birthDate) s.birthDate = q.birthDate;
  return s;
}

export function fingerprint(snapshot: EntitySnapshot | CustomerSnapshot): string {
  return createHash('sha256').update(stableStringify(snapshot)).digest('hex').slice(0, 32);
}

/**
 * The entity changes since `before` that could make a decided pair match anew, in words:
 * a new name, a new birth date, an identifier added or removed, a new country, another
 * schema. Removed names or dates only make a match less likely, so they do not count.
 */
export function entityChangesThatMatter(before: EntitySnapshot, after: EntitySnapshot): string[] {
  const out: string[] = [];
  const added = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));
  for (const n of added(before.names, after.names)) out.push(`new name "${n}"`);
  for (const d of added(before.birthDates, after.birthDates)) out.push(`new birth date ${d}`);
  for (const i of added(before.identifiers, after.identifiers)) out.push(`new identifier ${i}`);
  for (const i of added(after.identifiers, before.identifiers)) out.push(`identifier removed: ${i}`);
  for (const c of added(before.countries, after.countries)) out.push(`new country ${c}`);
  if (before.schema !== after.schema) out.push(`schema changed from ${before.schema} to ${after.schema}`);
  return out;
}

/** Every change of a customer's matching fields counts: the customer is the firm's own data. */
export function customerChanges(before: CustomerSnapshot, after: CustomerSnapshot): string[] {
  const out: string[] = [];
  const diff = (label: string, a: string[], b: string[]) => {
    for (const x of b.filter((v) => !a.includes(v))) out.push(`customer ${label} added: ${x}`);
    for (const x of a.filter((v) => !b.includes(v))) out.push(`customer ${label} removed: ${x}`);
  };
  diff('name', before.names, after.names);
  if (before.birthDate !== after.birthDate) out.push(`customer birth date changed from ${before.birthDate ?? '(none)'} to ${after.birthDate ?? '(none)'}`);
  diff('country', before.countries, after.countries);
  diff('identifier', before.identifiers, after.identifiers);
  if (before.schema !== after.schema) out.push(`customer type changed from ${before.schema ?? '(unknown)'} to ${after.schema ?? '(unknown)'}`);
  return out;
}

/** The store's field-level changes of an entity, in words: "programs added: RUSSIA-EO14024". */
export function describeFieldChanges(fields: FieldChange[]): string[] {
  return fields.map((f) => {
    const parts = [f.added?.length ? `added ${f.added.join('; ')}` : '', f.removed?.length ? `removed ${f.removed.join('; ')}` : '', f.from !== undefined ? `${f.from} -> ${f.to}` : ''];
    return `${f.field.replace(/^properties\./, '')}: ${parts.filter(Boolean).join(', ')}`;
  });
}
