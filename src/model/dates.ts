/**
 * Partial dates as the lists state them. A PartialDate is a string:
 *   "1961"                   a year
 *   "1961-12"                a month
 *   "1961-12-05"             a day
 *   "1955-01-01/1955-12-31"  a range (ISO 8601 interval; each end itself partial)
 *   "~1960"                  circa a year (OFAC "circa 1960")
 * Strings keep entities JSON-plain and diffable; `dateBounds` turns one into a span for matching.
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function partial(y: number, m?: number, d?: number): string | undefined {
  if (!(y >= 1000 && y <= 2999)) return undefined;
  if (m === undefined || m === 0) return String(y);
  if (m < 1 || m > 12) return undefined;
  if (d === undefined || d === 0) return `${y}-${pad(m)}`;
  return validDay(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/** One date, no range: "01 Jan 1955", "Aug 1953", "1955", "1955-01-31", "31/01/1955", "01.01.1955". */
function parseSingle(text: string): string | undefined {
  const t = text.trim().replace(/\.$/, '');
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})$/))) return partial(+m[1]);
  if ((m = t.match(/^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:T.*)?$/))) return partial(+m[1], +m[2], m[3] ? +m[3] : undefined);
  if ((m = t.match(/^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/))) {
    const mo = MONTHS[m[2].toLowerCase()];
    return mo ? partial(+m[3], mo, +m[1]) : undefined;
  }
  if ((m = t.match(/^([A-Za-z]{3,9})\.?\s+(\d{1,2}),\s*(\d{4})$/))) {
    const mo = MONTHS[m[1].toLowerCase()];
    return mo ? partial(+m[3], mo, +m[2]) : undefined;
  }
  if ((m = t.match(/^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/))) {
    const mo = MONTHS[m[1].toLowerCase()];
    return mo ? partial(+m[2], mo) : undefined;
  }
  // Day-first numeric, as UK and Canadian lists write it; 00 means unknown.
  if ((m = t.match(/^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/))) return partial(+m[3], +m[2], +m[1]);
  if ((m = t.match(/^(\d{1,2})[/.](\d{4})$/))) return partial(+m[2], +m[1]);
  return undefined;
}

/**
 * Parses the date forms sanctions lists use into a PartialDate, or undefined if the text is
 * not a date (the caller then keeps the text verbatim as a remark).
 */
export function parseDate(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return undefined;
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(?:circa|ca\.?|approx(?:imately|\.)?|about)\s+(.+)$/i))) {
    const inner = parseSingle(m[1]);
    return inner && /^\d{4}$/.test(inner) ? `~${inner}` : inner;
  }
  if ((m = t.match(/^(?:between\s+)?(.+?)\s+(?:to|and|-|–)\s+(.+)$/i))) {
    const a = parseSingle(m[1]);
    const b = parseSingle(m[2]);
    if (a && b) return `${a}/${b}`;
  }
  return parseSingle(t);
}

/** True if the string is a well-formed PartialDate. */
export function isPartialDate(s: string): boolean {
  if (s.startsWith('~')) return /^~\d{4}$/.test(s);
  return s.split('/').every((p) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(p)) && s.split('/').length <= 2;
}

/** The first and last day a PartialDate can mean, as YYYY-MM-DD. Circa widens by two years. */
export function dateBounds(pd: string): { from: string; to: string } {
  if (pd.startsWith('~')) {
    const y = +pd.slice(1);
    return { from: `${y - 2}-01-01`, to: `${y + 2}-12-31` };
  }
  const [a, b = a] = pd.split('/');
  return { from: startOf(a), to: endOf(b) };
}

function startOf(p: string): string {
  const [y, m = '01', d = '01'] = p.split('-');
  return `${y}-${m}-${d}`;
}

function endOf(p: string): string {
  const [y, m, d] = p.split('-');
  if (d) return p;
  if (m) return `${y}-${m}-${pad(new Date(Date.UTC(+y, +m, 0)).getUTCDate())}`;
  return `${y}-12-31`;
}

/** Precision of a PartialDate: how much of it is known. */
export function datePrecision(pd: string): 'day' | 'month' | 'year' | 'range' | 'circa' {
  if (pd.startsWith('~')) return 'circa';
  if (pd.includes('/')) return 'range';
  const n = pd.split('-').length;
  return n === 3 ? 'day' : n === 2 ? 'month' : 'year';
}

/** Today as YYYY-MM-DD in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
