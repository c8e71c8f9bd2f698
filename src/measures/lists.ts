import type { Listing, Measure, MeasureType } from '../model/entity.js';
import type { SourceId } from '../model/sources.js';

/**
 * What each list and program means in law: authority, legal basis and the measures it
 * imposes. This table is the one place that knows it; parsers name the list and programs,
 * `makeListing` fills in the rest.
 */

interface ListDef {
  authority: string;
  /** Default legal basis when a program gives none. */
  legalBasis: string[];
  measures: Array<{ type: MeasureType; description: string; details?: string }>;
}

const OFAC_BLOCKING: ListDef['measures'] = [
  { type: 'asset_freeze', description: 'Property and interests in property in the US or held by US persons are blocked' },
  { type: 'prohibited_dealings', description: 'US persons may not deal with it, directly or indirectly; entities it owns 50% or more are blocked too (OFAC 50% rule)' },
];

export const LISTS: Record<string, ListDef> = {
  'us_ofac_sdn:SDN': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: [],
    measures: OFAC_BLOCKING,
  },
  'us_ofac_cons:NS-CMIC': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['E.O. 13959, as amended by E.O. 14032'],
    measures: [
      { type: 'investment_ban', description: 'US persons may not purchase its publicly traded securities, or securities derivative of or designed to give exposure to them' },
    ],
  },
  'us_ofac_cons:SSI': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['E.O. 13662'],
    measures: [{ type: 'debt_equity_restriction', description: 'US persons may not deal in new debt or equity of the stated maturity, per the applicable directive' }],
  },
  'us_ofac_cons:FSE': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['E.O. 13608'],
    measures: [{ type: 'prohibited_dealings', description: 'US persons may not provide or obtain goods, services or technology to or from it (Foreign Sanctions Evader)' }],
  },
  'us_ofac_cons:NS-PLC': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['Non-SDN Palestinian Legislative Council List'],
    measures: [{ type: 'other', description: 'Listed on the Non-SDN Palestinian Legislative Council List; transactions are not blocked but US persons should check the applicable general licences' }],
  },
  'us_ofac_cons:NS-MBS': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['E.O. 14024'],
    measures: [{ type: 'debt_equity_restriction', description: 'US persons may not deal in its new debt or equity as the applicable directive states (Non-SDN Menu-Based Sanctions)' }],
  },
  'us_ofac_cons:CAPTA': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: ['CAATSA / E.O. 13224'],
    measures: [{ type: 'correspondent_account_restriction', description: 'US financial institutions may not open or maintain correspondent or payable-through accounts for it, or only under the stated conditions' }],
  },
  'us_ofac_cons:OTHER': {
    authority: 'US Treasury, Office of Foreign Assets Control (OFAC)',
    legalBasis: [],
    measures: [{ type: 'other', description: 'Listed on an OFAC non-SDN list; see the program for the restriction' }],
  },
  'us_bis:Entity List': {
    authority: 'US Commerce, Bureau of Industry and Security (BIS)',
    legalBasis: ['15 CFR 744, Supplement No. 4'],
    measures: [{ type: 'export_licence_required', description: 'A licence is required to export, re-export or transfer (in-country) items subject to the EAR to it' }],
  },
  'us_bis:Military End User List': {
    authority: 'US Commerce, Bureau of Industry and Security (BIS)',
    legalBasis: ['15 CFR 744, Supplement No. 7'],
    measures: [{ type: 'export_licence_required', description: 'A licence is required to export items in Supplement No. 2 to Part 744 to it (military end user)' }],
  },
  'us_bis:Unverified List': {
    authority: 'US Commerce, Bureau of Industry and Security (BIS)',
    legalBasis: ['15 CFR 744, Supplement No. 6'],
    measures: [{ type: 'other', description: 'Red flag: exports need a UVL statement from the party; no licence exceptions may be used' }],
  },
  'us_bis:Denied Persons List': {
    authority: 'US Commerce, Bureau of Industry and Security (BIS)',
    legalBasis: ['15 CFR 764'],
    measures: [{ type: 'export_privileges_denied', description: 'Export privileges denied: no one may take part in an export or re-export of items subject to the EAR with it' }],
  },
  'us_state:Nonproliferation Sanctions': {
    authority: 'US Department of State, Bureau of International Security and Nonproliferation',
    legalBasis: [],
    measures: [{ type: 'other', description: 'Nonproliferation sanctions; see the Federal Register notice for the measures imposed (procurement bans, export licence denials)' }],
  },
  'us_state:ITAR Debarred': {
    authority: 'US Department of State, Directorate of Defense Trade Controls (DDTC)',
    legalBasis: ['22 CFR 127.7'],
    measures: [{ type: 'export_privileges_denied', description: 'Statutorily debarred from taking part in exports of defence articles and services (ITAR)' }],
  },
  'un_sc:UN': {
    authority: 'United Nations Security Council',
    legalBasis: [],
    measures: [
      { type: 'asset_freeze', description: 'All UN member states must freeze its funds, financial assets and economic resources' },
      { type: 'travel_ban', description: 'Member states must prevent its entry into or transit through their territories (individuals)' },
      { type: 'arms_embargo', description: 'Member states must prevent the supply, sale or transfer of arms and related materiel to it' },
    ],
  },
  'uk_ofsi:UK': {
    authority: 'UK HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
    legalBasis: [],
    measures: [
      { type: 'asset_freeze', description: 'UK persons must freeze its funds and economic resources and may not make any available to it' },
    ],
  },
  'ca_sema:SEMA': {
    authority: 'Global Affairs Canada',
    legalBasis: ['Special Economic Measures Act'],
    measures: [
      { type: 'prohibited_dealings', description: 'Persons in Canada and Canadians abroad may not deal in its property, enter into transactions with it, or provide it financial services' },
    ],
  },
  // Canada's consolidated list also carries the Sergei Magnitsky Law's listings.
  'ca_sema:JVCFOA': {
    authority: 'Global Affairs Canada',
    legalBasis: ['Justice for Victims of Corrupt Foreign Officials Act (Sergei Magnitsky Law)'],
    measures: [
      { type: 'prohibited_dealings', description: 'Persons in Canada and Canadians abroad may not deal in its property, enter into transactions with it, or provide it financial services' },
    ],
  },
};

