import type { Entity, Listing, Measure } from '../model/entity.js';
import { dateBounds } from '../model/dates.js';

/**
 * What a listing means for the user on a given date, in plain words: "blocked", "purchase
 * of its securities prohibited since ...", "sales to divest permitted until ...".
 * The law itself is in src/measures/lists.ts; this turns it into a verdict for one date.
 */

export type Jurisdiction = 'us' | 'uk' | 'eu' | 'un' | 'ca';

/** Which authority binds a user in each jurisdiction (UN measures bind every member state). */
const BINDS: Record<Jurisdiction, (l: Listing) => boolean> = {
  us: (l) => l.source.startsWith('us_') || l.source === 'un_sc',
  uk: (l) => l.source === 'uk_ofsi' || l.source === 'un_sc',
  eu: (l) => l.source === 'un_sc',
  un: (l) => l.source === 'un_sc',
  ca: (l) => l.source === 'ca_sema' || l.source === 'un_sc',
};

export interface MeasureView {
  source: string;
  list: string;
  type: Measure['type'];
  /** The measure in plain words with its dates, e.g. "NS-CMIC: purchase ... prohibited since 2022-02-08". */
  text: string;
  /** On the date asked about: in force, not yet in force, or over (e.g. the divestment window closed). */
  status: 'in_force' | 'not_yet' | 'ended';
  from?: string;
  until?: string;
  /** True when the listing's authority binds the user's jurisdiction. */
  binding: boolean;
}

export function measuresFor(entity: Entity, opts: { on: string; jurisdiction?: Jurisdiction }): MeasureView[] {
  const binds = BINDS[opts.jurisdiction ?? 'us'];
  return entity.listings.flatMap((l) =>
    l.measures.map((m) => view(l, m, opts.on, binds(l))),
  );
}

function view(l: Listing, m: Measure, on: string, binding: boolean): MeasureView {
  const from = m.from ? dateBounds(m.from).from : undefined;
  const until = m.until ? dateBounds(m.until).to : undefined;
  let status: MeasureView['status'] = 'in_force';
  if (from && on < from) status = 'not_yet';
  if (until && on > until) status = 'ended';
  const v: MeasureView = { source: l.source, list: l.list, type: m.type, text: `${l.list}: ${sentence(m, status, from, until)}`, status, binding };
  if (from) v.from = from;
  if (until) v.until = until;
  return v;
}

function sentence(m: Measure, status: MeasureView['status'], from?: string, until?: string): string {
  let s = lowerFirst(m.description);
  if (from) s += status === 'not_yet' ? ` from ${from} (not yet in force)` : ` since ${from}`;
  if (until) s += status === 'ended' ? `; this ended on ${until}` : ` until ${until}`;
  if (m.details) s += ` (${m.details})`;
  return s;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);

/** Is the party blocked (assets frozen / dealings prohibited) under a binding listing? */
export function isBlocked(entity: Entity, opts: { on: string; jurisdiction?: Jurisdiction }): boolean {
  return measuresFor(entity, opts).some(
    (m) => m.binding && m.status === 'in_force' && (m.type === 'asset_freeze' || m.type === 'prohibited_dealings'),
  );
}

export interface SecurityVerdict {
  entityId: string;
  caption: string;
  list: string;
  listedOn?: string;
  /** Date from which purchases are prohibited. */
  purchaseProhibitedFrom?: string;
  /** Last date on which sales to divest are permitted. */
  divestUntil?: string;
  purchaseProhibited: boolean;
  divestmentAllowed: boolean;
  /** One sentence a trader can act on. */
  summary: string;
}

/**
 * The NS-CMIC verdict for a date: may a US person buy, may they still sell to divest.
 * Dates come from the listing's investment-ban measure (from = effective date) and its
 * divestment measure (until = purchase/sales for divestment date).
 */
export function securityVerdict(entity: Entity, on: string): SecurityVerdict | undefined {
  const listing = entity.listings.find((l) => l.measures.some((m) => m.type === 'investment_ban'));
  if (!listing) return undefined;
  const ban = listing.measures.find((m) => m.type === 'investment_ban' && m.from) ?? listing.measures.find((m) => m.type === 'investment_ban');
  const divest = listing.measures.find((m) => m.until);
  const from = ban?.from ? dateBounds(ban.from).from : listing.listedOn ? dateBounds(listing.listedOn).from : undefined;
  const until = divest?.until ? dateBounds(divest.until).to : undefined;
  const purchaseProhibited = from ? on >= from : true;
  const divestmentAllowed = until ? on <= until : false;
  const parts: string[] = [];
  if (purchaseProhibited) parts.push(`purchase prohibited${from ? ` since ${from}` : ''}`);
  else parts.push(`purchase still permitted until ${dayBefore(from!)}; prohibited from ${from}`);
  if (until) parts.push(divestmentAllowed ? `sales to divest allowed until ${until}` : `the divestment window closed on ${until}`);
  const v: SecurityVerdict = {
    entityId: entity.id,
    caption: entity.caption,
    list: listing.list,
    purchaseProhibited,
    divestmentAllowed,
    summary: `${listing.list} on ${on}: ${parts.join('; ')}`,
  };
  if (listing.listedOn) v.listedOn = listing.listedOn;
  if (from) v.purchaseProhibitedFrom = from;
  if (until) v.divestUntil = until;
  return v;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
