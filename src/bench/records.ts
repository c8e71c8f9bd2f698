import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Entity } from '../model/entity.js';

/**
 * Realistic batch records for benchmarks: people and companies whose names are recombined
 * from the clean-name sets in ../shared/data/eval (first and last names from many countries
 * and scripts), with about `hitShare` of them true variants of listed names (reordered,
 * lower-cased, a dropped middle name, a typo). Deterministic for a seed.
 */

export interface BenchRecord {
  id: string;
  name: string;
  schema?: 'Person' | 'Company';
  birth_date?: string;
  country?: string;
  /** For measuring: the entity this record is a variant of. */
  expected?: string;
}

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CleanPerson {
  first_name: string;
  last_name: string;
  date_of_birth: string;
  nationality: string;
}

const COMPANY_WORDS = ['Alpine', 'Harbor', 'Crescent', 'Northwind', 'Summit', 'Blue River', 'Golden Field', 'Pioneer', 'Evergreen', 'Silverline', 'Redwood', 'Meridian', 'Atlas', 'Horizon', 'Oakridge', 'Lakeside'];
const COMPANY_KINDS = ['Logistics', 'Foods', 'Textiles', 'Engineering', 'Consulting', 'Pharma', 'Retail', 'Shipping', 'Software', 'Metals', 'Farms', 'Media'];
const LEGAL_FORMS = ['Ltd', 'LLC', 'GmbH', 'S.A.', 'Inc.', 'B.V.', 'Pty Ltd', 'S.r.l.', 'AB', 'Co., Ltd.'];

export function loadCleanPeople(evalDir: string): CleanPerson[] {
  const rows: CleanPerson[] = [];
  for (const f of ['negatives_global.csv', 'negatives_us.csv']) {
    rows.push(...(parse(readFileSync(join(evalDir, 'opensanctions', f)), { columns: true, skip_empty_lines: true }) as CleanPerson[]));
  }
  return rows.filter((r) => r.first_name && r.last_name);
}

export function* generateRecords(n: number, listed: Entity[], people: CleanPerson[], opts: { seed?: number; hitShare?: number } = {}): Generator<BenchRecord> {
  const rnd = seededRandom(opts.seed ?? 42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const targets = listed.filter((e) => e.schema === 'Person' || e.schema === 'Company' || e.schema === 'Organization');
  const hitShare = opts.hitShare ?? 0.01;
  for (let i = 0; i < n; i++) {
    const id = `r${i + 1}`;
    if (targets.length && rnd() < hitShare) {
      const e = pick(targets);
      yield { id, name: variant(e.caption, rnd), schema: e.schema === 'Person' ? 'Person' : 'Company', expected: e.id };
    } else if (rnd() < 0.8) {
      const a = pick(people);
      const b = pick(people);
      yield { id, name: `${a.first_name} ${b.last_name}`, schema: 'Person', birth_date: a.date_of_birth, country: b.nationality };
    } else {
      yield { id, name: `${pick(COMPANY_WORDS)} ${pick(COMPANY_KINDS)} ${pick(LEGAL_FORMS)}`, schema: 'Company' };
    }
  }
}

/** A plausible way a customer file would spell a listed name. */
function variant(name: string, rnd: () => number): string {
  let tokens = name.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  const r = rnd();
  if (r < 0.3 && tokens.length > 1) tokens = [...tokens.slice(1), tokens[0]];
  else if (r < 0.5 && tokens.length > 2) tokens.splice(1, 1);
  else if (r < 0.7) {
    const t = Math.floor(rnd() * tokens.length);
    const w = tokens[t];
    if (w.length > 4) {
      const k = 1 + Math.floor(rnd() * (w.length - 2));
      tokens[t] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
    }
  }
  const out = tokens.join(' ');
  return rnd() < 0.5 ? out.toLowerCase() : out;
}

/** CSV text for records, with the header batch screening recognises. */
export function toCsvLine(r: BenchRecord): string {
  const cell = (v?: string) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [r.id, cell(r.name), r.schema ?? '', r.birth_date ?? '', cell(r.country)].join(',') + '\n';
}
export const CSV_HEADER = 'id,name,type,birth_date,country\n';
