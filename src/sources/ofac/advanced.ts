import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import type { Entity, Link, LinkType, Listing, Name, NameKind, NameParts } from '../../model/entity.js';
import { entityId } from '../../model/entity.js';
import { EntityBuilder } from '../../model/builder.js';
import { firstInvalidUtf8 } from '../files.js';
import type { ParseContext, SourceFormat } from '../types.js';
import { SourceError } from '../types.js';
import { buildEntities } from './entity.js';
import { fileNameIn } from './io.js';
import type { OfacSourceId } from './listing.js';
import type { OfacAddress, OfacAlias, OfacEntryType, OfacName, OfacRecord } from './record.js';
import { normaliseFact, splitRemarks } from './remarks.js';

/**
 * OFAC's "advanced" XML (SDN_ADVANCED.XML, CONS_ADVANCED.XML; schema sdn_advanced.xsd), the
 * format OFAC favours over its legacy files. It is reference-based: reference value sets
 * (alias types, countries, feature types ...), then Locations and IDRegDocuments, then one
 * DistinctParty per record, then the ProfileRelationships and SanctionsEntries that point
 * back at the parties.
 *
 * Each party is turned into the same OfacRecord the legacy readers produce (features and
 * documents written in the CSV's remark wording) and built by the same builder, so an entry
 * comes out as it does from the legacy files. What only this format states is then added:
 * names in their original script, finer name parts, typed relationships with their target's
 * id, listing dates and the legal bases the entries cite.
 *
 * The file is read twice, streaming: the first pass indexes everything but the parties'
 * details (references, locations, documents, relationships, sanctions entries, one caption
 * per party); the second builds one party at a time. Memory holds the index, never the
 * parties, and a file that is cut short or malformed fails in the first pass, before any
 * entity is produced.
 */

const EXPORTS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';

export const ADVANCED_FORMATS: Record<OfacSourceId, SourceFormat> = {
  us_ofac_sdn: {
    id: 'advanced_xml',
    label: 'OFAC advanced XML (SDN_ADVANCED.XML)',
    files: [{ name: 'sdn_advanced.xml', url: `${EXPORTS}/SDN_ADVANCED.XML` }],
  },
  us_ofac_cons: {
    id: 'advanced_xml',
    label: 'OFAC advanced XML (CONS_ADVANCED.XML)',
    files: [{ name: 'cons_advanced.xml', url: `${EXPORTS}/CONS_ADVANCED.XML` }],
  },
};

/** Namespaces OFAC has published the format under: the original UN-derived one and the 2024 one. */
const NAMESPACES = [
  'http://www.un.org/sanctions/1.0',
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML',
];

export async function* parseAdvancedXml(ctx: ParseContext, source: OfacSourceId): AsyncIterable<Entity> {
  const file = await fileNameIn(ctx, ctx.format.files[0]?.name ?? ADVANCED_FORMATS[source].files[0].name);
  const path = join(ctx.dir, file);
  await refuseEmpty(path, file);
  const index = await indexPublication(path, file);
  if (index.publishedAt) ctx.meta.publishedAt = index.publishedAt;
  const warnings = new Set<string>();
  let records = 0;
  for await (const { node: party } of xmlSubtrees(path, file, (p) => p.length === 3 && p[1] === 'DistinctParties', 'DistinctParties')) {
    records++;
    ctx.meta.records = records;
    yield partyEntity(party, index, source, warnings);
  }
  if (records !== index.partyCount) {
    throw new SourceError(`the first reading found ${index.partyCount} DistinctParty records, the second ${records}: the file changed while being read`, { file });
  }
  ctx.meta.warnings.push(...warnings);
}

async function refuseEmpty(path: string, file: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new SourceError('file is missing', { file });
  }
  if (size === 0) throw new SourceError('file is empty', { file });
}

// =============================================================================================
// Streaming XML: small trees for the elements a pass asks for, everything else streams past.

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  line: number;
}

/** Element paths (root first, local names) whose whole subtree a pass wants. */
type Wanted = (path: readonly string[]) => boolean;

/** A wanted subtree and the root's child it lies in (ReferenceValueSets, DistinctParties ...). */
interface Subtree {
  section: string;
  node: XmlNode;
}

/**
 * Streams the file through saxes and yields the subtrees `wanted` selects, in document order.
 * Reading stops after the closing tag of the root's child `stopAfter`, if given. Bytes that are
 * not UTF-8 and XML that is not well-formed (including a file cut short) throw SourceError
 * with the byte offset or line.
 */
