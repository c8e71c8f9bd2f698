import type { Identifier, IdentifierType, Measure, MeasureType } from '../../model/entity.js';
import type { PropertyName } from '../../model/schema.js';
import { parseDate } from '../../model/dates.js';
import { countryCode } from '../../model/countries.js';
import type { OfacAlias, OfacEntryType } from './record.js';

/**
 * OFAC remarks: "; "-separated facts closed by a full stop, e.g.
 *   "DOB Dec 1961; POB Aksu, Xinjiang, China; nationality China; Gender Male; Linked To: X."
 * The legacy XML states the same facts as idList items, dateOfBirthList ... and free remarks;
 * legacy_xml.ts writes those back in this wording, so one parser reads both formats.
 */

/** What one remark fact says, ready for the entity builder. */
export type Fact =
  | { kind: 'property'; prop: PropertyName; value: string }
  | { kind: 'identifier'; id: Identifier }
  | { kind: 'alias'; alias: OfacAlias }
  | { kind: 'link'; targetName: string }
  /** A date the listing states: CMIC listing / effective / divestment, directive dates. */
  | { kind: 'listingDate'; key: string; value: string }
  /** A restriction the entry states; `executiveOrder` says which listing it belongs to. */
  | { kind: 'measure'; measure: Measure; executiveOrder?: string }
  | { kind: 'unparsed'; text: string };

export interface FactContext {
  type: OfacEntryType;
  /** The entry's Title column ("Major General; Commander ..."): OFAC repeats each title as a remark fact. */
  title?: string;
}

/** Keys of the CMIC dates in Fact.listingDate. */
export const CMIC_LISTED = 'listed (CMIC)';
export const CMIC_EFFECTIVE = 'effective (CMIC)';
export const CMIC_DIVESTMENT = 'divestment (CMIC)';

/** Splits a remarks text into its facts. */
export function splitRemarks(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/;\s*/)
    .map(normaliseFact)
    .filter((f) => f.length > 0);
}

/**
 * One fact in the form both formats share: "alt. " (a second value of the same kind) carries
 * no meaning of its own, and the closing full stop is punctuation of the remarks text, which
 * the XML's values sometimes have and sometimes not.
 */
export function normaliseFact(part: string): string {
  // Most facts need none of it; testing first saves four string copies per fact.
  if (!NEEDS_NORMALISING.test(part)) return part;
  return part
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^alt\.\s+/i, '')
    .replace(/\.+$/, '')
    .trim();
}

const NEEDS_NORMALISING = /^\s|\s$|\s\s|[\t\r\n]|^alt\.\s|\.$/i;

/** Reads one normalised fact; what it cannot read comes back as 'unparsed', verbatim. */
export function parseFact(text: string, ctx: FactContext): Fact {
  // Only rules whose literal start fits are tried: a list has ~60k facts and ~60 rules.
  for (const rule of RULES_BY_FIRST.get(text.charAt(0).toLowerCase()) ?? RULES_WITHOUT_PREFIX) {
    if (!startsWithIgnoringCase(text, rule.prefix)) continue;
    const m = text.match(rule.re);
    if (!m) continue;
    const fact = rule.read(m, ctx, text);
    if (fact) return fact;
  }
  const id = readIdentifier(text);
  if (id) return id;
  if (ctx.title && splitRemarks(ctx.title).includes(text)) return { kind: 'property', prop: 'title', value: text };
  return { kind: 'unparsed', text };
}

interface RuleDef {
  re: RegExp;
  read(m: RegExpMatchArray, ctx: FactContext, text: string): Fact | undefined;
}

interface Rule extends RuleDef {
  /** Lower-case literal text every match starts with ('' when the pattern starts otherwise). */
  prefix: string;
}

