import type { Entity, Identifier, IdentifierType } from '../model/entity.js';
import { countryCode, countryName } from '../model/countries.js';
import { dateBounds, datePrecision, isPartialDate, parseDate } from '../model/dates.js';
import type { FeatureEffect } from './types.js';

/**
 * Evidence besides the name: birth date, countries, gender, identifiers. Each comparison
 * returns a signed effect on the score and a sentence an analyst can check against the list.
 */

/** Effects, in score points. A conflict lowers more than an agreement raises: names decide. */
export const EFFECTS = {
  birthDateExact: 0.05,
  birthDateCompatible: 0.03,
  birthDateSwapped: 0.02,
  birthDateNear: -0.05,
  birthDateConflict: -0.2,
  countryMatch: 0.03,
  countryConflict: -0.1,
  genderConflict: -0.15,
  uniqueIdConflict: -0.15,
};

// ---------------------------------------------------------------- birth dates

/** A query date as a PartialDate: already one, or free text the lists' date grammar reads. */
export function normaliseDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (!t) return undefined;
  return isPartialDate(t) ? t : parseDate(t);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Dec 1961", "Dec 1961", "1961", "circa 1960", "1955 to 1957" for explanations. */
export function describeDate(pd: string): string {
  if (pd.startsWith('~')) return `circa ${pd.slice(1)}`;
  if (pd.includes('/')) return pd.split('/').map(describeDate).join(' to ');
  const [y, m, d] = pd.split('-');
  if (d) return `${+d} ${MONTH_NAMES[+m - 1]} ${y}`;
  if (m) return `${MONTH_NAMES[+m - 1]} ${y}`;
  return y;
}

function describeQueryDate(pd: string): string {
  const p = datePrecision(pd);
  return p === 'year' ? `birth year ${pd}` : `birth date ${describeDate(pd)}`;
}

/** The query's birth date against every birth date listed; the most favourable one counts. */
export function birthDateEvidence(queryDate: string | undefined, listed: string[]): FeatureEffect | undefined {
  if (!queryDate || !listed.length) return undefined;
  const q = readDate(queryDate);
  let best: DateVerdict | undefined;
  let bestListed = '';
  for (const l of listed) {
    const v = compareDates(q, readDate(l));
    if (!best || v.effect > best.effect) [best, bestListed] = [v, l];
  }
  return { feature: 'birth_date', effect: best!.effect, detail: `${describeQueryDate(queryDate)} ${best!.verb} listed ${describeDate(bestListed)}` };
}

/**
 * What birthDateEvidence adds to a score, without its explanation, for dates read beforehand
 * (readDate): an index keeps every entity's dates read, for bounds over many entities.
 */
export function birthDateEffect(q: ReadDate, listed: ReadDate[]): number {
  const fields: number[] = [];
  for (const l of listed) pushDateFields(l, fields);
  return keptBirthDateEffect(q, fields, 0, listed.length);
}

/**
 * A listed birth date kept as DATE_FIELDS numbers: its first and last day (YYYYMMDD) and whether
 * it is a full date. An index keeps every entity's so, in one array: comparing a query's date
 * with the entities it reaches then chases no objects.
 */
export const DATE_FIELDS = 3;

export function pushDateFields(d: ReadDate, out: number[]): void {
  out.push(d.lo, d.hi, d.day ? 1 : 0);
}

/** birthDateEffect of the dates kept in fields, from the from-th to before the to-th. */
export function keptBirthDateEffect(q: ReadDate, fields: ArrayLike<number>, from: number, to: number): number {
  if (to <= from) return 0;
  let best = -Infinity;
  for (let d = from * DATE_FIELDS; d < to * DATE_FIELDS; d += DATE_FIELDS) {
    best = Math.max(best, compareDates(q, keptDate(fields[d], fields[d + 1], fields[d + 2] === 1)).effect);
  }
  return best;
}

/** A kept date as compareDates reads it: one scratch object, refilled. */
const scratch: ReadDate = { text: '', lo: 0, hi: 0, fromYear: 0, toYear: 0, month: 0, day: 0 };
function keptDate(lo: number, hi: number, full: boolean): ReadDate {
  return withDays(scratch, lo, hi, full);
}

/** Fills a read date from its first and last day (YYYYMMDD) and whether it is a full date. */
function withDays(d: ReadDate, lo: number, hi: number, full: boolean): ReadDate {
  d.lo = lo;
  d.hi = hi;
  d.fromYear = (lo / 10000) | 0;
  d.toYear = (hi / 10000) | 0;
  d.month = full ? ((lo / 100) | 0) % 100 : 0;
  d.day = full ? lo % 100 : 0;
  return d;
}

