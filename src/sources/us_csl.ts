import type { Entity, Identifier, IdentifierType, Listing } from '../model/entity.js';
import { EntityBuilder } from '../model/builder.js';
import { countryCode } from '../model/countries.js';
import { parseDate } from '../model/dates.js';
import type { PropertyName, SchemaName } from '../model/schema.js';
import { makeListing } from '../measures/lists.js';
import { readText } from './files.js';
import { SourceError, type ParseContext, type Source } from './types.js';
import { readDelimited, type DelimitedRow } from './us/delimited.js';
import { guessPartySchema } from './us/legal_forms.js';
import { standardOrderText } from './us_bis_dpl.js';

const FILE = 'consolidated.csv';

const COLUMNS = [
  '_id', 'source', 'entity_number', 'type', 'programs', 'name', 'title', 'addresses', 'federal_register_notice',
  'start_date', 'end_date', 'standard_order', 'license_requirement', 'license_policy', 'call_sign', 'vessel_type',
  'gross_tonnage', 'gross_registered_tonnage', 'vessel_flag', 'vessel_owner', 'remarks', 'source_list_url', 'alt_names',
  'citizenships', 'dates_of_birth', 'nationalities', 'places_of_birth', 'source_information_url', 'ids',
] as const;

export const source: Source = {
  id: 'us_csl',
  title: 'Consolidated Screening List (BIS and State Department lists)',
  publisher: 'US International Trade Administration (trade.gov), for Commerce, State and Treasury',
  homepage: 'https://www.trade.gov/consolidated-screening-list',
  formats: [
    {
      id: 'csv',
      label: 'Consolidated Screening List (CSV)',
      files: [{ name: FILE, url: 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv' }],
    },
  ],
  parse,
};

interface CslList {
  authorityKey: 'us_bis' | 'us_state';
  /** Key into src/measures/lists.ts. */
  list: string;
  /** Schema when the row has no type and the name shows no legal form or organisation word. */
  fallback: 'Person' | 'Organization';
}

/**
 * The CSL's non-Treasury lists, by the abbreviation in the `source` column ("Entity List (EL)
 * - Bureau of Industry and Security"). Treasury rows are OFAC's lists, which Clearance reads
 * from OFAC itself; any other source is a list this table does not know, and an error rather
 * than a guess at what it imposes.
 */
const CSL_LISTS: Record<string, CslList> = {
  EL: { authorityKey: 'us_bis', list: 'Entity List', fallback: 'Organization' },
  MEU: { authorityKey: 'us_bis', list: 'Military End User List', fallback: 'Organization' },
  UVL: { authorityKey: 'us_bis', list: 'Unverified List', fallback: 'Organization' },
  DPL: { authorityKey: 'us_bis', list: 'Denied Persons List', fallback: 'Person' },
  ISN: { authorityKey: 'us_state', list: 'Nonproliferation Sanctions', fallback: 'Organization' },
  DTC: { authorityKey: 'us_state', list: 'ITAR Debarred', fallback: 'Person' },
};

const isTreasuryList = (source: string) => /-\s*Treasury Department\s*$/i.test(source);

async function* parse(ctx: ParseContext): AsyncIterable<Entity> {
  const text = await readText(ctx.dir, FILE);
  const table = readDelimited(text, { file: FILE, delimiter: ',', required: COLUMNS, expected: 'the trade.gov Consolidated Screening List' });
  if (table.unknownColumns.length) ctx.meta.warnings.push(`${FILE}: columns not known to the parser, kept as remarks: ${table.unknownColumns.join(', ')}`);
  ctx.meta.records = table.rows.length;
  const skipped = new Map<string, number>();
  for (const row of table.rows) {
    const v = row.values;
    if (!v._id.trim()) throw new SourceError('row has no _id', { file: FILE, line: row.line });
    if (!v.name.trim()) throw new SourceError('row has no name', { file: FILE, line: row.line, record: v._id });
    if (isTreasuryList(v.source)) {
      skipped.set(v.source, (skipped.get(v.source) ?? 0) + 1);
      continue;
    }
    yield buildEntity(row, cslList(row), table.unknownColumns, ctx);
  }
  const total = [...skipped.values()].reduce((a, n) => a + n, 0);
  ctx.meta.skipped = total;
  if (total) {
    const which = [...skipped].map(([s, n]) => `${n} ${s}`).join(', ');
    ctx.meta.warnings.push(`${FILE}: skipped ${total} rows of OFAC lists (${which}); Clearance reads those from OFAC directly`);
  }
}

function cslList(row: DelimitedRow): CslList {
  const abbreviation = /\(([A-Z]+)\)/.exec(row.values.source)?.[1];
  const list = abbreviation ? CSL_LISTS[abbreviation] : undefined;
  if (!list) {
    throw new SourceError(`unknown source list "${row.values.source}": add it to the CSL table in src/sources/us_csl.ts and to src/measures/lists.ts`, {
      file: FILE,
      line: row.line,
      record: row.values._id,
    });
  }
  return list;
}

/**
 * Every column becomes a fact or a remark except source_list_url and source_information_url,
 * which are the same for every row of a list (the list's web page), not facts about the party.
 */
function buildEntity(row: DelimitedRow, list: CslList, unknownColumns: string[], ctx: ParseContext): Entity {
  const v = row.values;
  const { primary, aliases, notes } = splitNameField(v.name);
  const b = new EntityBuilder('us_csl', v._id.trim(), cslSchema(v.type, primary, list, row, ctx));
  b.addName(primary, 'primary');
  for (const a of [...aliases, ...splitList(v.alt_names)]) b.addName(a, 'alias');
  if (notes.length || aliases.length) b.remark(`Name as published: ${v.name}`);
  addPersonFacts(b, v);
  addVesselFacts(b, v);
  for (const a of splitList(v.addresses)) b.addAddress({ full: a, country: addressCountry(a) });
  for (const item of splitIds(v.ids)) addIdFact(b, item);
  if (v.entity_number.trim()) b.remark(`Entity number: ${v.entity_number.trim()}`);
  b.remark(v.remarks);
  for (const col of unknownColumns) if (v[col]?.trim()) b.remark(`${col}: ${v[col]}`);
  b.addListing(cslListing(v, list, b));
  return b.build();
}

function cslSchema(type: string, name: string, list: CslList, row: DelimitedRow, ctx: ParseContext): SchemaName {
  switch (type.trim().toLowerCase()) {
    case 'individual':
      return 'Person';
    case 'vessel':
      return 'Vessel';
    case 'aircraft':
      return 'Aircraft';
    case 'entity':
      return guessPartySchema(name, 'Organization') === 'Company' ? 'Company' : 'Organization';
    case '':
      // The BIS and State lists leave the type empty: the name decides (see legal_forms.ts).
      return guessPartySchema(name, list.fallback);
    default:
      ctx.meta.warnings.push(`${FILE} line ${row.line}: unknown type "${type}"; schema guessed from the name`);
      return guessPartySchema(name, list.fallback);
  }
}

/**
 * The State Department writes a qualifier into the name ("Sinobright Import and Export
 * Company; and any successor, sub-unit, or subsidiary thereof"): the first part is the name,
 * parts starting "and any ..." are notes, other parts are further names.
 */
export function splitNameField(name: string): { primary: string; aliases: string[]; notes: string[] } {
  const [primary, ...rest] = name.split(/\s*;\s*/).map((p) => p.trim()).filter(Boolean);
  const notes = rest.filter((p) => /^and any\b/i.test(p));
  const aliases = rest.filter((p) => !/^and any\b/i.test(p)).map(stripLeadingAnd);
  return { primary, aliases, notes };
}

/** "; "-separated values; the Entity List writes the last of a series as "and X". */
function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\s*;\s*/)
    .map(stripLeadingAnd)
    .filter(Boolean);
}