/** `text` starts with `lowerPrefix`, compared without case and without allocating. */
function startsWithIgnoringCase(text: string, lowerPrefix: string): boolean {
  if (text.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/** The literal start of an anchored pattern: /^Vessel Flag (.+)$/ -> "vessel flag ". */
function literalPrefix(re: RegExp): string {
  const src = re.source;
  let out = '';
  for (let i = 1; i < src.length; i++) {
    let ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (!next || /[A-Za-z0-9]/.test(next)) break;
      ch = next;
      i++;
    } else if ('()[]{}.*+?|^$'.includes(ch)) break;
    // A quantifier makes the character before it optional: it is not part of the prefix.
    if ('?*{'.includes(src[i + 1] ?? '')) break;
    out += ch;
  }
  return out.toLowerCase();
}

const prop = (p: PropertyName, value: string | undefined): Fact | undefined =>
  value ? { kind: 'property', prop: p, value } : undefined;

const dateProp = (p: PropertyName, text: string): Fact | undefined => prop(p, parseDate(text));

/** countryCode, remembered: a list names the same few hundred countries tens of thousands of times. */
export const countryOf = (() => {
  const cache = new Map<string, string | undefined>();
  return (name: string): string | undefined => {
    if (!cache.has(name)) cache.set(name, countryCode(stripRegion(name)));
    return cache.get(name);
  };
})();

const countryProp = (p: PropertyName, text: string): Fact | undefined => prop(p, countryOf(text));

/** OFAC writes some territories as "Region: Crimea"; the country is what follows. */
export function stripRegion(text: string): string {
  return text.replace(/^Region:\s*/i, '');
}

const RULE_DEFS: RuleDef[] = [
  { re: /^DOB (.+)$/, read: (m) => dateProp('birthDate', m[1]) },
  { re: /^POB (.+)$/, read: (m) => prop('birthPlace', m[1]) },
  { re: /^nationality (.+)$/i, read: (m) => countryProp('nationality', m[1]) },
  { re: /^citizen (.+)$/i, read: (m) => countryProp('citizenship', m[1]) },
  { re: /^Gender (Male|Female)$/i, read: (m) => prop('gender', m[1].toLowerCase()) },
  // The XML's free remarks write it "(Linked To: X)"; names may end in a bracket of their own.
  { re: /^\(Linked To: (.+)\)$/, read: (m) => ({ kind: 'link', targetName: m[1].trim() }) },
  { re: /^Linked To: (.+)$/, read: (m) => ({ kind: 'link', targetName: m[1].trim() }) },
  {
    re: /^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.),? '(.+)'$/,
    // OFAC lists its weak a.k.a.s in the remarks, in quotes; strong ones are in alt.csv.
    read: (m) => ({ kind: 'alias', alias: { full: m[2].trim(), type: m[1] as OfacAlias['type'], category: 'weak' } }),
  },
  { re: /^Secondary sanctions risk:? (.+)$/i, read: (m) => prop('secondarySanctions', m[1]) },
  { re: /^Additional Sanctions Information -? ?(.+)$/i, read: (m) => prop('secondarySanctions', m[1]) },
  { re: /^Position:? (.+)$/, read: (m) => prop('position', m[1]) },
  { re: /^Title:? (.+)$/, read: (m) => prop('title', m[1]) },
  { re: /^Email Address (.+)$/i, read: (m) => prop('email', m[1]) },
  { re: /^Website (.+)$/i, read: (m) => prop('website', m[1]) },
  { re: /^(?:Phone Number|Phone|Telephone(?: No\.| Number)?|Tel\.?):? (.+)$/i, read: (m) => prop('phone', m[1]) },
  { re: /^(Fax(?: No\.| Number)?):? (.+)$/i, read: (m) => prop('notes', `Fax ${m[2]}`) },
  { re: /^Target Type (.+)$/, read: (m) => prop('targetType', m[1]) },
  { re: /^Organization Established Date (.+)$/, read: (m) => dateProp('incorporationDate', m[1]) },
  { re: /^Organization Type:? (.+)$/, read: (m) => prop('sector', m[1]) },
  { re: /^Nationality of Registration (.+)$/, read: (m) => countryProp('jurisdiction', m[1]) },
  { re: /^Registration Country (.+)$/, read: (m) => countryProp('jurisdiction', m[1]) },
  // vessels
  { re: /^(?:Other )?Vessel Type (.+)$/, read: (m) => prop('vesselType', m[1]) },
  { re: /^(?:Other )?Vessel Flag (.+)$/, read: (m) => countryProp('flag', m[1]) },
  { re: /^Former Vessel Flag (.+)$/, read: (m, _c, t) => (countryOf(m[1]) ? prop('notes', t) : undefined) },
  { re: /^Vessel Year of Build (.+)$/, read: (m) => dateProp('buildDate', m[1]) },
  { re: /^(?:Other )?Vessel Call Sign (.+)$/, read: (m) => identifier('call_sign', m[1], 'Call Sign') },
  { re: /^MMSI (\d{9})$/, read: (m) => identifier('mmsi', m[1], 'MMSI') },
  { re: /^(Vessel Registration Identification) IMO (\d{7})$/, read: (m) => identifier('imo', m[2], m[1]) },
  {
    // The IMO also numbers ship owners and managers; only a vessel's number is a ship's IMO.
    re: /^((?:Identification|Company) Number) IMO (\d{7})$/,
    read: (m, ctx) => identifier(ctx.type === 'vessel' ? 'imo' : 'registration', m[2], `${m[1]} IMO`),
  },
  // aircraft
  { re: /^Aircraft Model (.+)$/, read: (m) => prop('aircraftModel', m[1]) },
  { re: /^Aircraft Manufacture Date (.+)$/, read: (m) => dateProp('manufactureDate', m[1]) },
  { re: /^Aircraft Operator (.+)$/, read: (m) => prop('operator', m[1]) },
  { re: /^(Aircraft Manufacturer's Serial Number \(MSN\)) (.+)$/, read: (m) => identifier('aircraft_serial', m[2], m[1]) },
  { re: /^(Aircraft Tail Number) (.+)$/, read: (m) => identifier('aircraft_tail', m[2], m[1]) },
  { re: /^(Previous Aircraft Tail Number) (.+)$/, read: (m) => identifier('aircraft_tail', m[2], m[1], 'previous') },
  { re: /^(Aircraft Construction Number \(also called L\/N or S\/N or F\/N\)) (.+)$/, read: (m) => identifier('other', m[2], m[1]) },
  { re: /^(Aircraft Mode S Transponder Code) (.+)$/, read: (m) => identifier('other', m[2], m[1]) },
  // securities (NS-CMIC)
  { re: /^Equity Ticker (.+)$/, read: (m) => prop('ticker', m[1]) },
  { re: /^Issuer Name (.+)$/, read: (m) => prop('issuerName', m[1]) },
  {
    // Kept as the publisher wrote it even when malformed: screening compares it verbatim.
    re: /^ISIN (\S+)$/,
    read: (m) => identifier('isin', m[1], 'ISIN', /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(m[1]) ? undefined : 'not a well-formed ISIN'),
  },
  { re: /^Listing Date \(CMIC\):? (.+)$/, read: (m) => listingDate(CMIC_LISTED, m[1]) },
  { re: /^Effective Date \(CMIC\):? (.+)$/, read: (m) => listingDate(CMIC_EFFECTIVE, m[1]) },
  { re: /^Purchase\/Sales For Divestment Date \(CMIC\):? (.+)$/, read: (m) => listingDate(CMIC_DIVESTMENT, m[1]) },
  // directives and other sanctions information
  { re: /^Listing Date \((EO \d+ Directive [^)]+)\):? (.+)$/, read: (m) => listingDate(`listed (${m[1]})`, m[2]) },
  { re: /^Effective Date \((EO \d+ Directive [^)]+)\):? (.+)$/, read: (m) => listingDate(`effective (${m[1]})`, m[2]) },
  { re: /^Digital Currency Address - (\w+):? (\S+)$/, read: (m) => identifier('crypto_wallet', m[2], `Digital Currency Address - ${m[1]}`) },
  {
    // A few entries lack the space between the currency and the address.
    re: /^Digital Currency Address - (XBT|ETH|XMR|LTC|ZEC|DASH|BTG|ETC|BSV|BCH|XVG|USDT|USDC|XRP|TRX|ARB|BSC|SOL)(\S{20,})$/,
    read: (m) => identifier('crypto_wallet', m[2], `Digital Currency Address - ${m[1]}`),
  },
  { re: /^(?:.* )?(?:F|f)or more information.* (https?:\/\/\S+)$/, read: (_m, _c, t) => prop('notes', t) },
  { re: /^Executive Order (\d+) Directive Determination -? ?(.+)$/, read: (m) => directiveMeasure(m[1], m[2]) },
  { re: /^Executive Order (\d+) Directive Information(?: -|:)? (.+)$/, read: (m) => directiveMeasure(m[1], m[2]) },
  { re: /^Executive Order (\d+) information:? (.+)$/i, read: (m) => statedMeasure(m[2], `E.O. ${m[1]}`, m[1]) },
  { re: /^CAATSA Section (\d+) Information:? (.+)$/, read: (m) => statedMeasure(m[2], `CAATSA section ${m[1]}`) },
  { re: /^IFCA Determination -? ?(.+)$/, read: (m) => statedMeasure(m[1], 'Iran Freedom and Counter-Proliferation Act determination') },
  {
    re: /^Transactions Prohibited For Persons Owned or Controlled By U\.?S\.? Financial Institutions:? (.+)$/i,
    read: (m) => ({
      kind: 'measure',
      measure: {
        type: 'prohibited_dealings',
        description: 'Foreign entities owned or controlled by US financial institutions may not deal with it',
        details: m[1],
      },
    }),
  },
  {
    re: /^United States financial institutions are prohibited from opening or maintaining a correspondent account .*$/i,
    read: (_m, _c, t) => ({ kind: 'measure', measure: { type: 'correspondent_account_restriction', description: t } }),
  },
];