interface DateVerdict {
  effect: number;
  verb: string;
}
const SAME: DateVerdict = { effect: EFFECTS.birthDateExact, verb: 'is the same as' };
const FITS: DateVerdict = { effect: EFFECTS.birthDateCompatible, verb: 'fits' };
const SWAPPED: DateVerdict = { effect: EFFECTS.birthDateSwapped, verb: 'has day and month swapped against' };
const ONE_PART: DateVerdict = { effect: EFFECTS.birthDateNear, verb: 'differs in one part from' };
const YEAR_AWAY: DateVerdict = { effect: EFFECTS.birthDateNear, verb: 'is a year away from' };
const ONE_FIGURE: DateVerdict = { effect: EFFECTS.birthDateNear, verb: 'differs by one figure from' };
const ABOUT_A_YEAR: DateVerdict = { effect: EFFECTS.birthDateNear, verb: 'is about a year away from' };
const CONFLICTS: DateVerdict = { effect: EFFECTS.birthDateConflict, verb: 'conflicts with' };

/**
 * A date as compareDates needs it, read once per date: a query is compared with the dates of
 * every entity it reaches, so a comparison reads numbers only. `month` and `day` are set
 * (1-based) for a full date, else 0.
 */
export interface ReadDate {
  text: string;
  /** The first and last day (YYYYMMDD). */
  lo: number;
  hi: number;
  fromYear: number;
  toYear: number;
  month: number;
  day: number;
}
const readDates = new Map<string, ReadDate>();
const MAX_READ_DATES = 100_000;

export function readDate(pd: string): ReadDate {
  let r = readDates.get(pd);
  if (!r) {
    if (readDates.size >= MAX_READ_DATES) readDates.clear();
    const { from, to } = dateBounds(pd);
    r = withDays({ text: pd, lo: 0, hi: 0, fromYear: 0, toYear: 0, month: 0, day: 0 }, +from.replace(/-/g, ''), +to.replace(/-/g, ''), datePrecision(pd) === 'day');
    readDates.set(pd, r);
  }
  return r;
}

function compareDates(q: ReadDate, l: ReadDate): DateVerdict {
  if (q.lo <= l.hi && l.lo <= q.hi) return q.day && l.day ? SAME : FITS;
  if (q.day && l.day) {
    // Two full dates (so fromYear is the year): a slip changes one part (the year by one, the
    // month or the day) or one figure; dates that differ in more are two birthdays.
    if (q.fromYear === l.fromYear && q.month === l.day && q.day === l.month) return SWAPPED;
    const parts = (q.fromYear !== l.fromYear ? 1 : 0) + (q.month !== l.month ? 1 : 0) + (q.day !== l.day ? 1 : 0);
    if (parts === 1 && q.fromYear === l.fromYear) return ONE_PART;
    if (parts === 1 && Math.abs(q.fromYear - l.fromYear) <= 1) return YEAR_AWAY;
    if (oneFigureApart(q.lo, l.lo)) return ONE_FIGURE;
    return CONFLICTS;
  }
  const gap = Math.min(Math.abs(q.fromYear - l.toYear), Math.abs(q.toYear - l.fromYear));
  return gap <= 1 ? ABOUT_A_YEAR : CONFLICTS;
}

/** Two numbers written with exactly one figure different (two full dates as YYYYMMDD). */
function oneFigureApart(a: number, b: number): boolean {
  let diff = 0;
  for (; a || b; a = Math.floor(a / 10), b = Math.floor(b / 10)) if (a % 10 !== b % 10 && ++diff > 1) return false;
  return diff === 1;
}

// ---------------------------------------------------------------- countries

/** Country codes the query names (ISO codes or names; unknown text is ignored). */
export function normaliseCountries(values: string[] | undefined): string[] {
  const out = new Set<string>();
  for (const v of values ?? []) {
    const c = countryCode(v);
    if (c) out.add(c);
  }
  return [...out];
}

/** Every country the lists tie an entity to: nationality, citizenship, jurisdiction, flag, addresses. */
export function entityCountries(e: Entity): string[] {
  const out = new Set<string>();
  const p = e.properties;
  for (const list of [p.nationality, p.citizenship, p.country, p.jurisdiction, p.flag]) for (const c of list ?? []) out.add(c);
  for (const a of e.addresses) if (a.country) out.add(a.country);
  return [...out];
}

export function countryEvidence(query: string[], listed: string[]): FeatureEffect | undefined {
  if (!query.length || !listed.length) return undefined;
  const shared = query.filter((c) => listed.includes(c));
  const names = (cs: string[]) => cs.map(countryName).join(', ');
  return {
    feature: 'country',
    effect: countriesEffect(true, shared.length > 0),
    detail: shared.length ? `country ${names(shared)} is on the listing` : `query country ${names(query)} is not among the listed ${names(listed)}`,
  };
}

