/**
 * Telling a business, an organisation and a person apart by the name alone, for lists that do
 * not say which a party is (BIS Denied Persons List, the BIS and State lists in the CSL) and
 * for OFSI entities (Company when the name carries a business legal form).
 *
 * The heuristic, in order:
 *   1. a business legal form among the name's words (LLC, LTD, INC, CORP, GMBH, S.A., JSC ...)
 *      -> Company;
 *   2. a word that names an organisation or trade (AIRLINES, AVIATION, TRADING, GROUP,
 *      TECHNOLOGY ...), a word starting AVIA / AERO (AVIASTAR, AEROFLOT), a web domain
 *      (MYNET.NET) or a single word (every person on these
 *      lists is written with at least a given and a family name) -> Organization;
 *   3. otherwise the caller's fallback (Person on the Denied Persons and ITAR debarred lists,
 *      which are mostly individuals; Organization on the Entity List and the others).
 * Limits: a business named like a person ("JOHN SMITH" trading under his own name) becomes a
 * Person, and a person whose name contains one of the words in rule 2 ("GROUP" is not a name,
 * but "TRADE" or "AIR" could be) becomes an Organization. Short forms that are also name
 * syllables (AG, AB, AS, SA, AO, CO ...) count only as the last word (or, for the Russian
 * forms written first, the first word), to keep "SA" in "SA WANG" from making a company.
 */

/** Forms that are never a word of a personal name, matched anywhere in the name. */
const UNAMBIGUOUS = new Set([
  'LLC', 'L.L.C.', 'LTD', 'LTD.', 'LTDA', 'LIMITED', 'INC', 'INC.', 'INCORPORATED', 'CORP', 'CORP.', 'CORPORATION',
  'COMPANY', 'CO.', 'GMBH', 'G.M.B.H.', 'PLC', 'P.L.C.', 'LLP', 'L.L.P.', 'JSC', 'OJSC', 'PJSC', 'CJSC', 'OOO', 'ZAO', 'OAO',
  'PAO', 'FZE', 'F.Z.E.', 'FZCO', 'FZC', 'FZ-LLC', 'PTE', 'PTE.', 'PVT', 'PVT.', 'BHD', 'BHD.', 'S.A.', 'S.L.', 'S.R.L.',
  'SRL', 'SARL', 'S.A.R.L.', 'S.P.A.', 'SPA.', 'B.V.', 'N.V.', 'A.G.', 'A/S', 'S.A.S.', 'S.A.C.', 'E.I.R.L.', 'AKTIENGESELLSCHAFT',
  'GMBH&CO', 'TNHH',
]);

/** Forms that are also syllables of personal names: only as the last (or first) word. */
const AMBIGUOUS_SUFFIX = new Set(['AG', 'AB', 'AS', 'SA', 'CO', 'BV', 'NV', 'SL', 'OY', 'SAS', 'SPA', 'KG', 'AO']);
const AMBIGUOUS_PREFIX = new Set(['AO', 'PT', 'TOO']);

const ORGANISATION_WORDS = new Set([
  'AIR', 'AIRLINE', 'AIRLINES', 'AIRWAYS', 'AVIATION', 'AVIA', 'AEROSPACE', 'SHIPPING', 'MARITIME', 'MARINE', 'LOGISTICS',
  'TRANSPORT', 'TRANSPORTATION', 'FREIGHT', 'CARGO', 'GROUP', 'HOLDING', 'HOLDINGS', 'TECHNOLOGY', 'TECHNOLOGIES', 'TECH',
  'TECHNIK', 'INTERNATIONAL', 'TRADING', 'TRADE', 'EXPORT', 'IMPORT', 'SERVICE', 'SERVICES', 'SYSTEMS', 'SOLUTIONS',
  'ELECTRONIC', 'ELECTRONICS', 'ELEKTRONIK', 'METALS', 'COMPUTERS', 'COMPUTER', 'INDUSTRIE', 'INDUSTRIES', 'INDUSTRIAL',
  'ENTERPRISE', 'ENTERPRISES', 'ASSOCIATES', 'COMMUNICATIONS', 'TELECOM', 'RESULTS', 'ZONE', 'MICROWAVE', 'SUPPLY',
  'SUPPLIES', 'MACHINERY', 'VERTRIEBS', 'ANSTALT', 'BANK', 'INSTITUTE', 'UNIVERSITY', 'CENTER', 'CENTRE', 'ACADEMY',
  'MINISTRY', 'DEPARTMENT', 'BUREAU', 'AGENCY', 'ORGANIZATION', 'ORGANISATION', 'FOUNDATION', 'ASSOCIATION', 'UNION',
  'FACTORY', 'PLANT', 'LABORATORY', 'LABORATORIES', 'RESEARCH', 'DEVELOPMENT', 'ENGINEERING', 'CONTRACTING', 'CONSULTING',
  'MANUFACTURING', 'PRODUCTS', 'EQUIPMENT', 'INSTRUMENTS', 'COMPONENTS', 'DEVICES', 'SEMICONDUCTOR', 'MICROELECTRONICS',
  'DIGITAL', 'ANALOG', 'WEB', 'ONLINE', 'NETWORK', 'NETWORKS', 'SOFTWARE', 'PETROLEUM', 'OIL', 'GAS', 'ENERGY', 'CHEMICAL',
  'CHEMICALS', 'PHARMACEUTICAL', 'MEDICAL', 'PARTNERS', 'VENTURES', 'CAPITAL', 'INVESTMENT', 'INVESTMENTS', 'FUND',
  'EXCHANGE', 'STORE', 'SHOP', 'MARKET', 'EMPRESA', 'COMMERCIO', 'SOCIEDAD', 'INSTITUT', 'ZAVOD', 'KOMBINAT',
]);

function words(name: string): string[] {
  return name
    .toUpperCase()
    .split(/[\s,()"]+/)
    .filter(Boolean);
}

/** The business legal form written in a name, if any (as written, upper-cased). */
export function businessLegalForm(name: string): string | undefined {
  const ws = words(name);
  const found = ws.find((w) => UNAMBIGUOUS.has(w) || UNAMBIGUOUS.has(w.replace(/\.$/, '')));
  if (found) return found;
  const last = ws[ws.length - 1]?.replace(/\.$/, '');
  if (ws.length > 1 && last && AMBIGUOUS_SUFFIX.has(last)) return last;
  const first = ws[0];
  if (ws.length > 1 && first && AMBIGUOUS_PREFIX.has(first)) return first;
  return undefined;
}

function looksLikeOrganisation(name: string): boolean {
  const ws = words(name).filter((w) => /\p{L}/u.test(w));
  if (ws.length <= 1) return true;
  return ws.some(
    (w) => ORGANISATION_WORDS.has(w.replace(/[.,]$/, '')) || /^(AVIA|AERO)/.test(w) || /^[A-Z0-9-]+\.(NET|COM|ORG|RU|IR|CN)$/.test(w),
  );
}

export type PartySchema = 'Person' | 'Organization' | 'Company';

/** Schema for a party whose list does not say what it is; see the heuristic above. */
export function guessPartySchema(name: string, fallback: 'Person' | 'Organization'): PartySchema {
  if (businessLegalForm(name)) return 'Company';
  if (looksLikeOrganisation(name)) return 'Organization';
  return fallback;
}