const RULES: Rule[] = RULE_DEFS.map((r) => ({ ...r, prefix: literalPrefix(r.re) }));
const RULES_WITHOUT_PREFIX = RULES.filter((r) => r.prefix === '');
/** Rules by the first letter of their literal start, in table order, those without one included. */
const RULES_BY_FIRST = new Map(
  [...new Set(RULES.map((r) => r.prefix.charAt(0)).filter(Boolean))].map((c) => [c, RULES.filter((r) => r.prefix === '' || r.prefix[0] === c)]),
);

function listingDate(key: string, text: string): Fact | undefined {
  const value = parseDate(text);
  return value ? { kind: 'listingDate', key, value } : undefined;
}

function identifier(type: IdentifierType, value: string, label: string, note?: string): Fact {
  const id: Identifier = { type, value: value.trim(), label };
  if (note) id.note = note;
  return { kind: 'identifier', id };
}

/** E.O. 13662 directives in plain words (OFAC's Sectoral Sanctions Identifications). */
const EO13662_DIRECTIVES: Record<string, { type: MeasureType; description: string }> = {
  '1': { type: 'debt_equity_restriction', description: 'US persons may not deal in its new debt of longer than 14 days maturity or its new equity (E.O. 13662 Directive 1, financial services sector)' },
  '2': { type: 'debt_equity_restriction', description: 'US persons may not deal in its new debt of longer than 60 days maturity (E.O. 13662 Directive 2, energy sector)' },
  '3': { type: 'debt_equity_restriction', description: 'US persons may not deal in its new debt of longer than 30 days maturity (E.O. 13662 Directive 3, defense and related materiel sector)' },
  '4': { type: 'other', description: 'US persons may not supply goods, services (other than financial services) or technology for deepwater, Arctic offshore or shale projects that could produce oil and involve it (E.O. 13662 Directive 4)' },
};

