import { createHash } from 'node:crypto';
import type { Address, Entity } from '../model/entity.js';
import { EntityBuilder } from '../model/builder.js';
import { countryCode } from '../model/countries.js';
import { parseDate } from '../model/dates.js';
import { makeListing } from '../measures/lists.js';
import { readText } from './files.js';
import { SourceError, type ParseContext, type Source } from './types.js';
import { readDelimited, type DelimitedRow } from './us/delimited.js';
import { laterDate, usDate } from './us/dates.js';
import { guessPartySchema } from './us/legal_forms.js';

const FILE = 'dpl.txt';

const COLUMNS = [
  'Name',
  'Street_Address',
  'City',
  'State',
  'Country',
  'Postal_Code',
  'Effective_Date',
  'Expiration_Date',
  'Standard_Order',
  'Last_Update',
  'Action',
  'FR_Citation',
] as const;

export const source: Source = {
  id: 'us_bis_dpl',
  title: 'Denied Persons List',
  publisher: 'US Department of Commerce, Bureau of Industry and Security (BIS)',
  homepage: 'https://www.bis.gov/licensing/guidance-on-end-user-and-end-use-controls-and-us-person-controls/denied-persons-list',
  formats: [
    {
      id: 'txt',
      label: 'BIS Denied Persons List (tab-separated text)',
      files: [{ name: FILE, url: 'https://www.bis.doc.gov/dpl/dpl.txt' }],
    },
  ],
  parse,
};

async function* parse(ctx: ParseContext): AsyncIterable<Entity> {
  const text = await readText(ctx.dir, FILE);
  const table = readDelimited(text, { file: FILE, delimiter: '\t', required: COLUMNS, expected: 'the BIS Denied Persons List' });
  if (table.unknownColumns.length) ctx.meta.warnings.push(`${FILE}: columns not known to the parser, kept as remarks: ${table.unknownColumns.join(', ')}`);
  ctx.meta.records = table.rows.length;
  for (const [key, rows] of groupDeniedParties(table.rows)) yield buildEntity(key, rows, table.unknownColumns, ctx);
}

/**
 * The list has no record id and one row per address: a party denied under one order with
 * three addresses appears on three rows that repeat its name and effective date. Those rows
 * are one entity. The same name under two orders (different effective dates) stays two
 * entities, as do spellings the list gives on separate rows (AL NASER AIRLINES / ALNASER
 * AIRLINES): nothing in the file says they are one party.
 */
