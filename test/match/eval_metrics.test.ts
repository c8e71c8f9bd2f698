import { describe, expect, it } from 'vitest';
import { confusion, f1, falseMatchRate, groupBy, percentile, perThousand, precision, recall } from '../../src/match/eval/metrics.js';
import type { Decision } from '../../src/match/eval/metrics.js';
import { evaluatePairs } from '../../src/match/eval/evaluate.js';
import type { PairRow } from '../../src/match/eval/generate.js';
import { MatchIndex } from '../../src/match/index.js';
import { EntityBuilder } from '../../src/model/builder.js';

const d = (label: 0 | 1, predicted: boolean): Decision => ({ label, predicted });

describe('metrics on hand-made decisions', () => {
  // 3 true positives, 2 misses, 1 false match, 4 correct rejections.
  const decisions = [d(1, true), d(1, true), d(1, true), d(1, false), d(1, false), d(0, true), d(0, false), d(0, false), d(0, false), d(0, false)];

  it('counts the confusion matrix', () => {
    expect(confusion(decisions)).toEqual({ tp: 3, fn: 2, fp: 1, tn: 4 });
  });

  it('gives precision, recall, F1 and the false-match rate', () => {
    const c = confusion(decisions);
    expect(precision(c)).toBeCloseTo(0.75);
    expect(recall(c)).toBeCloseTo(0.6);
    expect(f1(c)).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
    expect(falseMatchRate(c)).toBeCloseTo(0.2);
  });

  it('says "nothing to measure" rather than inventing a number', () => {
    const onlyNegatives = confusion([d(0, false), d(0, false)]);
    expect(precision(onlyNegatives)).toBeNaN();
    expect(recall(onlyNegatives)).toBeNaN();
    expect(falseMatchRate(onlyNegatives)).toBe(0);
    expect(f1(confusion([d(1, false)]))).toBeNaN();
    expect(f1(confusion([d(1, false), d(0, true)]))).toBe(0);
  });

  it('computes nearest-rank percentiles and rates per thousand', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(perThousand(3, 2000)).toBe(1.5);
  });

  it('groups by key in first-seen order', () => {
    const g = groupBy(['typo:a', 'swap:b', 'typo:c'], (s) => s.split(':')[0]);
    expect([...g.keys()]).toEqual(['typo', 'swap']);
    expect(g.get('typo')).toEqual(['typo:a', 'typo:c']);
  });
});

describe('pair evaluation wiring', () => {
  const person = (id: string, name: string) => new EntityBuilder('us_ofac_sdn', id, 'Person').addName(name, 'primary').build();
  const entities = [person('1', 'TUNIYAZ, Erken'), person('2', 'GERTLER, Dan'), person('3', 'ZIMENKOV, Igor Vladimirovich')];
  const index = MatchIndex.build(entities);
  const pair = (category: string, query: string, listed: string, id: string, label: 0 | 1): PairRow => ({
    category,
    schema: 'Person',
    query,
    listed_name: listed,
    entity_id: `us_ofac_sdn:${id}`,
    label,
    donor_id: label ? '' : 'us_ofac_sdn:2',
  });

  it('scores identical names as matches found by search, and unrelated names as no match', () => {
    const outcomes = evaluatePairs(
      [
        pair('case_punct', 'TUNIYAZ, Erken', 'TUNIYAZ, Erken', '1', 1),
        pair('case_punct', 'ZIMENKOV, Igor Vladimirovich', 'ZIMENKOV, Igor Vladimirovich', '3', 1),
        pair('same_family', 'Dan GERTLER', 'ZIMENKOV, Igor Vladimirovich', '3', 0),
      ],
      index,
      0.8,
    );
    expect(outcomes.map((o) => o.predicted)).toEqual([true, true, false]);
    expect(outcomes.map((o) => o.found)).toEqual([true, true, undefined]);
    expect(confusion(outcomes.map((o) => ({ label: o.pair.label, predicted: o.predicted })))).toEqual({ tp: 2, fn: 0, fp: 0, tn: 1 });
  });
});