function directiveMeasure(order: string, text: string): Fact {
  const directive = text.match(/^Subject to Directive (\w+)$/i);
  const known = order === '13662' && directive ? EO13662_DIRECTIVES[directive[1]] : undefined;
  if (known) return { kind: 'measure', measure: { ...known, details: text }, executiveOrder: order };
  const stated = text.match(/^Subject to (Directive [\w.]+) - (.+)$/i);
  const description = stated ? `Subject to E.O. ${order} ${stated[1]}: ${stated[2]}` : `E.O. ${order} directive: ${text}`;
  return { kind: 'measure', measure: { type: measureTypeOf(text), description }, executiveOrder: order };
}

function statedMeasure(text: string, authority: string, order?: string): Fact {
  const fact: Fact = { kind: 'measure', measure: { type: measureTypeOf(text), description: `${authority}: ${text}` } };
  if (order) fact.executiveOrder = order;
  return fact;
}

function measureTypeOf(text: string): MeasureType {
  if (/correspondent account|payable-through/i.test(text)) return 'correspondent_account_restriction';
  if (/\b(debt|equity)\b/i.test(text)) return 'debt_equity_restriction';
  return 'other';
}

/**
 * Identity documents and registry numbers: "<label> <number> (<country>)", sometimes with
 * "issued <date>" / "expires <date>". OFAC uses a few hundred labels; the table types the
 * common ones, and any "... No./Number/ID ..." label with a country is an identifier too.
 */
