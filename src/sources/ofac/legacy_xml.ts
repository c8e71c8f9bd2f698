import { SaxesParser } from 'saxes';
import { readText } from '../files.js';
import type { ParseContext } from '../types.js';
import { SourceError } from '../types.js';
import { fileNameIn } from './io.js';
import type { OfacAddress, OfacAlias, OfacEntryType, OfacName, OfacRecord } from './record.js';
import { normaliseFact, splitRemarks } from './remarks.js';

/**
 * OFAC's legacy XML (SDN.XML, CONSOLIDATED.XML): <sdnList> with <publshInformation> and one
 * <sdnEntry> per record. The entry's facts are spread over idList, dateOfBirthList,
 * nationalityList ... ; they are written back in the CSV's remark wording ("Passport X (Iran)",
 * "DOB 1961") so that the entity builder sees the same facts from either format.
 */

interface Node {
  name: string;
  text: string;
  children: Node[];
  line: number;
}

export async function readLegacyXml(ctx: ParseContext, name: string): Promise<OfacRecord[]> {
  const file = await fileNameIn(ctx, name);
  const text = await readText(ctx.dir, file);
  const { entries, publication } = parseTree(text, file);
  const records = entries.map((e) => entryRecord(e, file, ctx));
  checkPublication(publication, records.length, file, ctx);
  ctx.meta.records = records.length;
  return records;
}

/** Builds a small tree for each sdnEntry (and the publication header), one at a time. */
function parseTree(text: string, file: string): { entries: Node[]; publication?: Node } {
  const parser = new SaxesParser({ position: true });
  const entries: Node[] = [];
  let publication: Node | undefined;
  const stack: Node[] = [];
  let depth = 0;
  parser.on('error', (err) => {
    throw new SourceError(`malformed XML: ${err.message.replace(/^\d+:\d+: /, '')}`, { file, line: parser.line });
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1 && tag.name !== 'sdnList') {
      throw new SourceError(`not an OFAC legacy XML file: the root element is <${tag.name}>, not <sdnList>`, { file, line: parser.line });
    }
    if (depth === 2 || stack.length) stack.push({ name: tag.name, text: '', children: [], line: parser.line });
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    depth--;
    const node = stack.pop();
    if (!node) return;
    // OFAC's CSV export writes every double quote as a single quote (no CSV value holds one);
    // the XML keeps them. Following the CSV keeps names equal across the two formats.
    node.text = node.text.trim().replace(/"/g, "'");
    if (stack.length) stack[stack.length - 1].children.push(node);
    else if (node.name === 'sdnEntry') entries.push(node);
    else if (node.name === 'publshInformation') publication = node;
    else throw new SourceError(`unexpected element <${node.name}> in <sdnList>`, { file, line: node.line });
  });
  parser.write(text).close();
  return { entries, publication };
}

/** The header states the record count: a file that holds another number was cut or altered. */
function checkPublication(publication: Node | undefined, count: number, file: string, ctx: ParseContext): void {
  if (!publication) throw new SourceError('no <publshInformation>: not a complete OFAC legacy XML file', { file });
  const stated = child(publication, 'Record_Count');
  if (stated === undefined || !/^\d+$/.test(stated)) {
    throw new SourceError('<Record_Count> is missing or not a number', { file, line: publication.line });
  }
  if (Number(stated) !== count) {
    throw new SourceError(`<Record_Count> says ${stated} entries but the file holds ${count}`, { file, line: publication.line });
  }
  const date = child(publication, 'Publish_Date');
  const m = date?.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (m) ctx.meta.publishedAt = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  else ctx.meta.warnings.push(`${file}: Publish_Date "${date ?? ''}" is not MM/DD/YYYY; publication date unknown`);
}

const child = (node: Node, name: string): string | undefined => node.children.find((c) => c.name === name)?.text || undefined;
const children = (node: Node, list: string, item: string): Node[] =>
  node.children.filter((c) => c.name === list).flatMap((l) => l.children.filter((c) => c.name === item));

const ENTRY_TYPES: Record<string, OfacEntryType> = { individual: 'individual', entity: 'entity', vessel: 'vessel', aircraft: 'aircraft' };

/** Elements of an sdnEntry this reader understands; anything else is kept as a remark. */
const KNOWN = new Set([
  'uid', 'firstName', 'lastName', 'sdnType', 'title', 'remarks', 'programList', 'idList', 'akaList', 'addressList',
  'nationalityList', 'citizenshipList', 'dateOfBirthList', 'placeOfBirthList', 'vesselInfo',
]);

