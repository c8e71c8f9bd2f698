import type { Listing, Measure } from '../../model/entity.js';
import { makeListing } from '../../measures/lists.js';
import { ofacLegalBasis } from '../../measures/ofac_programs.js';
import { CMIC_DIVESTMENT, CMIC_EFFECTIVE, CMIC_LISTED } from './remarks.js';

/**
 * The Listings of one OFAC entry, built the same way whichever format (legacy CSV, legacy
 * XML, advanced XML) the entry was read from: the parser names the source, the program
 * codes and what the entry states about dates and measures; this module knows which OFAC
 * list each program puts an entry on and what law it rests on.
 */

export type OfacSourceId = 'us_ofac_sdn' | 'us_ofac_cons';

export interface OfacListingInput {
  source: OfacSourceId;
  programs: readonly string[];
  /**
   * Dates the entry states: the CMIC dates under CMIC_LISTED / CMIC_EFFECTIVE / CMIC_DIVESTMENT,
   * directive dates as "listed (EO 14024 Directive 3)" / "effective (EO 14024 Directive 3)".
   */
  dates?: Record<string, string>;
  /** Restrictions the entry states (directives, CAATSA, E.O. 14059 ...) and the E.O. they come from. */
  measures?: Array<{ measure: Measure; executiveOrder?: string }>;
  /** Told about each program code the table does not know. */
  onUnknownProgram?: (code: string) => void;
}

/**
 * Which non-SDN list of the Consolidated Sanctions List a program puts an entry on, or
 * undefined for programs that name no list of their own (e.g. an SDGT tag on an NS-PLC
 * member): those go with the entry's other programs.
 */
export function consolidatedListOf(program: string): string | undefined {
  if (program === 'CMIC-EO13959') return 'NS-CMIC';
  if (program === 'UKRAINE-EO13662') return 'SSI';
  if (program.startsWith('FSE-')) return 'FSE';
  if (program === 'NS-PLC') return 'NS-PLC';
  if (program === '561-Related') return 'CAPTA';
  // Menu-based sanctions: E.O. 14024 directives, CAATSA section 235, E.O. 14014 and 14059 menus.
  if (['RUSSIA-EO14024', 'CAATSA - RUSSIA', 'BURMA-EO14014', 'ILLICIT-DRUGS-EO14059'].includes(program)) return 'NS-MBS';
  return undefined;
}

/** Lists whose generic measure the entry's own directive text states more precisely. */
const STATED_MEASURES_REPLACE_DEFAULT = new Set(['SSI', 'NS-MBS']);

interface Group {
  list: string;
  programs: string[];
  legalBasis: string[];
  measures: Measure[];
  dates: Record<string, string>;
}

export function ofacListings(input: OfacListingInput): Listing[] {
  const groups = groupPrograms(input.source, input.programs).map(
    (g): Group => ({ ...g, legalBasis: legalBasisOf(g.programs, input.onUnknownProgram), measures: [], dates: {} }),
  );
  const byOrder = (order?: string) =>
    (order && groups.find((g) => g.legalBasis.some((b) => b.includes(`E.O. ${order}`)))) || groups[0];

  for (const { measure, executiveOrder } of input.measures ?? []) {
    const into = byOrder(executiveOrder).measures;
    if (!into.some((m) => sameMeasure(m, measure))) into.push(measure);
  }
  const dates = input.dates ?? {};
  for (const [key, value] of Object.entries(dates)) {
    if (CMIC_KEYS.includes(key)) continue;
    byOrder(key.match(/\(EO (\d+) Directive/)?.[1]).dates[key] = value;
  }
  const cmic = CMIC_KEYS.some((k) => dates[k]) ? (groups.find((g) => g.list === 'NS-CMIC') ?? groups[0]) : undefined;
  return groups.map((g) => (g === cmic ? cmicListing(input.source, g, dates) : plainListing(input.source, g)));
}

function groupPrograms(source: OfacSourceId, programs: readonly string[]): Array<{ list: string; programs: string[] }> {
  if (source === 'us_ofac_sdn') return [{ list: 'SDN', programs: [...programs] }];
  const groups: Array<{ list: string; programs: string[] }> = [];
  const unplaced: string[] = [];
  for (const p of programs) {
    const list = consolidatedListOf(p);
    if (!list) unplaced.push(p);
    else if (groups.some((g) => g.list === list)) groups.find((g) => g.list === list)!.programs.push(p);
    else groups.push({ list, programs: [p] });
  }
  if (!groups.length) return [{ list: 'OTHER', programs: unplaced }];
  groups[0].programs.push(...unplaced);
  return groups;
}

/** Thousands of entries share a handful of program sets; their legal bases are worked out once. */
const basisCache = new Map<string, ReturnType<typeof ofacLegalBasis>>();

function legalBasisOf(programs: string[], onUnknown?: (code: string) => void): string[] {
  const key = programs.join('\u0000');
  let found = basisCache.get(key);
  if (!found) basisCache.set(key, (found = ofacLegalBasis(programs)));
  found.unknown.forEach((code) => onUnknown?.(code));
  return found.legalBasis;
}

function sameMeasure(a: Measure, b: Measure): boolean {
  return a.type === b.type && a.description === b.description && a.details === b.details;
}

const CMIC_KEYS = [CMIC_LISTED, CMIC_EFFECTIVE, CMIC_DIVESTMENT];

function plainListing(source: OfacSourceId, g: Group): Listing {
  const replace = g.measures.length > 0 && STATED_MEASURES_REPLACE_DEFAULT.has(g.list);
  return makeListing({
    source,
    list: g.list,
    programs: g.programs,
    legalBasis: g.legalBasis,
    dates: g.dates,
    ...(replace ? { measures: g.measures } : g.measures.length ? { extraMeasures: g.measures } : {}),
  });
}

/**
 * NS-CMIC: US persons may not buy the company's publicly traded securities from the effective
 * date; purchases or sales made only to divest stay allowed until the divestment date.
 */
function cmicListing(source: OfacSourceId, g: Group, dates: Record<string, string>): Listing {
  const listed = dates[CMIC_LISTED];
  const effective = dates[CMIC_EFFECTIVE];
  const divestment = dates[CMIC_DIVESTMENT];
  const listingDates = { ...g.dates };
  if (effective) listingDates.effective = effective;
  if (divestment) listingDates.divestmentUntil = divestment;
  const ban: Measure = {
    type: 'investment_ban',
    description: 'US persons may not purchase its publicly traded securities, or securities derivative of them or designed to give exposure to them',
  };
  if (effective) ban.from = effective;
  const measures: Measure[] = [ban];
  if (divestment) {
    measures.push({ type: 'other', description: 'Purchases or sales made solely to divest its securities remain permitted', until: divestment });
  }
  measures.push(...g.measures);
  const onCmicList = g.list === 'NS-CMIC';
  // On another list (an SDN entry that OFAC also marks CMIC) the CMIC dates and measures come on top.
  if (!onCmicList && listed) listingDates['listed (CMIC)'] = listed;
  return makeListing({
    source,
    list: g.list,
    programs: g.programs,
    legalBasis: g.legalBasis,
    dates: listingDates,
    ...(onCmicList ? { measures, ...(listed ? { listedOn: listed } : {}) } : { extraMeasures: measures }),
  });
}