const ID_LABELS: Array<[string, IdentifierType]> = [
  ['Passport', 'passport'],
  ['Diplomatic Passport', 'passport'],
  ['Service Passport', 'passport'],
  ['Official Passport', 'passport'],
  ['Travel Document Number', 'passport'],
  ['UAE Identification', 'national_id'],
  ['I.F.E.', 'national_id'],
  ['National ID No.', 'national_id'],
  ['Cedula No.', 'national_id'],
  ['Identification Number', 'national_id'],
  ['D.N.I.', 'national_id'],
  ['C.U.R.P.', 'national_id'],
  ['C.U.I.', 'national_id'],
  ['Personal ID Card', 'national_id'],
  ['Kenyan ID No.', 'national_id'],
  ['Turkish Identification Number', 'national_id'],
  ["Citizen's Card Number", 'national_id'],
  ['National Foreign ID Number', 'national_id'],
  ['Numero de Identidad', 'national_id'],
  ['SSN', 'national_id'],
  ['Residency Number', 'national_id'],
  ['Birth Certificate Number', 'national_id'],
  ['Credencial electoral', 'national_id'],
  ['Electoral Registry No.', 'national_id'],
  ['Tax ID No.', 'tax_id'],
  ['RFC', 'tax_id'],
  ['NIT #', 'tax_id'],
  ['V.A.T. Number', 'tax_id'],
  ['US FEIN', 'tax_id'],
  ['C.U.I.T.', 'tax_id'],
  ['RUC #', 'tax_id'],
  ['RTN', 'tax_id'],
  ['R.I.F.', 'tax_id'],
  ['Taxpayer Identification Number', 'tax_id'],
  ['RIF #', 'tax_id'],
  ['R.F.C.', 'tax_id'],
  ['R.F.C. #', 'tax_id'],
  ['C.I.F.', 'tax_id'],
  ['Italian Fiscal Code', 'tax_id'],
  ['Paraguayan tax identification number', 'tax_id'],
  ['Numero Unico de Identificacao Tributaria (NUIT)', 'tax_id'],
  ['Legal Entity Number', 'lei'],
  ['SWIFT/BIC', 'bic'],
  ['D-U-N-S Number', 'duns'],
  ['Registration Number', 'registration'],
  ['Registration ID', 'registration'],
  ['Business Registration Number', 'registration'],
  ['Business Registration Document #', 'registration'],
  ['Commercial Registry Number', 'registration'],
  ['Company Number', 'registration'],
  ['UK Company Number', 'registration'],
  ['C.R. No.', 'registration'],
  ['Unified Social Credit Code (USCC)', 'registration'],
  ['United Social Credit Code Certificate (USCCC)', 'registration'],
  ['Government Gazette Number', 'registration'],
  ['Public Registration Number', 'registration'],
  ['Folio Mercantil No.', 'registration'],
  ['Matricula Mercantil No', 'registration'],
  ['Chamber of Commerce Number', 'registration'],
  ['Trade License No.', 'registration'],
  ['Economic Register Number (CBLS)', 'registration'],
  ['Central Registration System Number', 'registration'],
  ['Istanbul Chamber of Comm. No.', 'registration'],
  ['Dubai Chamber of Commerce Membership No.', 'registration'],
  ['Certificate of Incorporation Number', 'registration'],
  ['Enterprise Number', 'registration'],
  ['Branch Unit Number', 'registration'],
  ['Business Number', 'registration'],
  ['Registered Charity No.', 'registration'],
  ['License', 'registration'],
  ['LE Number', 'registration'],
  ['Romanian C.R.', 'registration'],
  ['Vessel Registration Identification', 'other'],
  ['Aircraft Serial Identification', 'aircraft_serial'],
  ["Driver's License No.", 'other'],
  ['Cartilla de Servicio Militar Nacional', 'other'],
  ['VisaNumberID', 'other'],
  ['Serial No.', 'other'],
  ['UN/LOCODE', 'other'],
  ['BIK (RU)', 'other'],
  ['Chinese Commercial Code', 'other'],
];

