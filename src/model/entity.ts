import type { PropertyName, SchemaName } from './schema.js';
import type { SourceId } from './sources.js';

/**
 * How a name relates to its entity. OFAC distinguishes strong a.k.a.s (good enough to
 * identify) from weak ones (low quality, "should not be used alone"); matching scores weak
 * aliases only when near-exact.
 */
export type NameKind = 'primary' | 'alias' | 'weak_alias' | 'former' | 'new' | 'original_script';

/** ISO 15924 script of the name as written: Latn, Cyrl, Arab, Hani, Hang ... */
export type Script = string;

export interface Name {
  full: string;
  kind: NameKind;
  script?: Script;
  /** Name parts when the publisher gives them (given names, family name ...). */
  parts?: NameParts;
  /** Language the publisher states for this spelling (ISO 639), if any. */
  lang?: string;
  /** The publisher's own qualifier ("good quality", "low quality", "a.k.a."). */
  quality?: string;
}

export interface NameParts {
  given?: string;
  middle?: string;
  family?: string;
  patronymic?: string;
  matronymic?: string;
  /** Name that does not split into parts (e.g. a Burmese single name, an organisation). */
  whole?: string;
}

export type IdentifierType =
  | 'passport'
  | 'national_id'
  | 'tax_id'
  | 'registration'
  | 'imo'
  | 'mmsi'
  | 'call_sign'
  | 'isin'
  | 'lei'
  | 'bic'
  | 'duns'
  | 'aircraft_serial'
  | 'aircraft_tail'
  | 'un_ref' // UN Security Council reference number (QDi.001, KPe.012 ...)
  | 'ofac_uid'
  | 'uk_ofsi_group'
  | 'crypto_wallet'
  | 'other';

export interface Identifier {
  type: IdentifierType;
  value: string;
  /** ISO 3166-1 alpha-2, lower case, of the issuing country. */
  country?: string;
  /** The publisher's own label, e.g. "Cedula No.", "Unified Social Credit Code (USCC)". */
  label?: string;
  /** Issue / expiry dates or other notes, verbatim. */
  note?: string;
}

export interface Address {
  full: string;
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2, lower case. */
  country?: string;
}

export type LinkType =
  | 'linked_to' // OFAC "Linked To:"
  | 'owned_by'
  | 'controlled_by'
  | 'acting_for'
  | 'associate_of'
  | 'family_of'
  | 'leader_of'
  | 'issuer' // a security and the company that issued it
  | 'same_as'; // the same target on another list, found by a shared unambiguous identifier

export interface Link {
  type: LinkType;
  /** Entity id of the other party, when it could be resolved. */
  target?: string;
  /** The other party's name as the publisher wrote it. */
  targetName: string;
  /** Ownership share in percent, when the source states one. */
  percentage?: number;
  /** Why the link exists (e.g. "shared IMO 9187629"). */
  basis?: string;
}

export type MeasureType =
  | 'asset_freeze'
  | 'prohibited_dealings'
  | 'investment_ban'
  | 'export_licence_required'
  | 'export_privileges_denied'
  | 'travel_ban'
  | 'arms_embargo'
  | 'correspondent_account_restriction'
  | 'debt_equity_restriction'
  | 'other';

export interface Measure {
  type: MeasureType;
  /** Plain-words description, readable by a compliance analyst. */
  description: string;
  /** PartialDate from which the measure applies (if not from the listing date). */
  from?: string;
  /** PartialDate until which something stays allowed (e.g. divestment sales). */
  until?: string;
  /** Licence policy, exemptions etc. */
  details?: string;
}

export interface Listing {
  source: SourceId;
  /** The list within the source, e.g. "SDN", "NS-CMIC", "Entity List". */
  list: string;
  programs: string[];
  authority: string;
  /** E.g. "E.O. 13818", "E.O. 13959, as amended by E.O. 14032". */
  legalBasis: string[];
  /** PartialDate of listing, when known. */
  listedOn?: string;
  /** Other dates the publisher states: effective, last updated, divestment ... (name -> PartialDate). */
  dates?: Record<string, string>;
  measures: Measure[];
  /** Federal Register citation, UK regime, UN committee ... verbatim. */
  citation?: string;
}

export interface Entity {
  /** `<source id>:<publisher's record id>`, stable across versions. */
  id: string;
  source: SourceId;
  schema: SchemaName;
  /** Display name: the primary name as the publisher wrote it. */
  caption: string;
  names: Name[];
  properties: Partial<Record<PropertyName, string[]>>;
  identifiers: Identifier[];
  addresses: Address[];
  links: Link[];
  listings: Listing[];
  /** Remark text the parser did not turn into facts, verbatim, so nothing is lost. */
  remarks: string[];
}

export function entityId(source: SourceId, recordId: string | number): string {
  return `${source}:${recordId}`;
}
