import type { Entity, Measure, NameKind, NameParts } from '../../model/entity.js';
import { entityId } from '../../model/entity.js';
import { EntityBuilder } from '../../model/builder.js';
import type { SchemaName } from '../../model/schema.js';
import type { ParseContext } from '../types.js';
import type { OfacSourceId } from './listing.js';
import { ofacListings } from './listing.js';
import type { OfacAddress, OfacAlias, OfacName, OfacRecord } from './record.js';
import type { Fact } from './remarks.js';
import { countryOf, parseFact, splitRemarks } from './remarks.js';

/**
 * OfacRecords -> Entities. Both legacy readers end here, so whatever a format cannot say
 * differently cannot come out differently.
 */
export function buildEntities(records: OfacRecord[], source: OfacSourceId, ctx: ParseContext): Entity[] {
  const links = new LinkResolver(records, source);
  /** Program codes the table lacks, with where each was first seen. */
  const unknownPrograms = new Map<string, string>();
  const entities = records.map((r) => buildEntity(r, source, links, unknownPrograms));
  for (const [code, where] of unknownPrograms) {
    ctx.meta.warnings.push(`program code ${code} (first seen ${where}) is not in src/measures/ofac_programs.ts: its legal basis is missing`);
  }
  ctx.meta.warnings.push(...links.warnings());
  return entities;
}

function buildEntity(record: OfacRecord, source: OfacSourceId, links: LinkResolver, unknownPrograms: Map<string, string>): Entity {
  const context = record.title ? { type: record.type, title: record.title } : { type: record.type };
  const facts = record.facts.map((text) => parseFact(text, context));
  const b = new EntityBuilder(source, record.uid, schemaOf(record, facts));
  b.addName(record.name.full, 'primary', { ...partsOf(record.name), ...scriptOf(record.name.full) });
  for (const alias of record.aliases) addAlias(b, alias);
  for (const title of splitRemarks(record.title)) b.add('title', title);
  addVesselInfo(b, record);
  for (const address of record.addresses) addAddress(b, address);

  const dates: Record<string, string> = {};
  const measures: Array<{ measure: Measure; executiveOrder?: string }> = [];
  for (const fact of facts) {
    switch (fact.kind) {
      case 'property':
        b.add(fact.prop, fact.value);
        break;
      case 'identifier':
        b.addIdentifier(fact.id);
        break;
      case 'alias':
        addAlias(b, fact.alias);
        break;
      case 'link':
        b.addLink(links.resolve(fact.targetName, b.entity.id));
        break;
      case 'listingDate':
        dates[fact.key] = fact.value;
        break;
      case 'measure':
        measures.push(fact);
        break;
      case 'unparsed':
        b.remark(fact.text);
        break;
    }
  }
  const onUnknownProgram = (code: string) => {
    if (!unknownPrograms.has(code)) unknownPrograms.set(code, `${record.origin.file}${record.origin.line ? ` line ${record.origin.line}` : ''}, record ${record.uid}`);
  };
  for (const listing of ofacListings({ source, programs: record.programs, dates, measures, onUnknownProgram })) {
    b.addListing(listing);
  }
  return b.build();
}

/**
 * OFAC's legacy files are ASCII: a name with a Latin letter and nothing beyond ASCII is Latin
 * script, which saves detecting the script of 40,000 names one character at a time.
 */
function scriptOf(name: string): { script?: string } {
  return /^[\x00-\x7f]*$/.test(name) && /[A-Za-z]/.test(name) ? { script: 'Latn' } : {};
}

function partsOf(name: OfacName): { parts?: NameParts } {
  if (!name.family && !name.given) return {};
  const parts: NameParts = {};
  if (name.family) parts.family = name.family;
  if (name.given) parts.given = name.given;
  return { parts };
}

/**
 * OFAC's weak aliases ("low quality") are kept apart from strong ones whatever their type, so
 * matching can treat them with care; `quality` keeps OFAC's own words ("weak f.k.a.").
 */
function aliasKind(alias: OfacAlias): NameKind {
  if (alias.category === 'weak') return 'weak_alias';
  return alias.type === 'f.k.a.' ? 'former' : alias.type === 'n.k.a.' ? 'new' : 'alias';
}

function addAlias(b: EntityBuilder, alias: OfacAlias): void {
  b.addName(alias.full, aliasKind(alias), { ...partsOf(alias), ...scriptOf(alias.full), quality: `${alias.category} ${alias.type}` });
  if (alias.note) b.remark(`${alias.type} ${alias.full}: ${alias.note}`);
}

function addVesselInfo(b: EntityBuilder, record: OfacRecord): void {
  const v = record.vessel;
  if (v.callSign) b.addIdentifier({ type: 'call_sign', value: v.callSign, label: 'Call Sign' });
  b.add('vesselType', v.vesselType);
  b.add('tonnage', v.grossRegisteredTonnage);
  b.add('grossTonnage', v.tonnage);
  b.add('owner', v.owner);
  if (v.flag) {
    const flag = countryOf(v.flag);
    if (flag) b.add('flag', flag);
    else b.remark(`Vessel flag ${v.flag}`);
  }
}

/**
 * The CSV states an address as three columns (lines, "city, state postal", country); the XML
 * splits the middle one, but the CSV cannot be split back reliably, so both keep that line
 * whole inside `full`.
 */