const ID_BY_LABEL = new Map(ID_LABELS);
/** Each label with the space that follows it, longest first ("Registration Number" before "Registration"). */
const LABELS_LONGEST_FIRST = [...ID_BY_LABEL.keys()].sort((a, b) => b.length - a.length).map((label) => ({ label, start: `${label} ` }));

/** The longest digit-free label ending in a document word: "Moroccan Personal ID No." E 427689 (Morocco). */
const GENERIC_ID_LABEL = /^([^\d(]*\b(?:No\.?|Number|Num\.|ID|#|Code|Card|Certificate|Permit|Licen[cs]e))\s+(\S.*\(.+\).*)$/;

function readIdentifier(text: string): Fact | undefined {
  const known = LABELS_LONGEST_FIRST.find((l) => text.startsWith(l.start));
  if (known) {
    const id = splitIdentifier(text.slice(known.start.length), ID_BY_LABEL.get(known.label)!, known.label);
    return id ? { kind: 'identifier', id } : undefined;
  }
  const generic = text.match(GENERIC_ID_LABEL);
  if (generic && !/^(?:DOB|POB|Linked To)\b/.test(text)) {
    const id = splitIdentifier(generic[2], 'other', generic[1]);
    // Without a recognisable issuing country the label may not be an identifier at all.
    if (id?.country) return { kind: 'identifier', id };
  }
  return undefined;
}

/** "A1234 (Iran) issued 01 Jan 2010 expires 31 Dec 2020" -> value, country, note. */
export function splitIdentifier(rest: string, type: IdentifierType, label: string): Identifier | undefined {
  let value = rest.trim();
  const notes: string[] = [];
  const dated = value.match(/^(.*?)\s+((?:issued|expires)\b.*)$/i);
  if (dated) {
    value = dated[1];
    notes.push(dated[2]);
  }
  let country: string | undefined;
  let m: RegExpMatchArray | null;
  while ((m = value.match(/^(.*\S)\s*\(([^()]*)\)$/))) {
    const code = country ? undefined : countryOf(m[2]);
    if (code) country = code;
    else notes.unshift(m[2]);
    value = m[1].trim();
  }
  if (!value) return undefined;
  const id: Identifier = { type, value, label };
  if (country) id.country = country;
  if (notes.length) id.note = notes.join('; ');
  return id;
}