export interface ListingSpec {
  source: SourceId;
  /** Key into LISTS after the source, e.g. "SDN", "NS-CMIC", "Entity List". */
  list: string;
  /** The list's name as shown to users when it differs from the key. */
  listLabel?: string;
  programs?: string[];
  legalBasis?: string[];
  listedOn?: string;
  dates?: Record<string, string>;
  citation?: string;
  /** Measures that only this record carries (e.g. a UK travel ban, a licence policy). */
  extraMeasures?: Measure[];
  /** Replace the list's default measures (e.g. NS-CMIC with its dates filled in). */
  measures?: Measure[];
  /** Table key prefix when it is not the source id (CSL rows belong to us_bis / us_state lists). */
  authorityKey?: string;
}

export function makeListing(spec: ListingSpec): Listing {
  const key = `${spec.authorityKey ?? spec.source}:${spec.list}`;
  const def = LISTS[key];
  if (!def) throw new Error(`no entry for list ${key} in src/measures/lists.ts`);
  const legalBasis = uniq([...(spec.legalBasis ?? []), ...(spec.legalBasis?.length ? [] : def.legalBasis)]);
  const measures: Measure[] = spec.measures ?? def.measures.map((m) => ({ ...m }));
  if (spec.extraMeasures) measures.push(...spec.extraMeasures);
  const listing: Listing = {
    source: spec.source,
    list: spec.listLabel ?? spec.list,
    programs: uniq(spec.programs ?? []),
    authority: def.authority,
    legalBasis,
    measures,
  };
  if (spec.listedOn) listing.listedOn = spec.listedOn;
  if (spec.dates && Object.keys(spec.dates).length) listing.dates = spec.dates;
  if (spec.citation) listing.citation = spec.citation;
  return listing;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
