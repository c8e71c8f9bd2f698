import type { Entity, Identifier, IdentifierType, Listing, NameKind, NameParts } from '../model/entity.js';
import { EntityBuilder } from '../model/builder.js';
import { parseDate } from '../model/dates.js';
import type { SchemaName } from '../model/schema.js';
import { makeListing } from '../measures/lists.js';
import { SourceError, type ParseContext, type Source } from './types.js';
import {
  documentCountry,
  languageCode,
  leadingUkRefs,
  leadingUnRefs,
  otherInformationSections,
  type OtherInformationKey,
  splitContacts,
  splitEnumerated,
  ukCountries,
  ukCountry,
} from './uk/fields.js';
import { ukRegime } from './uk/regimes.js';
import { readFirstSheet, type SheetRow } from './uk/xlsx.js';
import { businessLegalForm } from './us/legal_forms.js';

const FILE = 'ConList.xlsx';

export const source: Source = {
  id: 'uk_ofsi',
  title: 'UK Consolidated List of Financial Sanctions Targets',
  publisher: 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
  homepage: 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets',
  formats: [
    {
      id: 'xlsx',
      label: 'OFSI Consolidated List (Excel, 2022 format)',
      files: [{ name: FILE, url: 'https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx' }],
    },
  ],
  parse,
};

/** The columns of the 2022-format sheet; the first six must be present for the file to be read at all. */
const REQUIRED = ['Name 6', 'Name 1', 'Group ID', 'Group Type', 'Alias Type', 'Regime'] as const;
const KNOWN = new Set<string>([
  ...REQUIRED,
  'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Title', 'Name Non-Latin Script', 'Non-Latin Script Type',
  'Non-Latin Script Language', 'DOB', 'Town of Birth', 'Country of Birth', 'Nationality', 'Passport Number',
  'Passport Details', 'National Identification Number', 'National Identification Details', 'Position', 'Address 1',
  'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6', 'Post/Zip Code', 'Country', 'Other Information',
  'Alias Quality', 'Listed On', 'UK Sanctions List Date Designated', 'Last Updated',
]);

/** One name row of the sheet, by column name (empty cells left out). */
type NameRow = Record<string, string> & { __row: string };

interface Target {
  groupId: string;
  groupType: string;
  rows: NameRow[];
}

const GROUP_TYPES: Record<string, SchemaName> = { Individual: 'Person', Entity: 'Organization', Ship: 'Vessel' };

async function* parse(ctx: ParseContext): AsyncIterable<Entity> {
  const targets = new Map<string, Target>();
  let header: string[] | undefined;
  let blankRows = 0;
  for await (const row of readFirstSheet(ctx.dir, FILE)) {
    if (!header) {
      if (isHeaderRow(row)) header = headerOf(row, ctx);
      else readTitleRow(row, ctx);
      if (!header && row.number >= 10) throw notOfsi(row);
      continue;
    }
    const values = rowValues(row, header);
    if (!values) {
      blankRows++;
      continue;
    }
    ctx.meta.records++;
    addToTarget(targets, values, row);
  }
  if (!header) throw new SourceError('no header row with "Name 6" and "Group ID": not the OFSI Consolidated List', { file: FILE });
  if (blankRows) ctx.meta.warnings.push(`${FILE}: ${blankRows} blank rows after the header`);
  for (const target of targets.values()) yield buildTarget(target, ctx);
}

const isHeaderRow = (row: SheetRow) => row.cells.includes('Name 6') && row.cells.includes('Group ID');

function notOfsi(row: SheetRow): SourceError {
  return new SourceError('no header row with "Name 6" and "Group ID" in the first rows: not the OFSI Consolidated List', {
    file: FILE,
    record: `row ${row.number}`,
  });
}

/** Rows above the header: "Last Updated | 14/04/2025" is the publication date. */
function readTitleRow(row: SheetRow, ctx: ParseContext): void {
  const [label, value] = row.cells.filter((c) => c !== undefined) as string[];
  if (label && /^last updated$/i.test(label.trim()) && value) {
    const date = parseDate(value);
    if (date && date.length === 10) ctx.meta.publishedAt = date;
    else ctx.meta.warnings.push(`${FILE}: publication date "${value}" is not a date`);
  }
}