const stripLeadingAnd = (s: string) => s.trim().replace(/^and\s+/i, '');

/** The country of a CSL address is its last comma-separated part, a code ("CN") or a name. */
function addressCountry(address: string): string | undefined {
  const parts = address.split(',').map((p) => p.trim()).filter(Boolean);
  return countryCode(parts[parts.length - 1]);
}

function addPersonFacts(b: EntityBuilder, v: Record<string, string>): void {
  if (v.title.trim()) b.add(b.entity.schema === 'Person' ? 'position' : 'notes', v.title);
  for (const d of splitList(v.dates_of_birth)) {
    const date = parseDate(d);
    if (date) b.add('birthDate', date);
    else b.remark(`Date of birth: ${d}`);
  }
  for (const p of splitList(v.places_of_birth)) b.add('birthPlace', p);
  addCountries(b, 'nationality', v.nationalities, 'Nationality');
  addCountries(b, 'citizenship', v.citizenships, 'Citizenship');
}

function addCountries(b: EntityBuilder, prop: PropertyName, text: string, label: string): void {
  for (const c of splitList(text)) {
    const code = countryCode(c);
    if (code) b.add(prop, code);
    else b.remark(`${label}: ${c}`);
  }
}

function addVesselFacts(b: EntityBuilder, v: Record<string, string>): void {
  if (v.call_sign.trim()) b.addIdentifier({ type: 'call_sign', value: v.call_sign });
  b.add('vesselType', v.vessel_type);
  b.add('grossTonnage', v.gross_tonnage);
  b.add('tonnage', v.gross_registered_tonnage);
  b.add('owner', v.vessel_owner);
  if (v.vessel_flag.trim()) {
    const flag = countryCode(v.vessel_flag);
    if (flag) b.add('flag', flag);
    else b.remark(`Flag: ${v.vessel_flag}`);
  }
}

