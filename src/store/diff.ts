import { createHash } from 'node:crypto';
import type { Entity } from '../model/entity.js';

/**
 * Canonical form of an entity for hashing and comparison: lists that have no meaningful
 * order (names, identifiers, addresses, links, remarks, property values) are sorted, so two
 * publications of the same facts in another order, or in another file format, are equal.
 */
export function canonical(entity: Entity): string {
  return stableStringify(normaliseOrder(entity));
}

export function entityHash(entity: Entity): string {
  return createHash('sha256').update(canonical(entity)).digest('hex').slice(0, 32);
}

function normaliseOrder(e: Entity): unknown {
  const sortBy = <T>(xs: T[]) => [...xs].map((x) => [stableStringify(x), x] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x);
  const properties: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(e.properties)) if (v && v.length) properties[k] = [...v].sort();
  return {
    ...e,
    names: sortBy(e.names),
    properties,
    identifiers: sortBy(e.identifiers),
    addresses: sortBy(e.addresses),
    links: sortBy(e.links),
    listings: sortBy(e.listings.map((l) => ({ ...l, programs: [...l.programs].sort(), legalBasis: [...l.legalBasis].sort() }))),
    remarks: [...e.remarks].sort(),
  };
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** One changed field of an entity between two versions, in words a reviewer can read. */
export interface FieldChange {
  field: string;
  added?: string[];
  removed?: string[];
  from?: string;
  to?: string;
}

/**
 * What changed in an entity: for each field, the values added and removed. Names, programs,
 * dates and identifiers are compared as sets of readable strings, so the change set says
 * "alias X added" or "program Y removed" rather than "names differ".
 */
export function diffEntities(before: Entity, after: Entity): FieldChange[] {
  const changes: FieldChange[] = [];
  const scalar = (field: string, a: string, b: string) => {
    if (a !== b) changes.push({ field, from: a, to: b });
  };
  const set = (field: string, a: string[], b: string[]) => {
    const A = new Set(a);
    const B = new Set(b);
    const added = [...B].filter((x) => !A.has(x));
    const removed = [...A].filter((x) => !B.has(x));
    if (added.length || removed.length) {
      const c: FieldChange = { field };
      if (added.length) c.added = added;
      if (removed.length) c.removed = removed;
      changes.push(c);
    }
  };
  scalar('schema', before.schema, after.schema);
  scalar('caption', before.caption, after.caption);
  set('names', before.names.map(nameText), after.names.map(nameText));
  const props = new Set([...Object.keys(before.properties), ...Object.keys(after.properties)]);
  for (const p of [...props].sort()) {
    set(`properties.${p}`, before.properties[p as keyof Entity['properties']] ?? [], after.properties[p as keyof Entity['properties']] ?? []);
  }
  set('identifiers', before.identifiers.map(idText), after.identifiers.map(idText));
  set('addresses', before.addresses.map((a) => a.full), after.addresses.map((a) => a.full));
  set('links', before.links.map(linkText), after.links.map(linkText));
  set('programs', before.listings.flatMap((l) => l.programs), after.listings.flatMap((l) => l.programs));
  set('listings', before.listings.map(listingText), after.listings.map(listingText));
  set('measures', before.listings.flatMap(measureTexts), after.listings.flatMap(measureTexts));
  set('remarks', before.remarks, after.remarks);
  return changes;
}

const nameText = (n: Entity['names'][number]) => `${n.full} (${n.kind})`;
const idText = (i: Entity['identifiers'][number]) => `${i.type} ${i.value}${i.country ? ` (${i.country})` : ''}`;
const linkText = (l: Entity['links'][number]) =>
  `${l.type} ${l.target ?? l.targetName}${l.percentage !== undefined ? ` ${l.percentage}%` : ''}`;
const listingText = (l: Entity['listings'][number]) =>
  [l.list, l.listedOn ? `listed ${l.listedOn}` : '', ...Object.entries(l.dates ?? {}).map(([k, v]) => `${k} ${v}`), l.legalBasis.join(', ')]
    .filter(Boolean)
    .join('; ');
const measureTexts = (l: Entity['listings'][number]) =>
  l.measures.map((m) => [m.type, m.from ? `from ${m.from}` : '', m.until ? `until ${m.until}` : '', m.details ?? ''].filter(Boolean).join(' '));