function headerOf(row: SheetRow, ctx: ParseContext): string[] {
  const header = row.cells.map((c) => (c ?? '').trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new SourceError(`header lacks ${missing.join(', ')}: not the OFSI Consolidated List`, { file: FILE, record: `row ${row.number}` });
  const unknown = header.filter((h) => h && !KNOWN.has(h));
  if (unknown.length) ctx.meta.warnings.push(`${FILE}: columns not known to the parser, kept as remarks: ${unknown.join(', ')}`);
  return header;
}

function rowValues(row: SheetRow, header: string[]): NameRow | undefined {
  const values = { __row: String(row.number) } as NameRow;
  let any = false;
  row.cells.forEach((cell, i) => {
    if (cell === undefined || !cell.trim()) return;
    const column = header[i];
    if (!column) throw new SourceError(`a value in column ${i + 1}, which has no header`, { file: FILE, record: `row ${row.number}` });
    values[column] = cell.trim();
    any = true;
  });
  return any ? values : undefined;
}

function addToTarget(targets: Map<string, Target>, values: NameRow, row: SheetRow): void {
  const groupId = values['Group ID'];
  const where = { file: FILE, record: `row ${row.number}` };
  if (!groupId) throw new SourceError('name row without a Group ID', where);
  const groupType = values['Group Type'];
  if (!groupType || !GROUP_TYPES[groupType]) throw new SourceError(`unknown Group Type "${groupType ?? ''}" (expected Individual, Entity or Ship)`, where);
  const target = targets.get(groupId);
  if (!target) targets.set(groupId, { groupId, groupType, rows: [values] });
  else if (target.groupType !== groupType) {
    throw new SourceError(`Group ID ${groupId} is both ${target.groupType} and ${groupType}`, where);
  } else target.rows.push(values);
}

/** The "(Key):value" sections of each distinct Other Information text of a target, read once. */
type Sections = Map<string, ReturnType<typeof otherInformationSections>>;

function sectionValue(sections: Sections, row: NameRow, key: OtherInformationKey): string | undefined {
  return sections.get(row['Other Information'] ?? '')?.find((s) => s.key === key)?.value;
}

function buildTarget(target: Target, ctx: ParseContext): Entity {
  const b = new EntityBuilder('uk_ofsi', target.groupId, GROUP_TYPES[target.groupType]);
  const texts = distinct(target.rows.map((r) => r['Other Information']));
  const sections: Sections = new Map(texts.map((t) => [t, otherInformationSections(t)]));
  b.addIdentifier({ type: 'uk_ofsi_group', value: target.groupId, label: 'OFSI Group ID' });
  addNames(b, target, ctx);
  if (b.entity.schema === 'Organization' && isBusiness(target, sections)) b.setSchema('Company');
  for (const row of rowsWithDistinctFacts(target.rows)) addRowFacts(b, row);
  for (const text of texts) {
    b.remark(text);
    addOtherInformation(b, text, sections.get(text)!);
  }
  for (const listing of regimeListings(target, b.entity.schema, sections, ctx)) b.addListing(listing);
  return b.build();
}

/**
 * A business when a name carries a legal form (LLC, JSC, LIMITED ...) or the list's "Type
 * of entity" says it is a company; otherwise an Organization (agencies, armed groups, banks
 * owned by a state are still organisations to screening).
 */
function isBusiness(target: Target, sections: Sections): boolean {
  if (target.rows.some((r) => r['Name 6'] && businessLegalForm(r['Name 6']))) return true;
  return target.rows.some((r) => BUSINESS_TYPE.test(sectionValue(sections, r, 'Type of entity') ?? ''));
}

/** "Type of entity" values that name a business form ("Joint-Stock Company", "LLP") rather than a kind of body ("Government agency"). */
const BUSINESS_TYPE = /company|joint[- ]stock|limited|\bLLC\b|partnership|corporation|\bJSC\b|\bLLP\b|\bPJSC\b|\bOOO\b/i;

const ALIAS_KINDS: Record<string, NameKind> = {
  'Primary name': 'primary',
  'Primary name variation': 'alias',
  AKA: 'alias',
  FKA: 'former',
  NKA: 'new',
};

function addNames(b: EntityBuilder, target: Target, ctx: ParseContext): void {
  // Primary rows first, so that the caption is the publisher's primary name.
  const rows = [...target.rows].sort((x, y) => Number(y['Alias Type'] === 'Primary name') - Number(x['Alias Type'] === 'Primary name'));
  const hasPrimary = rows.some((r) => r['Alias Type'] === 'Primary name');
  let promoted = false;
  for (const row of rows) {
    const aliasType = row['Alias Type'] ?? '';
    let kind = ALIAS_KINDS[aliasType];
    if (!kind) {
      ctx.meta.warnings.push(`${FILE} row ${row.__row}: unknown Alias Type "${aliasType}", read as an alias`);
      kind = 'alias';
    }
    if (!hasPrimary && !promoted && aliasType === 'Primary name variation') {
      // A few targets have variations of the primary name but no row marked primary.
      kind = 'primary';
      promoted = true;
    }
    const quality = row['Alias Quality'];
    if (kind === 'alias' && /low/i.test(quality ?? '')) kind = 'weak_alias';
    const { full, parts } = latinName(row, target.groupType === 'Individual');
    b.addName(full, kind, { parts, ...(quality ? { quality } : {}) });
    const nonLatin = row['Name Non-Latin Script'];
    if (nonLatin) b.addName(nonLatin, 'original_script', { lang: languageCode(row['Non-Latin Script Language']) });
  }
}

/** "Given Middle FAMILY": Name 1 is the given name, Names 2-5 further names, Name 6 the family name. */
function latinName(row: NameRow, individual: boolean): { full: string; parts?: NameParts } {
  const given = row['Name 1'];
  const middle = ['Name 2', 'Name 3', 'Name 4', 'Name 5'].map((k) => row[k]).filter(Boolean).join(' ');
  const family = row['Name 6'];
  const full = [given, middle, family].filter(Boolean).join(' ');
  if (!individual) return { full };
  if (!given && !middle) return { full, parts: { whole: family } };
  return { full, parts: { given, middle: middle || undefined, family } };
}

function addRowFacts(b: EntityBuilder, row: NameRow): void {
  addDateOfBirth(b, row.DOB);
  addBirthPlaces(b, row['Town of Birth'], row['Country of Birth']);
  for (const n of splitEnumerated(row.Nationality)) {
    const codes = ukCountries(n);
    for (const code of codes) b.add('nationality', code);
    if (!codes.length) b.remark(`Nationality: ${n}`);
  }
  addDocuments(b, 'passport', row['Passport Number'], row['Passport Details'], 'Passport');
  addDocuments(b, 'national_id', row['National Identification Number'], row['National Identification Details'], 'National identification number');
  for (const p of splitEnumerated(row.Position)) b.add('position', p);
  for (const t of splitEnumerated(row.Title)) b.add('title', t);
  addAddress(b, row);
  for (const column of ['Listed On', 'UK Sanctions List Date Designated', 'Last Updated']) {
    if (row[column] && !parseDate(row[column])) b.remark(`${column}: ${row[column]}`);
  }
  for (const [column, value] of Object.entries(row)) if (column !== '__row' && !KNOWN.has(column)) b.remark(`${column}: ${value}`);
}

/** Columns that hold a name or listing data rather than a fact about the target. */
const NAME_AND_LISTING_COLUMNS = new Set([
  '__row', 'Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6', 'Name Non-Latin Script', 'Non-Latin Script Type',
  'Non-Latin Script Language', 'Alias Type', 'Alias Quality', 'Group ID', 'Group Type', 'Regime', 'Other Information',
]);

/**
 * The sheet repeats a target's facts on each of its name rows (one target has 400 rows:
 * 25 names times 16 addresses); rows whose facts are all the same as an earlier row's add
 * nothing, so only the first of them is read for facts.
 */
function rowsWithDistinctFacts(rows: NameRow[]): NameRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const signature = Object.entries(row)
      .filter(([column]) => !NAME_AND_LISTING_COLUMNS.has(column))
      .map(([column, value]) => `${column}\u0001${value}`)
      .join('\u0002');
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

/** "dd/mm/yyyy" with 00 for an unknown day or month, "mm/yyyy" or "yyyy". */
function addDateOfBirth(b: EntityBuilder, dob: string | undefined): void {
  for (const d of splitEnumerated(dob)) {
    const date = parseDate(d);
    if (date) b.add('birthDate', date);
    else b.remark(`Date of birth: ${d}`);
  }
}

/** Towns and countries of birth, paired when the list numbers both alike. */
function addBirthPlaces(b: EntityBuilder, towns: string | undefined, countries: string | undefined): void {
  const t = splitEnumerated(towns);
  const c = splitEnumerated(countries);
  if (t.length && t.length === c.length) t.forEach((town, i) => b.add('birthPlace', `${town}, ${c[i]}`));
  else if (t.length && c.length === 1) t.forEach((town) => b.add('birthPlace', `${town}, ${c[0]}`));
  else for (const place of [...t, ...c]) b.add('birthPlace', place);
}

/** Document numbers with their notes, paired by the list's numbering. */
function addDocuments(b: EntityBuilder, type: IdentifierType, numbers: string | undefined, details: string | undefined, label: string): void {
  const ns = splitEnumerated(numbers);
  const ds = splitEnumerated(details);
  ns.forEach((value, i) => {
    const note = ns.length === ds.length ? ds[i] : ds.length ? details : undefined;
    const id: Identifier = { type, value, label };
    if (note) id.note = note;
    const country = documentCountry(ns.length === ds.length ? ds[i] : ds.length === 1 ? ds[0] : undefined);
    if (country) id.country = country;
    b.addIdentifier(id);
  });
  if (!ns.length && details) b.remark(`${label} details: ${details}`);
}

function addAddress(b: EntityBuilder, row: NameRow): void {
  const lines = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6'].map((k) => row[k]).filter(Boolean);
  const postalCode = row['Post/Zip Code'];
  const written = row.Country;
  const country = ukCountry(written);
  if (country) b.add('country', country);
  if (!lines.length && !postalCode) return;
  b.addAddress({ full: [...lines, postalCode, written].filter(Boolean).join(', '), postalCode, country });
}

/**
 * Facts in the Other Information text (kept whole as a remark too): the UN reference that
 * links the target to its UN listing, gender, contact details, registration numbers, parent
 * company, the ship's IMO number and particulars, and the owner a ship is "listed as asset of".
 */
function addOtherInformation(b: EntityBuilder, text: string, sections: ReturnType<typeof otherInformationSections>): void {
  for (const { key, value } of sections) {
    if (!value) continue;
    switch (key) {
      case 'UK Sanctions List Ref':
        for (const ref of leadingUkRefs(value)) b.addIdentifier({ type: 'other', value: ref, label: 'UK Sanctions List Ref' });
        break;
      case 'UN Ref':
        for (const ref of leadingUnRefs(value)) b.addIdentifier({ type: 'un_ref', value: ref, label: 'UN Ref' });
        break;
      case 'Gender':
        b.add('gender', value.toLowerCase());
        break;
      case 'Phone number':
      case 'Tel':
      case 'Fax':
        for (const p of splitEnumerated(value).flatMap((v) => v.split(/\.\s+/))) b.add('phone', p);
        break;
      case 'Website':
        for (const w of splitContacts(value)) b.add('website', w);
        break;
      case 'Email address':
        for (const e of splitContacts(value)) b.add('email', e);
        break;
      case 'Type of entity':
        b.add(BUSINESS_TYPE.test(value) ? 'legalForm' : 'targetType', value);
        break;
      case 'Business Reg No':
        for (const item of splitEnumerated(value)) addRegistration(b, item);
        break;
      case 'Parent company':
        for (const p of splitEnumerated(value)) b.addLink({ type: 'owned_by', targetName: p, basis: 'OFSI: parent company' });
        break;
      case 'IMO number':
        b.addIdentifier({ type: 'imo', value, label: 'IMO number' });
        break;
      case 'Flag of ship': {
        const flag = ukCountry(value);
        if (flag) b.add('flag', flag);
        break;
      }
      case 'Type of ship':
        b.add('vesselType', value);
        break;
      case 'Tonnage of ship':
        b.add('tonnage', value);
        break;
      case 'Year built':
        b.add('buildDate', parseDate(value) ?? undefined);
        break;
      case 'Current owners':
        b.add('owner', value);
        break;
      default:
        // Statement of reasons, subsidiaries, previous flags, length: in the remark as written.
        break;
    }
  }
  const asset = /Listed as asset of\s+(.+?),?\s*[(-]?\s*OFSI ID:\s*(\d+)/.exec(text);
  if (asset) b.addLink({ type: 'owned_by', target: `uk_ofsi:${asset[2]}`, targetName: asset[1].trim(), basis: 'OFSI: listed as asset of' });
}

/** "INN: 7706818288", "Russia TIN- 3528000597", "1037739635890 (Russia)", "SPARK code 9027410". */
function addRegistration(b: EntityBuilder, item: string): void {
  const m = /^(.*?)[\s:–-]*([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)\s*(?:\(([^)]+)\))?\.?$/i.exec(item.trim());
  if (!m || m[2].replace(/\D/g, '').length < 5) return; // not a number; the remark keeps it
  const label = m[1].replace(/[\s:–-]+$/, '').trim();
  const type: IdentifierType = /\b(INN|TIN|tax|VAT|KPP)\b/i.test(label) ? 'tax_id' : 'registration';
  const country = ukCountry(m[3]) ?? documentCountry(label);
  const id: Identifier = { type, value: m[2], label: label || 'Business Reg No' };
  if (country) id.country = country;
  b.addIdentifier(id);
}

/** One listing per regime the target is designated under, with that regime's dates. */
function regimeListings(target: Target, schema: SchemaName, sections: Sections, ctx: ParseContext): Listing[] {
  const byRegime = new Map<string, NameRow[]>();
  for (const row of target.rows) {
    const regime = row.Regime ?? '';
    byRegime.set(regime, [...(byRegime.get(regime) ?? []), row]);
  }
  return [...byRegime].map(([regime, rows]) => {
    const law = ukRegime(regime);
    if (!law) ctx.meta.warnings.push(`${FILE} group ${target.groupId}: regime "${regime}" is not in src/sources/uk/regimes.ts; listed without its legislation`);
    const dates: Record<string, string> = {};
    const designated = firstDate(rows, 'UK Sanctions List Date Designated');
    const updated = rows.map((r) => parseDate(r['Last Updated'] ?? '')).filter(Boolean).sort().pop();
    if (designated) dates.designated = designated;
    if (updated) dates.updated = updated;
    const refs = distinct(rows.flatMap((r) => leadingUkRefs(sectionValue(sections, r, 'UK Sanctions List Ref') ?? '')));
    return makeListing({
      source: 'uk_ofsi',
      list: 'UK',
      listLabel: 'UK Consolidated List',
      programs: regime ? [regime] : [],
      legalBasis: law ? [law.legislation] : [],
      listedOn: firstDate(rows, 'Listed On'),
      dates,
      citation: refs.length ? `UK Sanctions List Ref ${refs.join(', ')}` : undefined,
      extraMeasures:
        schema === 'Person' && law?.travelBan
          ? [{ type: 'travel_ban', description: 'Excluded from the UK: refused leave to enter or remain (Immigration Act 1971, section 8B)' }]
          : undefined,
    });
  });
}

function firstDate(rows: NameRow[], column: string): string | undefined {
  for (const r of rows) {
    const d = r[column] ? parseDate(r[column]) : undefined;
    if (d) return d;
  }
  return undefined;
}

function distinct(xs: (string | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => !!x))];
}