export interface CslIdItem {
  label: string;
  value: string;
  country?: string;
}

/**
 * The `ids` column: "Passport, 836238033, KP; Gender, Male; Secondary sanctions risk:, North
 * Korea Sanctions Regulations, sections 510.201 and 510.210". Each item is a label, a value
 * and, when the last part is a two-letter code, the issuing country.
 */
export function splitIds(text: string | undefined): CslIdItem[] {
  const items: CslIdItem[] = [];
  for (const raw of (text ?? '').split(/;\s+/)) {
    const parts = raw.split(/,\s+/).map((p) => p.trim());
    const label = parts.shift()?.replace(/:$/, '').trim();
    if (!label) continue;
    let country: string | undefined;
    if (parts.length > 1 && /^[A-Z]{2}$/.test(parts[parts.length - 1])) country = countryCode(parts.pop()!);
    items.push({ label, value: parts.join(', '), ...(country ? { country } : {}) });
  }
  return items;
}

const ID_TYPES: Array<[RegExp, IdentifierType]> = [
  [/passport/i, 'passport'],
  [/\bIMO\b|vessel registration/i, 'imo'],
  [/\bMMSI\b/i, 'mmsi'],
  [/\bISIN\b/i, 'isin'],
  [/legal entity (number|identifier)|\bLEI\b/i, 'lei'],
  [/SWIFT|\bBIC\b/i, 'bic'],
  [/D-U-N-S|\bDUNS\b/i, 'duns'],
  [/aircraft.*serial|serial.*aircraft|manufacturer'?s serial/i, 'aircraft_serial'],
  [/tail number|aircraft.*registration/i, 'aircraft_tail'],
  [/digital currency address/i, 'crypto_wallet'],
  [/tax|V\.?A\.?T\.?|\bINN\b|\bTIN\b|\bRFC\b|\bCUIT\b|\bNIF\b|\bRUC\b/i, 'tax_id'],
  [/regist|company number|business number|\bOGRN\b|\bUSCC\b|unified social credit/i, 'registration'],
  [/national id|identification|identity|cedula|c[ée]dula|\bDNI\b|\bCURP\b|personal id/i, 'national_id'],
];

const ID_PROPERTIES: Array<[RegExp, PropertyName]> = [
  [/website/i, 'website'],
  [/e-?mail/i, 'email'],
  [/phone|fax/i, 'phone'],
  [/gender/i, 'gender'],
  [/secondary sanctions risk/i, 'secondarySanctions'],
];

function addIdFact(b: EntityBuilder, item: CslIdItem): void {
  const prop = ID_PROPERTIES.find(([re]) => re.test(item.label))?.[1];
  if (prop) {
    b.add(prop, prop === 'gender' ? item.value.toLowerCase() : item.value);
    return;
  }
  const type = ID_TYPES.find(([re]) => re.test(item.label))?.[1];
  if (type && item.value) {
    const id: Identifier = { type, value: item.value, label: item.label };
    if (item.country) id.country = item.country;
    b.addIdentifier(id);
    return;
  }
  b.remark([item.label, item.value, item.country?.toUpperCase()].filter(Boolean).join(', '));
}

function cslListing(v: Record<string, string>, list: CslList, b: EntityBuilder): Listing {
  const dates: Record<string, string> = {};
  const listedOn = dateOrRemark(b, v.start_date, 'Start date');
  const expires = dateOrRemark(b, v.end_date, 'End date');
  if (expires) dates.expires = expires;
  const listing = makeListing({
    source: 'us_csl',
    authorityKey: list.authorityKey,
    list: list.list,
    programs: splitList(v.programs),
    listedOn,
    dates,
    citation: v.federal_register_notice.trim() || undefined,
  });
  const licence = licenceDetails(v);
  if (licence) {
    const measure = listing.measures.find((m) => m.type === 'export_licence_required');
    if (measure) measure.details = licence;
    else b.remark(licence);
  }
  const order = v.standard_order.trim().toUpperCase();
  if (order) {
    const denial = listing.measures.filter((m) => m.type === 'export_privileges_denied');
    if (denial.length) for (const m of denial) m.details = standardOrderText(order);
    else b.remark(`Standard order: ${order}`);
  }
  return listing;
}

/** The Entity List's and MEU List's licence requirement and review policy, in one sentence. */
function licenceDetails(v: Record<string, string>): string | undefined {
  const requirement = v.license_requirement.trim().replace(/\.$/, '');
  const policy = v.license_policy.trim();
  if (!requirement && !policy) return undefined;
  return [requirement && `Licence requirement: ${requirement}`, policy && `licence policy: ${policy}`].filter(Boolean).join('; ');
}

function dateOrRemark(b: EntityBuilder, text: string, label: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const d = parseDate(t);
  if (!d) b.remark(`${label}: ${t}`);
  return d;
}
