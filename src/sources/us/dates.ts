import { parseDate } from '../../model/dates.js';

/**
 * US month-first dates ("06/19/2003"). parseDate reads numeric dates day-first, as the UK and
 * Canadian lists write them, so US files convert here first.
 */
export function usDate(text: string | undefined): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const iso = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  const parsed = parseDate(iso);
  // parseDate keeps a month for day 00; a US list never means that, so insist on a full day.
  return parsed && parsed.length === 10 ? parsed : undefined;
}

/** The later of two PartialDates of the same precision (plain string order works for ISO dates). */
export function laterDate(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return b > a ? b : a;
}
