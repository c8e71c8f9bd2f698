import type { Address, Entity, Identifier, Link, Listing, Name, NameKind, NameParts } from './entity.js';
import { entityId } from './entity.js';
import type { PropertyName, SchemaName } from './schema.js';
import { hasProperty } from './schema.js';
import type { SourceId } from './sources.js';
import { detectScript } from './scripts.js';

const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Collects one entity's facts while a parser reads its record, dropping empty values and
 * duplicates, so every parser produces entities of the same shape.
 */
export class EntityBuilder {
  readonly entity: Entity;

  constructor(source: SourceId, recordId: string | number, schema: SchemaName) {
    this.entity = {
      id: entityId(source, recordId),
      source,
      schema,
      caption: '',
      names: [],
      properties: {},
      identifiers: [],
      addresses: [],
      links: [],
      listings: [],
      remarks: [],
    };
  }

  setSchema(schema: SchemaName): this {
    this.entity.schema = schema;
    return this;
  }

  addName(full: string | undefined | null, kind: NameKind, extra: Partial<Omit<Name, 'full' | 'kind'>> = {}): this {
    if (!full) return this;
    const f = clean(full);
    if (!f) return this;
    const existing = this.entity.names.find((n) => n.full === f);
    if (existing) {
      // Keep the strongest kind when a publisher repeats a name.
      if (rank(kind) < rank(existing.kind)) existing.kind = kind;
      if (extra.parts && !existing.parts) existing.parts = extra.parts;
      return this;
    }
    const name: Name = { full: f, kind };
    const script = extra.script ?? detectScript(f);
    if (script) name.script = script;
    if (extra.parts) {
      const parts = cleanParts(extra.parts);
      if (parts) name.parts = parts;
    }
    if (extra.lang) name.lang = extra.lang;
    if (extra.quality) name.quality = extra.quality;
    this.entity.names.push(name);
    if (kind === 'primary' && !this.entity.caption) this.entity.caption = f;
    return this;
  }

  add(prop: PropertyName, value: string | undefined | null): this {
    if (value === undefined || value === null) return this;
    const v = clean(String(value));
    if (!v) return this;
    if (!hasProperty(this.entity.schema, prop)) {
      // A fact the schema has no slot for is still a fact: keep it readable.
      this.remark(`${prop}: ${v}`);
      return this;
    }
    const list = (this.entity.properties[prop] ??= []);
    if (!list.includes(v)) list.push(v);
    return this;
  }

  addIdentifier(id: Identifier): this {
    const value = clean(id.value);
    if (!value) return this;
    const dup = this.entity.identifiers.find(
      (x) => x.type === id.type && x.value === value && (x.country ?? '') === (id.country ?? ''),
    );
    if (dup) return this;
    this.entity.identifiers.push(dropEmpty({ ...id, value }));
    return this;
  }

  addAddress(addr: Address): this {
    const full = clean(addr.full);
    if (!full) return this;
    if (this.entity.addresses.some((a) => a.full === full)) return this;
    this.entity.addresses.push(dropEmpty({ ...addr, full }));
    return this;
  }

  addLink(link: Link): this {
    if (!clean(link.targetName) && !link.target) return this;
    const dup = this.entity.links.find(
      (l) => l.type === link.type && l.targetName === link.targetName && l.target === link.target,
    );
    if (!dup) this.entity.links.push(dropEmpty({ ...link, targetName: clean(link.targetName) }));
    return this;
  }

  addListing(listing: Listing): this {
    this.entity.listings.push(listing);
    return this;
  }

  remark(text: string | undefined | null): this {
    if (!text) return this;
    const t = clean(text);
    if (t && !this.entity.remarks.includes(t)) this.entity.remarks.push(t);
    return this;
  }

  /** The finished entity; the caption falls back to the first name given. */
  build(): Entity {
    if (!this.entity.caption) this.entity.caption = this.entity.names[0]?.full ?? this.entity.id;
    return this.entity;
  }
}

const KIND_RANK: NameKind[] = ['primary', 'alias', 'original_script', 'former', 'new', 'weak_alias'];
const rank = (k: NameKind) => KIND_RANK.indexOf(k);

function cleanParts(parts: NameParts): NameParts | undefined {
  const out: NameParts = {};
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === 'string' && clean(v)) out[k as keyof NameParts] = clean(v);
  }
  return Object.keys(out).length ? out : undefined;
}

function dropEmpty<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    const v = o[k];
    if (v === undefined || v === null || v === '') delete o[k];
  }
  return o;
}
