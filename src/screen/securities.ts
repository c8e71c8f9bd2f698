import type { Entity } from '../model/entity.js';
import { securityVerdict, type SecurityVerdict } from '../measures/interpret.js';
import type { ScreeningContext } from './screener.js';
import { DEFAULT_THRESHOLD } from '../match/index.js';

/**
 * Securities screening: is an ISIN, ticker or issuer on a list that bans investment
 * (NS-CMIC), and on a given date may a US person buy it, or still sell it to divest?
 */

export type SecurityQuery = { isin: string } | { ticker: string } | { issuer: string };

export interface SecurityResult {
  query: SecurityQuery;
  /** False when no investment-ban listing covers the security. */
  listed: boolean;
  verdicts: SecurityVerdict[];
  /** How the security was found: identifier, ticker or issuer-name match with its score. */
  matchedBy?: string;
}

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;

export function isIsin(v: string): boolean {
  return ISIN.test(v.trim().toUpperCase());
}

export function screenSecurity(ctx: ScreeningContext, q: SecurityQuery, on: string): SecurityResult {
  const banned = ctx.entities.filter(hasInvestmentBan);
  let found: Array<{ e: Entity; how: string }> = [];
  if ('isin' in q) {
    const isin = q.isin.trim().toUpperCase();
    found = banned.filter((e) => e.identifiers.some((i) => i.type === 'isin' && i.value.toUpperCase() === isin)).map((e) => ({ e, how: `ISIN ${isin}` }));
  } else if ('ticker' in q) {
    const t = normTicker(q.ticker);
    found = banned
      .filter((e) => (e.properties.ticker ?? []).some((x) => normTicker(x) === t || normTicker(x).split(' ')[0] === t))
      .map((e) => ({ e, how: `ticker ${q.ticker}` }));
  } else {
    const hits = ctx.index.search({ name: q.issuer, schema: 'Organization' }, { threshold: DEFAULT_THRESHOLD, limit: 20 });
    found = hits
      .filter((h) => hasInvestmentBan(ctx.byId.get(h.entity.id) ?? h.entity))
      .map((h) => ({ e: ctx.byId.get(h.entity.id)!, how: `issuer name (score ${h.result.score.toFixed(2)}: ${h.result.explanation.matchedName})` }));
  }
  const verdicts = found.map(({ e }) => securityVerdict(e, on)!).filter(Boolean);
  const r: SecurityResult = { query: q, listed: verdicts.length > 0, verdicts };
  if (found.length) r.matchedBy = found[0].how;
  return r;
}

function hasInvestmentBan(e: Entity): boolean {
  return e.listings.some((l) => l.measures.some((m) => m.type === 'investment_ban'));
}

const normTicker = (t: string) => t.trim().toUpperCase().replace(/\s+/g, ' ');

/** A portfolio line: an ISIN, else a ticker if it looks like one, else an issuer name. */
export function securityQueryFromText(v: string): SecurityQuery {
  const t = v.trim();
  if (isIsin(t)) return { isin: t.toUpperCase() };
  if (/^[A-Z0-9.]{1,8}( [A-Z]{2})?$/.test(t)) return { ticker: t };
  return { issuer: t };
}