function entryRecord(node: Node, file: string, ctx: ParseContext): OfacRecord {
  const uid = child(node, 'uid');
  if (!uid || !/^\d+$/.test(uid)) throw new SourceError(`<sdnEntry> without a numeric <uid>`, { file, line: node.line });
  const where = { file, line: node.line, record: uid };
  const sdnType = child(node, 'sdnType');
  const type = sdnType ? ENTRY_TYPES[sdnType.toLowerCase()] : undefined;
  if (!type) throw new SourceError(`unknown <sdnType> "${sdnType ?? ''}"`, where);
  const lastName = child(node, 'lastName');
  if (!lastName) throw new SourceError('entry has no <lastName>', where);

  const aliases: OfacAlias[] = children(node, 'akaList', 'aka').map((a) => aliasOf(a, type, file));
  const facts = [
    ...splitRemarks(child(node, 'remarks')),
    ...children(node, 'idList', 'id').map(idFact),
    ...children(node, 'dateOfBirthList', 'dateOfBirthItem').map((d) => `DOB ${child(d, 'dateOfBirth') ?? ''}`),
    ...children(node, 'placeOfBirthList', 'placeOfBirthItem').map((p) => `POB ${child(p, 'placeOfBirth') ?? ''}`),
    ...children(node, 'nationalityList', 'nationality').map((n) => `nationality ${child(n, 'country') ?? ''}`),
    ...children(node, 'citizenshipList', 'citizenship').map((c) => `citizen ${child(c, 'country') ?? ''}`),
    ...node.children.filter((c) => !KNOWN.has(c.name)).map((c) => unknownElement(c, file, ctx)),
  ]
    .map(normaliseFact)
    .filter(Boolean);

  const vessel = node.children.find((c) => c.name === 'vesselInfo');
  const title = child(node, 'title');
  return {
    uid,
    type,
    name: xmlName(lastName, child(node, 'firstName'), type === 'individual'),
    programs: children(node, 'programList', 'program').map((p) => p.text).filter(Boolean),
    ...(title ? { title } : {}),
    vessel: vessel
      ? {
          callSign: child(vessel, 'callSign'),
          vesselType: child(vessel, 'vesselType'),
          tonnage: child(vessel, 'tonnage'),
          grossRegisteredTonnage: child(vessel, 'grossRegisteredTonnage'),
          flag: child(vessel, 'vesselFlag'),
          owner: child(vessel, 'vesselOwner'),
        }
      : {},
    aliases,
    addresses: children(node, 'addressList', 'address').map(addressOf),
    facts,
    origin: { file, line: node.line },
  };
}

/** "LAST, First" as the CSV writes it; parts only where OFAC gives both. */
function xmlName(lastName: string, firstName: string | undefined, person: boolean): OfacName {
  if (!firstName) return { full: lastName };
  const full = `${lastName}, ${firstName}`;
  return person ? { full, family: lastName, given: firstName } : { full };
}

const ALIAS_TYPES: Record<string, OfacAlias['type']> = { 'a.k.a.': 'a.k.a.', 'f.k.a.': 'f.k.a.', 'n.k.a.': 'n.k.a.' };

function aliasOf(node: Node, type: OfacEntryType, file: string): OfacAlias {
  const aliasType = ALIAS_TYPES[(child(node, 'type') ?? '').toLowerCase()];
  const category = child(node, 'category')?.toLowerCase();
  const lastName = child(node, 'lastName');
  if (!aliasType || (category !== 'strong' && category !== 'weak') || !lastName) {
    throw new SourceError(`<aka> ${child(node, 'uid') ?? ''} lacks a known type, category or name`, { file, line: node.line });
  }
  // OFAC writes weak a.k.a.s as one string (only in the remarks, in CSV); no parts for them.
  const name = xmlName(lastName, child(node, 'firstName'), type === 'individual' && category === 'strong');
  return { ...name, uid: child(node, 'uid'), type: aliasType, category };
}

function addressOf(node: Node): OfacAddress {
  const street = ['address1', 'address2', 'address3'].map((n) => child(node, n)).filter(Boolean).join(', ');
  const city = [child(node, 'city'), child(node, 'stateOrProvince')].filter(Boolean).join(', ');
  const postal = child(node, 'postalCode');
  const cityLine = [city, postal].filter(Boolean).join(' ');
  return { uid: child(node, 'uid') ?? '', street: street || undefined, cityLine: cityLine || undefined, country: child(node, 'country') };
}

/** An idList item in the CSV's wording: "<idType> <idNumber> (<idCountry>) issued <date> expires <date>". */
export function idFact(node: Node): string {
  const country = child(node, 'idCountry');
  const issued = child(node, 'issueDate');
  const expires = child(node, 'expirationDate');
  return [
    child(node, 'idType'),
    child(node, 'idNumber'),
    country ? `(${country})` : undefined,
    issued ? `issued ${issued}` : undefined,
    expires ? `expires ${expires}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

const warnedElements = new WeakMap<ParseContext, Set<string>>();

function unknownElement(node: Node, file: string, ctx: ParseContext): string {
  const seen = warnedElements.get(ctx) ?? new Set<string>();
  warnedElements.set(ctx, seen);
  if (!seen.has(node.name)) {
    seen.add(node.name);
    ctx.meta.warnings.push(`${file}: element <${node.name}> is not understood; its text is kept as a remark`);
  }
  const text = [node.text, ...node.children.map((c) => c.text)].filter(Boolean).join(' ');
  return `${node.name}: ${text}`;
}
