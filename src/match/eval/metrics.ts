/** Counting outcomes of labelled decisions: confusion counts, precision, recall, F1, percentiles. */

export interface Decision {
  /** 1: should match; 0: should not. */
  label: 0 | 1;
  /** Whether the engine matched. */
  predicted: boolean;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function confusion(decisions: Iterable<Decision>): Confusion {
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const d of decisions) {
    if (d.label === 1) d.predicted ? c.tp++ : c.fn++;
    else d.predicted ? c.fp++ : c.tn++;
  }
  return c;
}

/** Share of matches that were right; NaN when nothing matched (no evidence either way). */
export function precision(c: Confusion): number {
  return ratio(c.tp, c.tp + c.fp);
}

/** Share of should-match pairs that matched; NaN without positives. */
export function recall(c: Confusion): number {
  return ratio(c.tp, c.tp + c.fn);
}

/** Share of should-not-match pairs that matched anyway; NaN without negatives. */
export function falseMatchRate(c: Confusion): number {
  return ratio(c.fp, c.fp + c.tn);
}

export function f1(c: Confusion): number {
  const p = precision(c);
  const r = recall(c);
  if (Number.isNaN(p) || Number.isNaN(r)) return NaN;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? NaN : part / whole;
}

export function perThousand(part: number, whole: number): number {
  return ratio(part * 1000, whole);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** "0.974", or "n/a" when there was nothing to measure. */
export function fmt(value: number, digits = 3): string {
  return Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

export function pct(value: number, digits = 1): string {
  return Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}