function addAddress(b: EntityBuilder, address: OfacAddress): void {
  const full = [address.street, address.cityLine, address.country].filter(Boolean).join(', ');
  if (!full) return;
  const country = address.country ? countryOf(address.country) : undefined;
  b.addAddress({ full, ...(address.street ? { street: address.street } : {}), ...(country ? { country } : {}) });
  if (country) b.add('country', country);
  if (address.note) b.remark(`Address ${full}: ${address.note}`);
}

// ---------------------------------------------------------------------------------------------
// Schema

const BUSINESS_TARGET_TYPES = /\b(company|enterprise|financial institution|business)\b/i;
const NON_BUSINESS_TARGET_TYPES = /\b(government|criminal|charity|nonprofit|non-profit|political|military)\b/i;

/** Legal forms that mark a name as a business's (upper-case, as OFAC writes names). */
const LEGAL_FORMS = [
  'LTD', 'LTD.', 'LIMITED', 'LLC', 'L.L.C.', 'LLP', 'PLC', 'INC', 'INC.', 'INCORPORATED', 'CORP', 'CORP.', 'CORPORATION',
  'CO', 'CO.', 'COMPANY', 'CIA', 'CIA.', 'GMBH', 'S.A', 'S.A.', 'SA', 'S.A.S.', 'SAS', 'SARL', 'S.A.R.L.', 'S.R.L.', 'SRL',
  'S.R.O.', 'SPA', 'S.P.A.', 'B.V.', 'BV', 'N.V.', 'NV', 'AG', 'KG', 'AB', 'OY', 'A.S.', 'A/S', 'AS', 'JSC', 'OJSC', 'PJSC',
  'CJSC', 'OAO', 'ZAO', 'PAO', 'OOO', 'AO', 'TOO', 'PTE', 'PTE.', 'PTY', 'BHD', 'BHD.', 'FZE', 'FZCO', 'FZC', 'FZ-LLC', 'DMCC',
  'LTDA', 'LTDA.', 'LDA', 'KFT', 'KFT.', 'ZRT', 'D.O.O.', 'DOO', 'EOOD', 'OOD', 'S.L.', 'SL', 'C.A.', 'S.A.C.', 'SAC', 'E.I.R.L.',
  'HOLDING', 'HOLDINGS',
];
const LEGAL_FORM = new RegExp(
  `(?:^|[\\s,(])(?:${LEGAL_FORMS.map((f) => f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(?=$|[\\s,)])`,
);

export function hasLegalForm(name: string): boolean {
  return LEGAL_FORM.test(name.toUpperCase());
}

/**
 * Person, Vessel and Aircraft come from the entry type; an entity is a Company when OFAC
 * calls it a business (Target Type), when it has securities (ISIN), or when its name carries
 * a legal form; otherwise an Organization.
 */
function schemaOf(record: OfacRecord, facts: Fact[]): SchemaName {
  if (record.type === 'individual') return 'Person';
  if (record.type === 'vessel') return 'Vessel';
  if (record.type === 'aircraft') return 'Aircraft';
  if (facts.some((f) => f.kind === 'identifier' && f.id.type === 'isin')) return 'Company';
  const targetTypes = facts.filter((f) => f.kind === 'property' && f.prop === 'targetType').map((f) => (f as { value: string }).value);
  if (targetTypes.some((t) => BUSINESS_TARGET_TYPES.test(t))) return 'Company';
  if (targetTypes.some((t) => NON_BUSINESS_TARGET_TYPES.test(t))) return 'Organization';
  const names = [record.name.full, ...record.aliases.map((a) => a.full), ...facts.flatMap((f) => (f.kind === 'alias' ? [f.alias.full] : []))];
  return names.some(hasLegalForm) ? 'Company' : 'Organization';
}

// ---------------------------------------------------------------------------------------------
// Links

/**
 * "Linked To: NAME" names another entry of the same publication by its primary name. A name
 * that no entry (or more than one) carries stays a link by name, and the parse reports it.
 */
class LinkResolver {
  private readonly byName = new Map<string, string[]>();
  private readonly unresolved = new Map<string, { reason: string; from: string[] }>();

  constructor(records: OfacRecord[], private readonly source: OfacSourceId) {
    for (const r of records) {
      const list = this.byName.get(r.name.full) ?? [];
      list.push(r.uid);
      this.byName.set(r.name.full, list);
    }
  }

  resolve(targetName: string, from: string) {
    // The closing full stop of the remarks may have eaten the one ending the name ("... LTD.").
    const name = this.byName.has(targetName) || !this.byName.has(`${targetName}.`) ? targetName : `${targetName}.`;
    const uids = this.byName.get(name) ?? [];
    if (uids.length === 1) return { type: 'linked_to' as const, target: entityId(this.source, uids[0]), targetName: name };
    const reason = uids.length ? `${uids.length} entries carry this name` : 'no entry of this publication carries this name';
    const entry = this.unresolved.get(name) ?? { reason, from: [] };
    entry.from.push(from);
    this.unresolved.set(name, entry);
    return { type: 'linked_to' as const, targetName: name };
  }

  warnings(): string[] {
    return [...this.unresolved].map(
      ([name, { reason, from }]) => `"Linked To: ${name}" (${from.length} entr${from.length === 1 ? 'y' : 'ies'}, e.g. ${from[0]}) left unresolved: ${reason}`,
    );
  }
}