/**
 * The rule of countryEvidence for a query that names a country, without its explanation:
 * nothing when the listing names none, else agreement when they share one and a conflict when
 * not. (An index compares countries as numbers and applies the rule for bounds over many entities.)
 */
export function countriesEffect(listedAny: boolean, shared: boolean): number {
  return !listedAny ? 0 : shared ? EFFECTS.countryMatch : EFFECTS.countryConflict;
}

// ---------------------------------------------------------------- gender

export function genderEvidence(query: string | undefined, listed: string[] | undefined): FeatureEffect | undefined {
  if (!query || !listed?.length) return undefined;
  if (listed.includes(query)) return { feature: 'gender', effect: 0, detail: `gender ${query} as listed` };
  return { feature: 'gender', effect: EFFECTS.genderConflict, detail: `query gender ${query}, listed ${listed.join('/')}` };
}

// ---------------------------------------------------------------- identifiers

export interface NormalisedId {
  type?: IdentifierType;
  value: string;
  country?: string;
  /** As the publisher or the query wrote it, for explanations. */
  shown: string;
}

/** Identifiers that name one thing only: two different ones mean two different things. */
const UNIQUE_PER_THING = new Set<IdentifierType>(['imo', 'isin', 'lei', 'mmsi']);
/** Identifiers that are list bookkeeping, not facts a query could carry. */
const NOT_COMPARABLE = new Set<IdentifierType>(['ofac_uid', 'uk_ofsi_group']);

/** Upper case, letters and digits only; "IMO 9187629" and "9187629" are one number. */
export function normaliseIdValue(type: IdentifierType | undefined, value: string): string {
  let v = value.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (type === 'imo' || !type) v = v.replace(/^IMO(?=\d{7}$)/, '');
  // A BIC of eleven with branch code XXX is the head office: the eight-letter BIC itself.
  if ((type === 'bic' || !type) && v.length === 11 && v.endsWith('XXX') && /^[A-Z]{6}[0-9A-Z]{2}XXX$/.test(v)) v = v.slice(0, 8);
  return v;
}

export function normaliseIdentifier(id: { type?: IdentifierType; value: string; country?: string }): NormalisedId | undefined {
  const value = normaliseIdValue(id.type, id.value);
  if (value.length < 4) return undefined;
  const out: NormalisedId = { value, shown: id.value };
  if (id.type) out.type = id.type;
  const c = id.country ? countryCode(id.country) : undefined;
  if (c) out.country = c;
  return out;
}

export function entityIdentifiers(e: Entity): NormalisedId[] {
  const out: NormalisedId[] = [];
  for (const id of e.identifiers as Identifier[]) {
    if (NOT_COMPARABLE.has(id.type)) continue;
    const n = normaliseIdentifier(id);
    if (n) out.push(n);
  }
  return out;
}

const typesAgree = (a?: IdentifierType, b?: IdentifierType) => !a || !b || a === b || a === 'other' || b === 'other';
const countriesAgree = (a?: string, b?: string) => !a || !b || a === b;

export interface IdentifierOutcome {
  /** An identifier of the query is on the listing: decisive. */
  decisive?: FeatureEffect;
  /** A one-per-thing identifier (IMO, ISIN, LEI, MMSI) differs. */
  conflict?: FeatureEffect;
}

export function identifierEvidence(query: NormalisedId[], listed: NormalisedId[]): IdentifierOutcome {
  if (!query.length || !listed.length) return {};
  for (const q of query) {
    for (const l of listed) {
      if (q.value === l.value && typesAgree(q.type, l.type) && countriesAgree(q.country, l.country)) {
        const label = l.type ? l.type.replace(/_/g, ' ') : 'identifier';
        return {
          decisive: {
            feature: 'identifier',
            effect: 0,
            detail: `${label} ${l.shown}${l.country ? ` (${countryName(l.country)})` : ''} is on the listing: the same ${label} identifies the same party`,
          },
        };
      }
    }
  }
  for (const q of query) {
    if (!q.type || !UNIQUE_PER_THING.has(q.type)) continue;
    const other = listed.find((l) => l.type === q.type);
    if (other) {
      return {
        conflict: {
          feature: 'identifier',
          effect: EFFECTS.uniqueIdConflict,
          detail: `query ${q.type.toUpperCase()} ${q.shown} differs from listed ${other.shown}`,
        },
      };
    }
  }
  return {};
}