function groupDeniedParties(rows: DelimitedRow[]): Map<string, DelimitedRow[]> {
  const groups = new Map<string, DelimitedRow[]>();
  for (const row of rows) {
    const name = normaliseName(row.values.Name);
    if (!name) throw new SourceError('row has no name', { file: FILE, line: row.line });
    const key = `${name}|${row.values.Effective_Date.trim()}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const normaliseName = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase();

/** A stable id from what identifies a denial: the party's name and the order's effective date. */
export function deniedPartyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function buildEntity(key: string, rows: DelimitedRow[], unknownColumns: string[], ctx: ParseContext): Entity {
  const first = rows[0].values;
  const written = first.Name.trim();
  const { primary, aliases } = splitWrittenName(written);
  const b = new EntityBuilder('us_bis_dpl', deniedPartyId(key), guessPartySchema(primary, 'Person'));
  b.addName(primary, 'primary');
  for (const alias of aliases) b.addName(alias, 'alias');
  if (primary !== written.replace(/\s+/g, ' ')) b.remark(`Name as published: ${written}`);
  for (const row of rows) {
    b.addAddress(deniedPartyAddress(row.values));
    const action = row.values.Action.trim();
    if (action) b.remark(`Action: ${action}`);
    for (const col of unknownColumns) if (row.values[col]?.trim()) b.remark(`${col}: ${row.values[col]}`);
  }
  b.addListing(deniedPersonsListing(rows, b, ctx));
  return b.build();
}

/**
 * Aliases the list writes inside the name: "FUYI SUN A/K/A FRANK SUN", "SIBERIAN AIRLINES
 * D/B/A S7 AIRLINES", "PEARL (A.K.A. NEI-CHIEN CHU) LI". Other parentheses and quoted
 * nicknames ("SAMMY (IHSAN MEDHAT) ELASHI", 'SHAOHUA "ERIC" WANG') give the name without them
 * as an alias, since a screened record rarely carries the nickname.
 */
export function splitWrittenName(written: string): { primary: string; aliases: string[] } {
  let name = written.replace(/\s+/g, ' ').trim();
  const aliases: string[] = [];
  const inner = /\(\s*(?:A\.?K\.?A\.?|D\/B\/A)\s*:?\s*([^)]+)\)/i.exec(name);
  if (inner) {
    aliases.push(inner[1].trim());
    name = name.replace(inner[0], ' ').replace(/\s+/g, ' ').trim();
  }
  const parts = name.split(/\s+(?:A\/K\/A|D\/B\/A|AKA|F\/K\/A)\s+/i);
  const primary = parts[0].trim();
  aliases.push(...parts.slice(1).map((p) => p.trim()));
  const plain = primary.replace(/"[^"]*"|\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (plain && plain !== primary) aliases.push(plain);
  return { primary, aliases: aliases.filter(Boolean) };
}

/** Two-letter codes of the US states and DC, which the list writes in State for US addresses. */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(' '),
);

/** Country codes the list writes that are not ISO 3166. */
const DPL_COUNTRY: Record<string, string> = { PRC: 'cn' };

function deniedPartyAddress(v: Record<string, string>): Address {
  const street = v.Street_Address.trim();
  const city = v.City.trim();
  const state = v.State.trim();
  const postalCode = v.Postal_Code.trim();
  const written = v.Country.trim();
  // The State column only ever holds US states; an address with one and no country is in the US.
  const country = DPL_COUNTRY[written.toUpperCase()] ?? countryCode(written) ?? (!written && US_STATES.has(state.toUpperCase()) ? 'us' : undefined);
  const full = [street, city, state, postalCode, written].filter(Boolean).join(', ');
  return { full, street, city, region: state, postalCode, country };
}

function deniedPersonsListing(rows: DelimitedRow[], b: EntityBuilder, ctx: ParseContext) {
  const first = rows[0];
  const effective = first.values.Effective_Date.trim();
  const listedOn = usDate(effective);
  if (effective && !listedOn) {
    b.remark(`Effective date: ${effective}`);
    ctx.meta.warnings.push(`${FILE} line ${first.line}: effective date "${effective}" is not MM/DD/YYYY`);
  }
  const dates: Record<string, string> = {};
  const expiries = distinct(rows.map((r) => r.values.Expiration_Date.trim()));
  let expires: string | undefined;
  for (const raw of expiries) {
    const d = usDate(raw);
    if (d) expires = laterDate(expires, d);
    else b.remark(`Expiration date: ${raw}`);
  }
  if (expiries.length > 1) {
    b.remark(`Expiration dates differ between this party's rows: ${expiries.join(', ')}`);
    ctx.meta.warnings.push(`${FILE} line ${first.line}: ${first.values.Name.trim()} has differing expiration dates ${expiries.join(', ')}; the latest is kept`);
  }
  if (expires) dates.expires = expires;
  let updated: string | undefined;
  for (const raw of distinct(rows.map((r) => r.values.Last_Update.trim()))) {
    const d = parseDate(raw);
    if (d) updated = laterDate(updated, d);
    else b.remark(`Last update: ${raw}`);
  }
  if (updated) dates.updated = updated;
  const listing = makeListing({
    source: 'us_bis_dpl',
    authorityKey: 'us_bis',
    list: 'Denied Persons List',
    listedOn,
    dates,
    citation: federalRegisterCitation(rows, b),
  });
  const orders = distinct(rows.map((r) => r.values.Standard_Order.trim().toUpperCase()));
  const details = orders.map(standardOrderText).filter(Boolean).join('; ');
  if (details) for (const m of listing.measures) m.details = details;
  return listing;
}

/**
 * The party's rows usually repeat one citation, sometimes with a typo or a spacing change on
 * one row; the longest is the listing's citation and any other wording is kept as a remark.
 */
function federalRegisterCitation(rows: DelimitedRow[], b: EntityBuilder): string | undefined {
  const citations = distinct(rows.map((r) => r.values.FR_Citation.replace(/\s+/g, ' ').trim()));
  if (!citations.length) return undefined;
  const longest = citations.reduce((a, c) => (c.length > a.length ? c : a));
  const compact = (s: string) => s.replace(/[\s,;]/g, '');
  for (const c of citations) if (compact(c) !== compact(longest)) b.remark(`Federal Register citation on another row: ${c}`);
  return longest;
}

/** The Standard_Order flag (Y / N) in words, for the denial measure's details. */
export function standardOrderText(flag: string): string {
  if (flag === 'Y') return 'Standard denial order: the standard terms of denial apply';
  if (flag === 'N') return 'Non-standard denial order: see the Federal Register notice for its terms';
  return flag ? `Standard order: ${flag}` : '';
}

function distinct(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}
