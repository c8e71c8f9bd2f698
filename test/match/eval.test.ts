import { describe, expect, it, beforeAll } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '../../src/model/entity.js';
import { loadListsFrom } from '../../src/sources/index.js';
import { generatePairs, isPositiveCategory, NEGATIVE_CATEGORIES, POSITIVE_CATEGORIES } from '../../src/match/eval/generate.js';
import type { PairRow } from '../../src/match/eval/generate.js';
import { formatPairs, parsePairs, readPairs } from '../../src/match/eval/csv.js';
import { possiblySameName, sameToken, splitPerson } from '../../src/match/eval/names.js';
import { findLegalForm } from '../../src/match/eval/legal_forms.js';
import { changeLegalForm, dropMiddle, swapOrder, transliterate, typo } from '../../src/match/eval/variants.js';
import { fold } from '../../src/match/eval/jaro.js';
import { Random } from '../../src/match/eval/random.js';
import { PAIRS_DIR } from '../../src/match/eval/paths.js';
import { LISTS_DIR } from '../helpers.js';

/** Optimal string alignment distance: edits including adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function byId(entities: Entity[]): Map<string, Entity> {
  return new Map(entities.map((e) => [e.id, e]));
}

/** The checks every generated or committed set must pass against the lists it came from. */
function checkPairs(rows: PairRow[], entities: Map<string, Entity>): void {
  for (const row of rows) {
    const entity = entities.get(row.entity_id);
    expect(entity, `${row.category}: ${row.entity_id} is a listed entity`).toBeDefined();
    const names = entity!.names.map((n) => n.full);
    // The listed side is a name of the entity exactly as the publisher wrote it.
    expect(names, `${row.category}: "${row.listed_name}" is a name of ${row.entity_id}`).toContain(row.listed_name);
    expect(row.schema).toBe(entity!.schema);
    expect(row.query).not.toBe(row.listed_name);
    if (isPositiveCategory(row.category)) {
      expect(row.label).toBe(1);
      continue;
    }
    expect(row.label).toBe(0);
    // A hard negative names another party: made from another entity, and no spelling of any
    // name of the listed entity.
    expect(row.donor_id, `${row.category}: "${row.query}" has a donor`).not.toBe('');
    expect(row.donor_id).not.toBe(row.entity_id);
    expect(entities.has(row.donor_id), `${row.donor_id} is a listed entity`).toBe(true);
    for (const n of names) {
      expect(possiblySameName(row.query, n), `${row.category}: "${row.query}" could be "${n}" of ${row.entity_id}`).toBe(false);
    }
  }
}

describe('evaluation set generator on real lists', () => {
  let entities: Entity[];
  let rows: PairRow[];
  beforeAll(async () => {
    // Two sources with different name styles: OFAC's "FAMILY, Given" and the UN's name parts
    // with original-script names.
    entities = await loadListsFrom(LISTS_DIR, ['us_ofac_sdn', 'un_sc']);
    rows = generatePairs(entities, { seed: 42, perCategory: 30 });
  });

  it('gives the same rows for the same seed and different rows for another', () => {
    expect(rows.length).toBeGreaterThan(300);
    expect(generatePairs(entities, { seed: 42, perCategory: 30 })).toEqual(rows);
    expect(generatePairs(entities, { seed: 43, perCategory: 30 })).not.toEqual(rows);
  });

  it('makes every category, each pair from a real listed name, negatives from other parties', () => {
    const categories = new Set(rows.map((r) => r.category));
    for (const c of [...POSITIVE_CATEGORIES, ...NEGATIVE_CATEGORIES]) expect(categories, c).toContain(c);
    checkPairs(rows, byId(entities));
  });

  it('draws from both sources and from people and organisations', () => {
    const typos = rows.filter((r) => r.category === 'typo');
    expect(new Set(typos.map((r) => r.entity_id.split(':')[0]))).toEqual(new Set(['us_ofac_sdn', 'un_sc']));
    expect(new Set(typos.map((r) => r.schema === 'Person'))).toEqual(new Set([true, false]));
  });
});

describe('committed evaluation sets (eval/*.csv)', () => {
  it('name real entities of the current lists, positives and negatives alike', async () => {
    const files = (await readdir(PAIRS_DIR)).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);
    const rows = (await Promise.all(files.map((f) => readPairs(join(PAIRS_DIR, f))))).flat();
    expect(rows.filter((r) => r.label === 1).length).toBeGreaterThan(1000);
    expect(rows.filter((r) => r.label === 0).length).toBeGreaterThan(500);
    checkPairs(rows, byId(await loadListsFrom(LISTS_DIR)));
  });
});