async function* xmlSubtrees(path: string, file: string, wanted: Wanted, stopAfter?: string): AsyncGenerator<Subtree> {
  const parser = new SaxesParser({ position: true });
  const open: string[] = [];
  const building: XmlNode[] = [];
  const ready: Subtree[] = [];
  let stopped = false;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    open.push(name);
    if (open.length === 1) checkRoot(name, attrs, file, parser.line);
    if (building.length || wanted(open)) {
      const node: XmlNode = { name, attrs, children: [], text: '', line: parser.line };
      building[building.length - 1]?.children.push(node);
      building.push(node);
    }
  });
  const addText = (text: string) => {
    if (building.length) building[building.length - 1].text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const name = open.pop();
    const node = building.pop();
    if (node && !building.length) ready.push({ section: open[1] ?? node.name, node });
    if (stopAfter && open.length === 1 && name === stopAfter) stopped = true;
  });
  const feed = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw new SourceError(`malformed XML: ${(err as Error).message.replace(/^\d+:\d+: /, '')}`, { file, line: parser.line });
    }
  };

  const utf8 = new Utf8Chunks(file);
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) {
      feed(utf8.decode(chunk as Buffer));
      yield* ready.splice(0);
      if (stopped) return;
    }
    utf8.end();
    feed(null);
    yield* ready.splice(0);
  } finally {
    stream.destroy();
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Another publisher's XML, OFAC's legacy XML or a delta file is not a full advanced publication. */
function checkRoot(name: string, attrs: Record<string, string>, file: string, line: number): void {
  if (name !== 'Sanctions') {
    throw new SourceError(`not an OFAC advanced XML file: the root element is <${name}>, not <Sanctions>`, { file, line });
  }
  const ns = attrs.xmlns ?? Object.entries(attrs).find(([k]) => k.startsWith('xmlns:'))?.[1];
  if (!ns || !NAMESPACES.includes(ns.replace(/\/$/, ''))) {
    throw new SourceError(`not an OFAC advanced XML file: <Sanctions> is in namespace "${ns ?? ''}", not ${NAMESPACES.join(' or ')}`, { file, line });
  }
  if (attrs.DeltaBaseVersion !== undefined) {
    throw new SourceError(`a delta file (changes since version ${attrs.DeltaBaseVersion}), not a full publication`, { file, line });
  }
}

/**
 * Decodes a byte stream as UTF-8 chunk by chunk, carrying a sequence split between chunks
 * over to the next one, and names the byte offset of the first invalid sequence.
 */
class Utf8Chunks {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly file: string) {}

  decode(chunk: Buffer): string {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeLength(bytes);
    const complete = bytes.subarray(0, cut);
    this.carry = Buffer.from(bytes.subarray(cut));
    let text: string;
    try {
      text = this.decoder.decode(complete);
    } catch {
      throw new SourceError('not valid UTF-8 text', { file: this.file, offset: this.offset + firstInvalidUtf8(complete) });
    }
    if (this.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.offset += cut;
    return text;
  }

  end(): void {
    if (this.carry.length) throw new SourceError('not valid UTF-8 text: the file ends inside a character', { file: this.file, offset: this.offset });
  }
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => node?.children.find((c) => c.name === name);
const childrenOf = (node: XmlNode | undefined, name: string): XmlNode[] => node?.children.filter((c) => c.name === name) ?? [];
const textOf = (node: XmlNode | undefined): string => node?.text.replace(/\s+/g, ' ').trim() ?? '';

// =============================================================================================
// First pass: the index.

interface Index {
  file: string;
  publishedAt?: string;
  partyCount: number;
  refs: References;
  locations: Map<string, AdvLocation>;
  /** IDRegDocuments by the Identity they belong to. */
  documents: Map<string, AdvDocument[]>;
  /** Profile ID -> the party's FixedRef and primary name, for relationship targets. */
  parties: Map<string, { fixedRef: string; caption: string }>;
  /** Relationships by the profile they start from. */
  relations: Map<string, AdvRelation[]>;
  /** Sanctions entries by profile. */
  entries: Map<string, AdvEntry[]>;
}

async function indexPublication(path: string, file: string): Promise<Index> {
  const index: Index = {
    file,
    partyCount: 0,
    refs: new References(file),
    locations: new Map(),
    documents: new Map(),
    parties: new Map(),
    relations: new Map(),
    entries: new Map(),
  };
  const sections = new Set<string>();
  const fixedRefs = new Set<string>();
  const wanted: Wanted = (p) => p.length === 3 || (p.length === 2 && p[1] === 'DateOfIssue');
  // SanctionsEntryLinks (links between entries) carry nothing an entity states; other
  // sections a later version of the format may add are read past the same way.
  for await (const { section, node } of xmlSubtrees(path, file, wanted)) {
    sections.add(section);
    switch (section) {
      case 'DateOfIssue':
        index.publishedAt = isoDate(node);
        break;
      case 'ReferenceValueSets':
        index.refs.addSet(node);
        break;
      case 'Locations': {
        const location = readLocation(node, index.refs);
        index.locations.set(location.id, location);
        break;
      }
      case 'IDRegDocuments': {
        const doc = readDocument(node, index.refs, index.locations);
        push(index.documents, doc.identityId, doc);
        break;
      }
      case 'DistinctParties': {
        const summary = summariseParty(node, index.refs);
        if (fixedRefs.has(summary.fixedRef)) {
          throw new SourceError(`DistinctParty ${summary.fixedRef} appears twice`, { file, line: node.line, record: summary.fixedRef });
        }
        fixedRefs.add(summary.fixedRef);
        index.partyCount++;
        for (const profileId of summary.profileIds) index.parties.set(profileId, { fixedRef: summary.fixedRef, caption: summary.caption });
        break;
      }
      case 'ProfileRelationships': {
        const relation = readRelation(node, index.refs);
        push(index.relations, relation.from, relation);
        break;
      }
      case 'SanctionsEntries': {
        const entry = readEntry(node, index.refs);
        push(index.entries, entry.profileId, entry);
        break;
      }
    }
  }
  if (!sections.has('ReferenceValueSets')) throw new SourceError('the file has no <ReferenceValueSets>', { file });
  if (fixedRefs.size === 0) throw new SourceError('the file holds no <DistinctParty> records', { file });
  checkReferences(index);
  return index;
}

/**
 * Relationships must start from, and sanctions entries belong to, parties the file holds. A
 * relationship may end at a party of another OFAC list (the consolidated file links NS-PLC
 * members to HAMAS, which is on the SDN List only): that is no error, see addRelations.
 */
function checkReferences(index: Index): void {
  for (const list of index.relations.values()) {
    for (const r of list) {
      if (!index.parties.has(r.from)) {
        throw new SourceError(`ProfileRelationship ${r.id} starts from profile ${r.from}, which no DistinctParty holds`, { file: index.file, line: r.line });
      }
    }
  }
  for (const list of index.entries.values()) {
    for (const e of list) {
      if (!index.parties.has(e.profileId)) {
        throw new SourceError(`SanctionsEntry ${e.id} is for profile ${e.profileId}, which no DistinctParty holds`, { file: index.file, line: e.line });
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The reference value sets: ID -> element, per kind (AliasType, Country, FeatureType ...). */
class References {
  private readonly sets = new Map<string, Map<string, XmlNode>>();

  constructor(readonly file: string) {}

  addSet(values: XmlNode): void {
    for (const value of values.children) {
      const set = this.sets.get(value.name) ?? new Map<string, XmlNode>();
      set.set(value.attrs.ID, value);
      this.sets.set(value.name, set);
    }
  }

  node(kind: string, id: string | undefined, at: XmlNode): XmlNode {
    const found = id === undefined ? undefined : this.sets.get(kind)?.get(id);
    if (!found) {
      throw new SourceError(`<${at.name}> refers to ${kind} ${id ?? '(none)'}, which the reference value sets do not hold`, { file: this.file, line: at.line });
    }
    return found;
  }

  text(kind: string, id: string | undefined, at: XmlNode): string {
    return textOf(this.node(kind, id, at));
  }

  /** A country's name as OFAC writes it in the legacy files ("Russia", "Korea, North"). */
  country(id: string | undefined, at: XmlNode): string {
    return this.text('Country', id, at);
  }
}

function attr(node: XmlNode, name: string, refs: References): string {
  const value = node.attrs[name];
  if (value === undefined) throw new SourceError(`<${node.name}> lacks its ${name} attribute`, { file: refs.file, line: node.line });
  return value;
}

// ---------------------------------------------------------------------------------------------
// Dates

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function ymdOf(node: XmlNode | undefined): Ymd | undefined {
  if (!node) return undefined;
  const n = (name: string) => Number(textOf(child(node, name)));
  const ymd = { y: n('Year'), m: n('Month'), d: n('Day') };
  return Number.isInteger(ymd.y) && ymd.y > 0 ? ymd : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validYmd = ({ y, m, d }: Ymd) => y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
const dayText = ({ y, m, d }: Ymd) => `${y}-${pad(m)}-${pad(d)}`;

/** A <Date>/<DateOfIssue> as YYYY-MM-DD, or undefined when it is not a calendar day. */
function isoDate(node: XmlNode): string | undefined {
  const ymd = ymdOf(node);
  return ymd && validYmd(ymd) ? dayText(ymd) : undefined;
}

/**
 * A DatePeriod as a PartialDate. OFAC states a year as the span 1 Jan - 31 Dec, a month as
 * its first to last day, and "circa" with Approximate="true"; the span is written back at the
 * precision it covers ("1962", "1962-03", "1960/1962", "~1962").
 */
export function periodDate(period: XmlNode): string | undefined {
  const start = child(period, 'Start');
  const end = child(period, 'End');
  const first = ymdOf(child(start, 'From')) ?? ymdOf(child(start, 'To'));
  const last = ymdOf(child(end, 'To')) ?? ymdOf(child(end, 'From'));
  const from = first ?? last;
  const to = last ?? first;
  if (!from || !to || !validYmd(from) || !validYmd(to) || dayText(from) > dayText(to)) return undefined;
  const span = spanDate(from, to);
  const approximate = start?.attrs.Approximate === 'true' || end?.attrs.Approximate === 'true';
  return approximate && /^\d{4}$/.test(span) ? `~${span}` : span;
}

function spanDate(from: Ymd, to: Ymd): string {
  const join = (a: string, b: string) => (a === b ? a : `${a}/${b}`);
  if (from.m === 1 && from.d === 1 && to.m === 12 && to.d === 31) return join(`${from.y}`, `${to.y}`);
  if (from.d === 1 && to.d === lastDay(to.y, to.m)) return join(`${from.y}-${pad(from.m)}`, `${to.y}-${pad(to.m)}`);
  return join(dayText(from), dayText(to));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A PartialDate in the legacy files' wording ("01 Jan 1962", "Jan 1962", "circa 1962", "1960 to 1962"). */
export function legacyDateText(date: string): string {
  if (date.startsWith('~')) return `circa ${date.slice(1)}`;
  if (date.includes('/')) return date.split('/').map(legacyDateText).join(' to ');
  const [y, m, d] = date.split('-');
  if (d) return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
  if (m) return `${MONTHS[Number(m) - 1]} ${y}`;
  return y;
}

/** A date point that is not a calendar day (e.g. 31 June) stays readable, verbatim. */
function pointVerbatim(node: XmlNode | undefined): string {
  const y = textOf(child(node, 'Year'));
  return y ? `${y}-${textOf(child(node, 'Month'))}-${textOf(child(node, 'Day'))}` : '';
}

function periodVerbatim(period: XmlNode): string {
  const start = child(period, 'Start');
  const end = child(period, 'End');
  const points = [child(start, 'From'), child(start, 'To'), child(end, 'From'), child(end, 'To')];
  return points.map(pointVerbatim).filter(Boolean).join(' .. ');
}

// ---------------------------------------------------------------------------------------------
// Locations: addresses and the country of nationality / registration features.

interface AdvLocation {
  id: string;
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  region?: string;
  country?: string;
  /** Alternative spellings of parts and comments: kept as remarks. */
  notes: string[];
}

function readLocation(node: XmlNode, refs: References): AdvLocation {
  const location: AdvLocation = { id: attr(node, 'ID', refs), notes: [] };
  const street: string[] = [];
  for (const part of childrenOf(node, 'LocationPart')) {
    const type = refs.text('LocPartType', part.attrs.LocPartTypeID, part).toUpperCase();
    const values = childrenOf(part, 'LocationPartValue');
    const primary = values.find((v) => v.attrs.Primary === 'true') ?? values[0];
    const value = textOf(child(primary, 'Value'));
    for (const other of values) if (other !== primary && textOf(child(other, 'Value'))) location.notes.push(`${type} also ${textOf(child(other, 'Value'))}`);
    if (!value) continue;
    if (type === 'CITY') location.city = value;
    else if (type === 'STATE/PROVINCE') location.state = value;
    else if (type === 'POSTAL CODE') location.postalCode = value;
    else if (type === 'REGION') location.region = value;
    // ADDRESS1..3, and "Unknown": the type of the single part of the locations that country
    // features (nationality, citizenship, registration) point at, e.g. "Russia".
    else street.push(value);
  }
  if (street.length) location.street = street.join(', ');
  const country = child(node, 'LocationCountry');
  if (country) location.country = refs.country(country.attrs.CountryID, country);
  else {
    const area = child(node, 'LocationAreaCode');
    const code = area ? refs.node('AreaCode', area.attrs.AreaCodeID, area) : undefined;
    // An area code without a code is OFAC's "undetermined": no country.
    if (code && textOf(code)) location.country = code.attrs.Description;
  }
  const comment = textOf(child(node, 'Comment'));
  if (comment) location.notes.push(comment);
  return location;
}

/** The address as the legacy files write it: lines; "city, state postal"; country or "Region: X". */
function legacyAddress(location: AdvLocation): OfacAddress {
  const city = [location.city, location.state, location.country ? location.region : undefined].filter(Boolean).join(', ');
  const cityLine = [city, location.postalCode].filter(Boolean).join(' ');
  const country = location.country ?? (location.region ? `Region: ${location.region}` : undefined);
  const address: OfacAddress = { uid: location.id };
  if (location.street) address.street = location.street;
  if (cityLine) address.cityLine = cityLine;
  if (country) address.country = country;
  if (location.notes.length) address.note = location.notes.join('; ');
  return address;
}

/** A location used as a value (place of birth, country of nationality): its words in one line. */
function locationText(location: AdvLocation): string {
  const a = legacyAddress(location);
  return [a.street, a.cityLine, a.country].filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Identity documents and registry numbers.

interface AdvDocument {
  id: string;
  identityId: string;
  type: string;
  number: string;
  /** The legacy wording: "<type> <number> (<country>) issued <date> expires <date>". */
  fact: string;
  /** Issuing authority, comment, validity other than "Valid": the legacy wording has no room for them. */
  note?: string;
}

function readDocument(node: XmlNode, refs: References, locations: Map<string, AdvLocation>): AdvDocument {
  const type = refs.text('IDRegDocType', node.attrs.IDRegDocTypeID, node);
  const countryId = node.attrs['IssuedBy-CountryID'];
  const country = countryId ? refs.country(countryId, node) : undefined;
  const dates: string[] = [];
  const notes: string[] = [];
  for (const documentDate of childrenOf(node, 'DocumentDate')) {
    const kind = refs.text('IDRegDocDateType', documentDate.attrs.IDRegDocDateTypeID, documentDate);
    const period = child(documentDate, 'DatePeriod');
    const date = period ? periodDate(period) : undefined;
    const word = /issue/i.test(kind) ? 'issued' : /expir/i.test(kind) ? 'expires' : undefined;
    if (date && word) dates.push(`${word} ${legacyDateText(date)}`);
    else if (period) notes.push(`${kind} ${date ? legacyDateText(date) : periodVerbatim(period)}`);
  }
  const authority = textOf(child(node, 'IssuingAuthority'));
  if (authority) notes.push(`issued by ${authority}`);
  const issuedIn = node.attrs['IssuedIn-LocationID'];
  if (issuedIn) {
    const place = locations.get(issuedIn);
    if (!place) throw new SourceError(`<IDRegDocument> refers to Location ${issuedIn}, which the file does not hold`, { file: refs.file, line: node.line });
    if (locationText(place)) notes.push(`issued in ${locationText(place)}`);
  }
  const comment = textOf(child(node, 'Comment'));
  if (comment) notes.push(comment);
  if (node.attrs.ValidityID) {
    const validity = refs.text('Validity', node.attrs.ValidityID, node);
    if (validity && !/^valid$/i.test(validity)) notes.push(validity);
  }
  const number = textOf(child(node, 'IDRegistrationNo'));
  const fact = [type, number, country ? `(${country})` : undefined, ...dates].filter(Boolean).join(' ');
  const doc: AdvDocument = { id: attr(node, 'ID', refs), identityId: attr(node, 'IdentityID', refs), type, number, fact };
  if (notes.length) doc.note = notes.join('; ');
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Names

interface AdvName {
  full: string;
  kind: NameKind;
  aliasType: string;
  lowQuality: boolean;
  /** A name written in a script other than Latin. */
  originalScript: boolean;
  parts?: NameParts;
  /** Last name, then the other parts, as the legacy files split a person's name. */
  legacy: OfacName;
  /** Comments and validity dates OFAC attaches to the name. */
  notes: string[];
}

/** ScriptID -> whether the script is Latin; reference texts are "Latin", "Cyrillic", "Chinese Simplified" ... */
function isLatinScript(scriptId: string | undefined, at: XmlNode, refs: References): boolean {
  if (scriptId === undefined) return true;
  const script = refs.node('Script', scriptId, at);
  return /^lat/i.test(script.attrs.ScriptCode ?? textOf(script));
}

/** Scripts whose names are written without spaces between family and given name. */
const UNSPACED_SCRIPT = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Thai}|\p{Script=Myanmar}/u;

/**
 * The names of one Identity. The legacy files write a person "LAST, First Middle"; the same
 * order (last names, comma, the other parts in the publisher's order) gives the same string.
 */
function identityNames(identity: XmlNode, refs: References): AdvName[] {
  const partTypes = new Map<string, string>();
  for (const group of childrenOf(identity, 'NamePartGroups').flatMap((g) => g.children).flatMap((m) => m.children)) {
    partTypes.set(group.attrs.ID, refs.text('NamePartType', group.attrs.NamePartTypeID, group));
  }
  const names: AdvName[] = [];
  for (const alias of childrenOf(identity, 'Alias')) {
    const aliasType = refs.text('AliasType', alias.attrs.AliasTypeID, alias);
    const primary = alias.attrs.Primary === 'true';
    const lowQuality = alias.attrs.LowQuality === 'true';
    const aliasNotes = [textOf(child(alias, 'Comment')), ...childrenOf(alias, 'DatePeriod').map(periodNote)];
    for (const documented of childrenOf(alias, 'DocumentedName')) {
      const parts = childrenOf(documented, 'DocumentedNamePart').map((p) => {
        const value = child(p, 'NamePartValue');
        if (!value) throw new SourceError('<DocumentedNamePart> without a <NamePartValue>', { file: refs.file, line: p.line });
        const type = partTypes.get(value.attrs.NamePartGroupID);
        if (type === undefined) {
          throw new SourceError(`<NamePartValue> refers to NamePartGroup ${value.attrs.NamePartGroupID ?? '(none)'}, which its Identity does not define`, { file: refs.file, line: value.line });
        }
        const text = [p.attrs.LeadingChars, textOf(value), p.attrs.TrailingChars].filter(Boolean).join('');
        return { type: type.toLowerCase(), value: text, latin: isLatinScript(value.attrs.ScriptID, value, refs) };
      }).filter((p) => p.value);
      if (!parts.length) continue;
      const originalScript = parts.some((p) => !p.latin);
      const legacy = legacyName(parts, originalScript);
      const name: AdvName = {
        full: legacy.full,
        kind: nameKind(aliasType, primary, lowQuality, originalScript),
        aliasType,
        lowQuality,
        originalScript,
        legacy,
        notes: [...aliasNotes, textOf(child(documented, 'Comment'))].filter(Boolean),
      };
      const nameParts = partsOf(parts);
      if (nameParts) name.parts = nameParts;
      names.push(name);
    }
  }
  return names;
}

/** A name's or relationship's DatePeriod, in words. */
function periodNote(period: XmlNode): string {
  const date = periodDate(period);
  return date ? `dated ${legacyDateText(date)}` : periodVerbatim(period) && `dated ${periodVerbatim(period)}`;
}

function legacyName(parts: Array<{ type: string; value: string }>, originalScript: boolean): OfacName {
  if (originalScript) {
    const full = parts.map((p) => p.value).join(parts.every((p) => UNSPACED_SCRIPT.test(p.value)) ? '' : ' ');
    return { full };
  }
  const family = parts.filter((p) => p.type === 'last name').map((p) => p.value).join(' ');
  const given = parts.filter((p) => p.type !== 'last name').map((p) => p.value).join(' ');
  if (family && given) return { full: `${family}, ${given}`, family, given };
  return { full: family || given };
}

const PART_KEYS: Record<string, keyof NameParts> = {
  'last name': 'family',
  'first name': 'given',
  'middle name': 'middle',
  patronymic: 'patronymic',
  matronymic: 'matronymic',
};

function partsOf(parts: Array<{ type: string; value: string }>): NameParts | undefined {
  if (!parts.some((p) => p.type === 'last name')) return undefined;
  const out: NameParts = {};
  for (const p of parts) {
    const key = PART_KEYS[p.type];
    if (key) out[key] = out[key] ? `${out[key]} ${p.value}` : p.value;
  }
  return out;
}

function nameKind(aliasType: string, primary: boolean, lowQuality: boolean, originalScript: boolean): NameKind {
  if (originalScript) return 'original_script';
  if (primary) return 'primary';
  if (lowQuality) return 'weak_alias';
  return legacyAliasType(aliasType) === 'f.k.a.' ? 'former' : legacyAliasType(aliasType) === 'n.k.a.' ? 'new' : 'alias';
}

/** "A.K.A." / "F.K.A." / "N.K.A." as the legacy files write them; the primary's "Name" is an a.k.a. */
function legacyAliasType(aliasType: string): OfacAlias['type'] {
  const t = aliasType.toLowerCase().replace(/\s+/g, '');
  return t === 'f.k.a.' || t === 'fka' ? 'f.k.a.' : t === 'n.k.a.' || t === 'nka' ? 'n.k.a.' : 'a.k.a.';
}

// ---------------------------------------------------------------------------------------------
// Parties: a caption for the index, the full record for the second pass.

function summariseParty(party: XmlNode, refs: References): { fixedRef: string; profileIds: string[]; caption: string } {
  const fixedRef = attr(party, 'FixedRef', refs);
  const profiles = childrenOf(party, 'Profile');
  if (!profiles.length) throw new SourceError(`DistinctParty ${fixedRef} has no <Profile>`, { file: refs.file, line: party.line, record: fixedRef });
  const names = profiles.flatMap((p) => childrenOf(p, 'Identity')).flatMap((i) => identityNames(i, refs));
  return { fixedRef, profileIds: profiles.map((p) => attr(p, 'ID', refs)), caption: primaryName(names, party, refs).full };
}

/** The party's primary name: OFAC marks one Alias Primary; a Latin name otherwise. */
function primaryName(names: AdvName[], party: XmlNode, refs: References): AdvName {
  const primary = names.find((n) => n.kind === 'primary') ?? names.find((n) => !n.originalScript) ?? names[0];
  if (!primary) throw new SourceError(`DistinctParty ${party.attrs.FixedRef} has no name`, { file: refs.file, line: party.line, record: party.attrs.FixedRef });
  return primary;
}

/** Entry type from the party's sub-type ("Vessel", "Aircraft") or type ("Individual", "Entity"). */
function entryType(profile: XmlNode, refs: References): OfacEntryType {
  const subType = refs.node('PartySubType', profile.attrs.PartySubTypeID, profile);
  const sub = textOf(subType).toLowerCase();
  if (sub === 'vessel') return 'vessel';
  if (sub === 'aircraft') return 'aircraft';
  const type = refs.text('PartyType', subType.attrs.PartyTypeID, subType).toLowerCase();
  return type === 'individual' ? 'individual' : 'entity';
}

/** What one party yields: the legacy record, plus what only this format states. */
interface PartyReading {
  record: OfacRecord;
  names: AdvName[];
  remarks: string[];
  /** Documents with an issuing authority, comment or validity, which the legacy wording drops. */
  documents: AdvDocument[];
}

function readParty(party: XmlNode, index: Index): PartyReading {
  const refs = index.refs;
  const fixedRef = attr(party, 'FixedRef', refs);
  const profiles = childrenOf(party, 'Profile');
  // OFAC gives one Profile per party; should there be more, their facts all go to the entity.
  const type = entryType(profiles[0], refs);
  const identities = profiles.flatMap((p) => childrenOf(p, 'Identity'));
  const names = identities.flatMap((i) => identityNames(i, refs));
  const primary = primaryName(names, party, refs);
  const person = type === 'individual';
  const record: OfacRecord = {
    uid: fixedRef,
    type,
    name: person ? primary.legacy : { full: primary.legacy.full },
    programs: programsOf(profiles, index),
    vessel: {},
    aliases: names
      .filter((n) => n !== primary && !n.originalScript)
      // The legacy files split strong a.k.a.s of people only; weak ones are one string.
      .map((n) => ({ ...(person && !n.lowQuality ? n.legacy : { full: n.legacy.full }), type: legacyAliasType(n.aliasType), category: n.lowQuality ? 'weak' : 'strong' })),
    addresses: [],
    facts: [],
    origin: { file: index.file, line: party.line },
  };
  const reading: PartyReading = { record, names, remarks: [], documents: [] };
  for (const identity of identities) {
    if (identity.attrs.False === 'true') reading.remarks.push(`OFAC marks identity ${identity.attrs.ID} (${identityNames(identity, refs)[0]?.full ?? ''}) as false`);
    for (const doc of index.documents.get(identity.attrs.ID) ?? []) {
      record.facts.push(normaliseFact(doc.fact));
      if (doc.note) reading.documents.push(doc);
    }
  }
  for (const profileNode of profiles) for (const feature of childrenOf(profileNode, 'Feature')) readFeature(feature, reading, index);
  // A party's comment is the rest of what the legacy files write in their Remarks column.
  for (const node of [party, ...profiles]) {
    for (const comment of childrenOf(node, 'Comment')) record.facts.push(...splitRemarks(textOf(comment)));
  }
  record.facts = record.facts.filter(Boolean);
  return reading;
}

/** The program codes of the party's sanctions entries, in the order OFAC states them. */
function programsOf(profiles: XmlNode[], index: Index): string[] {
  const programs: string[] = [];
  for (const p of profiles) {
    for (const entry of index.entries.get(p.attrs.ID) ?? []) for (const code of entry.programs) if (!programs.includes(code)) programs.push(code);
  }
  return programs;
}

// ---------------------------------------------------------------------------------------------
// Features: the facts the legacy files write in their Remarks column, and the vessel columns.

/** Feature types whose legacy wording is not "<feature type> <value>". */
const LEGACY_WORDING: Record<string, string> = {
  birthdate: 'DOB',
  'place of birth': 'POB',
  'nationality country': 'nationality',
  'citizenship country': 'citizen',
};

/** Vessel facts the legacy files give columns of their own. */
const VESSEL_COLUMNS: Record<string, keyof OfacRecord['vessel']> = {
  'vessel call sign': 'callSign',
  'vessel type': 'vesselType',
  'vessel flag': 'flag',
  'vessel owner': 'owner',
  'vessel tonnage': 'tonnage',
  'vessel gross registered tonnage': 'grossRegisteredTonnage',
};

function readFeature(feature: XmlNode, reading: PartyReading, index: Index): void {
  const refs = index.refs;
  const typeText = refs.text('FeatureType', feature.attrs.FeatureTypeID, feature);
  const type = typeText.toLowerCase().replace(/[\s:-]+$/, '');
  for (const version of childrenOf(feature, 'FeatureVersion')) {
    const locations = childrenOf(version, 'VersionLocation').map((v) => {
      const location = index.locations.get(v.attrs.LocationID);
      if (!location) throw new SourceError(`<VersionLocation> refers to Location ${v.attrs.LocationID}, which the file does not hold`, { file: refs.file, line: v.line });
      return location;
    });
    if (type === 'location') {
      for (const location of locations) reading.record.addresses.push(legacyAddress(location));
      continue;
    }
    const values = featureValues(version, locations, refs);
    const comment = textOf(child(version, 'Comment'));
    if (comment) reading.remarks.push(`${typeText} ${values.join(', ')}: ${comment}`);
    for (const value of values) addFeatureValue(reading.record, type, typeText, value);
  }
}

/** The values of one FeatureVersion in the legacy wording: text, looked-up text, date, country, place. */
function featureValues(version: XmlNode, locations: AdvLocation[], refs: References): string[] {
  const values: string[] = [];
  for (const period of childrenOf(version, 'DatePeriod')) {
    const date = periodDate(period);
    values.push(date ? legacyDateText(date) : periodVerbatim(period));
  }
  for (const detail of childrenOf(version, 'VersionDetail')) {
    const referenced = detail.attrs.DetailReferenceID ? refs.text('DetailReference', detail.attrs.DetailReferenceID, detail) : '';
    const text = referenced || textOf(detail);
    if (text) values.push(text);
  }
  for (const location of locations) {
    const text = location.country && !location.street && !location.city ? location.country : locationText(location);
    if (text) values.push(text);
  }
  return values.filter(Boolean);
}

function addFeatureValue(record: OfacRecord, type: string, typeText: string, value: string): void {
  const column = VESSEL_COLUMNS[type];
  if (column && !record.vessel[column]) {
    record.vessel[column] = value;
    return;
  }
  if (type === 'title' && !record.title) {
    record.title = value;
    return;
  }
  const label = LEGACY_WORDING[type] ?? typeText.replace(/\s+/g, ' ').trim();
  record.facts.push(normaliseFact(`${label} ${value}`));
}

// ---------------------------------------------------------------------------------------------
// Relationships and sanctions entries.

interface AdvRelation {
  id: string;
  from: string;
  to: string;
  type: string;
  former: boolean;
  comment: string;
  line: number;
}

function readRelation(node: XmlNode, refs: References): AdvRelation {
  return {
    id: attr(node, 'ID', refs),
    from: attr(node, 'From-ProfileID', refs),
    to: attr(node, 'To-ProfileID', refs),
    type: refs.text('RelationType', node.attrs.RelationTypeID, node),
    former: node.attrs.Former === 'true',
    comment: [textOf(child(node, 'Comment')), ...childrenOf(node, 'DatePeriod').map(periodNote)].filter(Boolean).join('; '),
    line: node.line,
  };
}

/** OFAC relation types -> link types; the publisher's words stay in `basis`. */
const RELATION_TYPES: Array<[RegExp, LinkType]> = [
  [/owned or controlled by|owned by/i, 'owned_by'],
  [/controlled by/i, 'controlled_by'],
  [/acting for|on behalf of/i, 'acting_for'],
  [/associate/i, 'associate_of'],
  [/\b(?:family|relative|spouse|wife|husband|child|son|daughter|parent|father|mother|brother|sister|sibling)\b/i, 'family_of'],
  [/\b(?:leader|official|executive|director|manager|head of)\b/i, 'leader_of'],
];

export function linkTypeOf(relationType: string): LinkType {
  return RELATION_TYPES.find(([re]) => re.test(relationType))?.[1] ?? 'linked_to';
}

interface AdvEntry {
  id: string;
  profileId: string;
  list: string;
  programs: string[];
  /** Texts of the LegalBasis references of its events, "Unknown" left out. */
  legalBasis: string[];
  /** Dates of its entry events, YYYY-MM-DD. */
  dates: string[];
  notes: string[];
  line: number;
}

function readEntry(node: XmlNode, refs: References): AdvEntry {
  const entry: AdvEntry = {
    id: attr(node, 'ID', refs),
    profileId: attr(node, 'ProfileID', refs),
    list: node.attrs.ListID ? refs.text('List', node.attrs.ListID, node) : '',
    programs: [],
    legalBasis: [],
    dates: [],
    notes: [],
    line: node.line,
  };
  for (const event of childrenOf(node, 'EntryEvent')) {
    const date = child(event, 'Date');
    const day = date ? isoDate(date) : undefined;
    if (day) entry.dates.push(day);
    else if (date) entry.notes.push(`${refs.text('EntryEventType', event.attrs.EntryEventTypeID, event)} ${pointVerbatim(date)}`);
    if (event.attrs.LegalBasisID) {
      const basis = refs.text('LegalBasis', event.attrs.LegalBasisID, event);
      if (basis && !/^unknown$/i.test(basis) && !entry.legalBasis.includes(basis)) entry.legalBasis.push(basis);
    }
    const comment = textOf(child(event, 'Comment'));
    if (comment) entry.notes.push(comment);
  }
  // Measures other than "Program" (Block, Reject, the E.O. 13662 directives ...) restate what
  // the list and the party's directive features already say; the programs are what we need.
  for (const measure of childrenOf(node, 'SanctionsMeasure')) {
    const kind = refs.text('SanctionsType', measure.attrs.SanctionsTypeID, measure);
    const code = textOf(child(measure, 'Comment'));
    if (/^program$/i.test(kind) && code && !entry.programs.includes(code)) entry.programs.push(code);
  }
  for (const name of ['Comment', 'LimitationsToListing']) {
    const text = textOf(child(node, name));
    if (text) entry.notes.push(text);
  }
  for (const info of childrenOf(node, 'SupportingInfo')) {
    const text = [textOf(child(info, 'Text')), textOf(child(info, 'DirectURL'))].filter(Boolean).join(' ');
    if (text) entry.notes.push(text);
  }
  return entry;
}

/**
 * The list key in src/measures/lists.ts an entry's list stands for. "Consolidated List" is the
 * umbrella every entry of CONS_ADVANCED.XML is also on: it says nothing of its own.
 */
export function listKeyOf(listName: string): string | undefined {
  const name = listName.trim();
  if (/^consolidated list$/i.test(name)) return undefined;
  if (/^SDN\b/i.test(name) || /specially designated nationals/i.test(name)) return 'SDN';
  if (/palestinian legislative council|NS-PLC/i.test(name)) return 'NS-PLC';
  if (/^FSE\b|foreign sanctions evaders/i.test(name)) return 'FSE';
  if (/sectoral sanctions identifications|^SSI\b/i.test(name)) return 'SSI';
  if (/CAPTA|correspondent account or payable-through/i.test(name)) return 'CAPTA';
  if (/menu-based|NS-MBS/i.test(name)) return 'NS-MBS';
  if (/military-industrial complex|CMIC/i.test(name)) return 'NS-CMIC';
  return 'OTHER';
}

// =============================================================================================
// Second pass: one entity per party.

function partyEntity(party: XmlNode, index: Index, source: OfacSourceId, warnings: Set<string>): Entity {
  const reading = readParty(party, index);
  // The legacy builder, record by record: its name-based "Linked To" resolution is not needed
  // here (relationships name their target's profile), and its warnings are collected once.
  const scratch: ParseContext = { dir: '', format: ADVANCED_FORMATS[source], meta: { records: 0, warnings: [] } };
  const entity = buildEntities([reading.record], source, scratch)[0];
  for (const w of scratch.meta.warnings) warnings.add(w);

  const b = new EntityBuilder(source, reading.record.uid, entity.schema);
  Object.assign(b.entity, entity);
  addAdvancedNames(b, reading.names);
  const profiles = childrenOf(party, 'Profile');
  for (const profile of profiles) addRelations(b, profile.attrs.ID, index, source, warnings);
  enrichListings(b.entity.listings, profiles.flatMap((p) => index.entries.get(p.attrs.ID) ?? []), b);
  for (const doc of reading.documents) addDocumentNote(b, doc);
  for (const remark of reading.remarks) b.remark(remark);
  return b.build();
}

/** The note goes on the identifier the document became, or stays a remark if it became none. */
function addDocumentNote(b: EntityBuilder, doc: AdvDocument): void {
  const value = doc.number.replace(/\s+/g, ' ').trim();
  const id = value ? b.entity.identifiers.find((i) => i.label === doc.type && i.value === value) : undefined;
  if (id) id.note = [id.note, doc.note].filter(Boolean).join('; ');
  else b.remark(`${doc.fact}: ${doc.note}`);
}

/** Names in their original script, and the finer parts (middle name, patronymic ...) OFAC gives. */
function addAdvancedNames(b: EntityBuilder, names: AdvName[]): void {
  for (const name of names) {
    for (const note of name.notes) b.remark(`${legacyAliasType(name.aliasType)} ${name.full}: ${note}`);
    if (name.originalScript) {
      b.addName(name.full, 'original_script', { quality: `${name.lowQuality ? 'weak' : 'strong'} ${legacyAliasType(name.aliasType)}` });
      continue;
    }
    const existing: Name | undefined = b.entity.names.find((n) => n.full === name.full.replace(/\s+/g, ' ').trim());
    if (existing && name.parts && Object.keys(name.parts).length > Object.keys(existing.parts ?? {}).length) existing.parts = name.parts;
  }
}

function addRelations(b: EntityBuilder, profileId: string, index: Index, source: OfacSourceId, warnings: Set<string>): void {
  for (const relation of index.relations.get(profileId) ?? []) {
    const basis = [relation.former ? `former: ${relation.type}` : relation.type, relation.comment].filter(Boolean).join('; ');
    const target = index.parties.get(relation.to);
    if (!target) {
      // OFAC numbers parties across all its lists, but which list holds this one, and its
      // name, only the other publication says: the link keeps the number.
      warnings.add(`${index.file}: ProfileRelationship ${relation.id} (${b.entity.id}) ends at OFAC profile ${relation.to}, which this file does not hold; the link names the profile number only`);
      b.addLink({ type: linkTypeOf(relation.type), targetName: `OFAC profile ${relation.to}`, basis });
      continue;
    }
    const link: Link = { type: linkTypeOf(relation.type), target: entityId(source, target.fixedRef), targetName: target.caption, basis };
    b.addLink(link);
  }
}

/**
 * The listings come from the programs (as in the legacy files); the entries add when the party
 * was listed and the legal bases OFAC cites that the program table does not already name.
 */
function enrichListings(listings: Listing[], entries: AdvEntry[], b: EntityBuilder): void {
  const specific = entries.filter((e) => listKeyOf(e.list) !== undefined);
  const used = new Set<AdvEntry>();
  for (const listing of listings) {
    let matching = specific.filter((e) => listKeyOf(e.list) === listing.list);
    if (!matching.length && listings.length === 1) matching = specific.length ? specific : entries;
    matching.forEach((e) => used.add(e));
    const dates = matching.flatMap((e) => e.dates).sort();
    if (!listing.listedOn && dates[0]) listing.listedOn = dates[0];
    for (const basis of matching.flatMap((e) => e.legalBasis)) {
      if (!citedAlready(basis, listing.legalBasis)) listing.legalBasis.push(basis);
    }
  }
  for (const entry of specific) {
    if (used.has(entry)) continue;
    // A consolidated-file party may also be on the SDN List (e.g. an NS-PLC member who is an
    // SDGT): the legacy files cannot say so, the SDN source lists it, and it is noted here.
    const since = [...entry.dates].sort()[0];
    b.remark(`Also on the OFAC ${entry.list}${entry.programs.length ? ` (${entry.programs.join(', ')})` : ''}${since ? ` since ${since}` : ''}`);
  }
  for (const entry of entries) for (const note of entry.notes) b.remark(`${entry.list}: ${note}`);
}

/**
 * True when a LegalBasis text ("Executive Order 13224 (Terrorism)", "CISADA") adds nothing to
 * the bases already cited: every order it names is cited, or its short name is.
 */
function citedAlready(basis: string, cited: string[]): boolean {
  const orders = [...basis.matchAll(/(?:Executive Order|E\.?\s?O\.?)\s*(\d{5})/gi)].map((m) => m[1]);
  const citedText = cited.join(' | ');
  if (orders.length) return orders.every((o) => new RegExp(`\\b${o}\\b`).test(citedText));
  const short = basis.replace(/\(.*?\)/g, '').trim();
  return cited.includes(basis) || (short.length > 2 && citedText.toLowerCase().includes(short.toLowerCase()));
}