describe('variant makers', () => {
  const rng = () => new Random(1);

  it('typo makes one or two character edits', () => {
    for (let seed = 0; seed < 50; seed++) {
      const v = typo('PASICHNIK, Leonid Ivanovich', new Random(seed))!;
      expect(v).toBeDefined();
      const d = editDistance(v, 'PASICHNIK, Leonid Ivanovich');
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(2);
    }
    expect(typo('LI, Wei', rng())).toBeUndefined();
  });

  it('swap writes "FAMILY, Given" in natural order', () => {
    const name = { full: 'TUNIYAZ, Erken', kind: 'primary' as const };
    expect(swapOrder(name.full, splitPerson(name), rng())).toBe('Erken TUNIYAZ');
  });

  it('dropping a middle name keeps compound names whole', () => {
    const name = { full: 'BARI, Abdul Baqi', kind: 'primary' as const };
    expect(dropMiddle(name.full, splitPerson(name), rng())).toBeUndefined();
    const putin = { full: 'PUTIN, Vladimir Vladimirovich', kind: 'primary' as const };
    expect(dropMiddle(putin.full, splitPerson(putin), rng())).toBe('PUTIN, Vladimir');
  });

  it('transliteration changes letters the way romanisations differ, keeping case', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const v = transliterate('AL-KARMUSH, Muwaffaq Mustafa', new Random(seed));
      if (v) seen.add(v);
    }
    expect(seen.size).toBeGreaterThan(3);
    for (const v of seen) {
      expect(v).toMatch(/^[A-Z'-]+, [A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(editDistance(fold(v), fold('AL-KARMUSH, Muwaffaq Mustafa'))).toBeLessThanOrEqual(6);
    }
  });

  it('finds legal forms at either end and changes only the form', () => {
    expect(findLegalForm('UVICOM CO., LTD.')).toMatchObject({ core: 'UVICOM', position: 'suffix', written: 'CO., LTD.' });
    expect(findLegalForm('OOO TERRA TEKH')).toMatchObject({ core: 'TERRA TEKH', position: 'prefix' });
    expect(findLegalForm('CIMEX')).toBeUndefined();
    for (let seed = 0; seed < 30; seed++) {
      const v = changeLegalForm('SENSETIME GROUP LIMITED', new Random(seed))!;
      expect(fold(v)).not.toBe(fold('SENSETIME GROUP LIMITED'));
      expect(fold(v)).toContain('sensetime group');
    }
  });

  it('token and name sameness is conservative (spelling variants count as the same)', () => {
    expect(sameToken('Mohammed', 'Muhammad')).toBe(true);
    expect(sameToken('Vladimir', 'Wladimir')).toBe(true);
    expect(sameToken('Sergei', 'Vladimir')).toBe(false);
    expect(possiblySameName('Vladimir Sergeyevich Putin', 'PUTIN, Vladimir')).toBe(true);
    expect(possiblySameName('Maria PUTIN', 'PUTIN, Vladimir')).toBe(false);
    expect(possiblySameName('ErkenTuniyaz', 'TUNIYAZ, Erken')).toBe(true);
  });
});

describe('pair files', () => {
  it('round-trip through CSV with quoting', () => {
    const rows: PairRow[] = [
      { category: 'swap', schema: 'Person', query: 'Erken TUNIYAZ', listed_name: 'TUNIYAZ, Erken', entity_id: 'x:1', label: 1, donor_id: '' },
      { category: 'common_words', schema: 'Company', query: 'A "B" TRADING, LTD.', listed_name: 'C TRADING', entity_id: 'x:2', label: 0, donor_id: 'x:3' },
    ];
    expect(parsePairs(formatPairs(rows), 'test.csv')).toEqual(rows);
  });

  it('refuses rows with an unknown schema or label, naming the line', () => {
    const bad = 'category,schema,query,listed_name,entity_id,label,donor_id\ntypo,Person,a,b,x:1,1,\ntypo,Robot,a,b,x:1,1,\n';
    expect(() => parsePairs(bad, 'bad.csv')).toThrow(/bad\.csv, line 3: unknown schema "Robot"/);
  });
});
