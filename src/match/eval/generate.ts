/**
 * The labelled evaluation sets: pairs of a screened name and a listed name, made from the
 * real lists. Positives are variants of a listed name (typos, reordering, other
 * romanisations, original script, middle names, glued words, legal forms, case and
 * punctuation); hard negatives are names of other parties that share a lot with a listed
 * one (family name, given name, common words, all but one word, the legal form).
 * Deterministic: the same lists and seed give the same rows.
 */
import type { Entity, Name } from '../../model/entity.js';
import type { SchemaName } from '../../model/schema.js';
import { Random } from './random.js';
import { fold } from './jaro.js';
import type { PersonSplit } from './names.js';
import {
  applyCase,
  caseStyle,
  commaOrder,
  isLatin,
  meaningfulTokens,
  naturalOrder,
  possiblySameName,
  romanise,
  romanisedSimilarity,
  sameToken,
  splitPerson,
  tokenInNames,
  words,
} from './names.js';
import { LEGAL_FORM_TOKENS, findLegalForm } from './legal_forms.js';
import { addMiddle, casePunct, changeLegalForm, dropMiddle, glueOrSplit, swapOrder, transliterate, typo } from './variants.js';

export const POSITIVE_CATEGORIES = [
  'typo',
  'swap',
  'transliteration',
  'original_script',
  'dropped_middle',
  'added_middle',
  'glued',
  'legal_form',
  'case_punct',
] as const;
export const NEGATIVE_CATEGORIES = ['same_family', 'same_given', 'common_words', 'one_token', 'legal_form_only'] as const;
export type Category = (typeof POSITIVE_CATEGORIES)[number] | (typeof NEGATIVE_CATEGORIES)[number];

/** One labelled pair, as written to eval/*.csv. */
export interface PairRow {
  category: string;
  schema: SchemaName;
  /** The name as screened. */
  query: string;
  /** A name of `entity_id` exactly as the publisher wrote it. */
  listed_name: string;
  entity_id: string;
  /** 1: the query names the listed party; 0: it names another party. */
  label: 0 | 1;
  /** Another listed entity a part of the query was taken from (negatives, added middle names). */
  donor_id: string;
}

export const PAIR_COLUMNS = ['category', 'schema', 'query', 'listed_name', 'entity_id', 'label', 'donor_id'] as const;

export interface GenerateOptions {
  seed: number;
  /** Pairs wanted per category (fewer when the lists do not offer that many). */
  perCategory: number;
}

export const DEFAULT_SEED = 20240501;
export const DEFAULT_PER_CATEGORY = 250;

type Group = 'person' | 'org';

interface Listed {
  entity: Entity;
  name: Name;
  split?: PersonSplit;
}

interface Made {
  query: string;
  listed: string;
  donor?: string;
}

interface Donor {
  id: string;
  token: string;
}

const MAX_WORDS = 8;
const STRONG_KINDS = new Set(['primary', 'alias']);

function groupOf(e: Entity): Group | undefined {
  if (e.schema === 'Person') return 'person';
  if (e.schema === 'Organization' || e.schema === 'Company') return 'org';
  return undefined;
}

/** Names worth varying: strong (primary or a.k.a.), Latin script, of ordinary length. */
function usableName(n: Name): boolean {
  return STRONG_KINDS.has(n.kind) && isLatin(n) && n.full.length <= 80 && words(n.full).length <= MAX_WORDS && /\p{L}{2}/u.test(n.full);
}

const isLatinWord = (w: string) => /^[A-Za-z][A-Za-z'-]*[A-Za-z]$/.test(w);

/** Everything the category makers look up: pools of names, donors, common words. */
class Lists {
  readonly persons: Listed[] = [];
  readonly orgs: Listed[] = [];
  /** People's names in a non-Latin script, for the original-script positives. */
  readonly scriptNames: Listed[] = [];
  readonly givenDonors: Donor[] = [];
  readonly familyDonors: Array<{ id: string; tokens: string[] }> = [];
  readonly orgWordDonors: Donor[] = [];
  /** Organisation words that are not common words: what tells one organisation from another. */
  readonly distinctiveOrgDonors: Donor[];
  /** Single-word family names. */
  readonly familyWordDonors: Donor[];
  readonly commonWords: Set<string>;
  /** In how many organisations each word appears (legal forms aside). */
  readonly orgWordCounts: Map<string, number>;
  /** Words of several listed names: where a long word may be split in two. */
  readonly vocabulary: Set<string>;
  readonly orgsByWord = new Map<string, Listed[]>();
  readonly orgsByLegalGroup = new Map<string, Listed[]>();
  private readonly namesById = new Map<string, string[]>();

  constructor(entities: readonly Entity[]) {
    for (const e of entities) {
      // Names in other scripts also romanised, so that a negative cannot be one of them either.
      this.namesById.set(e.id, e.names.flatMap((n) => (n.script && n.script !== 'Latn' ? [n.full, romanise(n.full)] : [n.full])));
      const group = groupOf(e);
      if (!group) continue;
      for (const name of e.names) {
        // People's names in another script are transliterated; organisations' are often
        // translated ("Институт прикладной физики" = "Institute of Applied Physics"), which is
        // no test of transliteration.
        if (group === 'person' && name.kind !== 'weak_alias' && name.script && name.script !== 'Latn') this.scriptNames.push({ entity: e, name });
        if (!usableName(name)) continue;
        if (group === 'person') this.addPerson(e, name);
        else this.orgs.push({ entity: e, name });
      }
    }
    this.orgWordCounts = orgWordCounts(this.orgs);
    this.commonWords = commonOrgWords(this.orgWordCounts, new Set(this.orgs.map((o) => o.entity.id)).size);
    this.vocabulary = vocabulary([...this.persons, ...this.orgs]);
    this.indexOrgs();
    this.distinctiveOrgDonors = this.orgWordDonors.filter((d) => !this.commonWords.has(fold(d.token)));
    this.familyWordDonors = this.familyDonors.filter((d) => d.tokens.length === 1).map((d) => ({ id: d.id, token: d.tokens[0] }));
  }

  namesOf(id: string): string[] {
    return this.namesById.get(id) ?? [];
  }

  /** True if two entities might be one party: some name of one could be a name of the other. */
  possiblySameParty(a: string, b: string): boolean {
    if (a === b) return true;
    const nb = this.namesOf(b);
    return this.namesOf(a).some((x) => nb.some((y) => possiblySameName(x, y)));
  }

  /** True if the query could be a spelling of any name of the entity. */
  queryMayName(query: string, id: string): boolean {
    return this.namesOf(id).some((n) => possiblySameName(query, n));
  }

  private addPerson(e: Entity, name: Name): void {
    const split = meaningfulSplit(splitPerson(name));
    this.persons.push({ entity: e, name, split });
    if (!split) return;
    const first = split.given[0];
    if (isLatinWord(first) && meaningfulTokens(first).length === 1 && first.length >= 3) this.givenDonors.push({ id: e.id, token: first });
    if (split.family.every(isLatinWord) && meaningfulTokens(split.family.join(' ')).length > 0) this.familyDonors.push({ id: e.id, tokens: split.family });
  }

  private indexOrgs(): void {
    for (const item of this.orgs) {
      const tokens = new Set(meaningfulTokens(item.name.full).filter((t) => !LEGAL_FORM_TOKENS.has(t)));
      for (const t of tokens) {
        if (this.commonWords.has(t)) push(this.orgsByWord, t, item);
      }
      for (const w of words(item.name.full)) {
        const f = fold(w);
        if (isLatinWord(w) && f.length >= 3 && !LEGAL_FORM_TOKENS.has(f) && meaningfulTokens(w).length === 1) this.orgWordDonors.push({ id: item.entity.id, token: w });
      }
      const form = findLegalForm(item.name.full);
      if (form) push(this.orgsByLegalGroup, form.group.id, item);
    }
  }
}

/**
 * Words of at least 5 listed names. Apostrophes are dropped first: "Yur'evich" must count as
 * "yurevich", or "evich" would pass for a word and "Yuryevich" split into "Yury evich".
 */
function vocabulary(names: readonly Listed[]): Set<string> {
  const counts = new Map<string, number>();
  for (const { name } of names) {
    for (const t of new Set(meaningfulTokens(name.full.replace(/['’‘`ʼ]/g, '')))) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return new Set([...counts].filter(([t, n]) => n >= 5 && t.length >= 4 && /^[a-z]+$/.test(t)).map(([t]) => t));
}

/**
 * A split is used only when both sides hold a real name, not a title alone ("KHERULLAH, Haji"):
 * adding or swapping given names next to a title would not say who the person is.
 */
function meaningfulSplit(split: PersonSplit | undefined): PersonSplit | undefined {
  if (!split) return undefined;
  return meaningfulTokens(split.given.join(' ')).length > 0 && meaningfulTokens(split.family.join(' ')).length > 0 ? split : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Document frequency of organisation words: each word counted once per organisation. */
function orgWordCounts(orgs: readonly Listed[]): Map<string, number> {
  const df = new Map<string, Set<string>>();
  for (const { entity, name } of orgs) {
    for (const t of meaningfulTokens(name.full)) {
      if (t.length < 3 || LEGAL_FORM_TOKENS.has(t) || /\d/.test(t)) continue;
      let ids = df.get(t);
      if (!ids) df.set(t, (ids = new Set()));
      ids.add(entity.id);
    }
  }
  return new Map([...df].map(([t, ids]) => [t, ids.size]));
}

/**
 * Words many listed organisations share ("trading", "bank", "industrial"): a word in at least
 * 0.2% of organisations (and 8 at least).
 */
function commonOrgWords(counts: Map<string, number>, organisations: number): Set<string> {
  const floor = Math.max(8, Math.round(organisations * 0.002));
  return new Set([...counts].filter(([, n]) => n >= floor).map(([t]) => t));
}

// ---------------------------------------------------------------- categories

interface CategorySpec {
  category: Category;
  label: 0 | 1;
  pool(lists: Lists): Listed[];
  make(item: Listed, rng: Random, lists: Lists): Made | undefined;
}

const same = (item: Listed, query: string | undefined): Made | undefined => (query ? { query, listed: item.name.full } : undefined);
const hasSplitOrWords = (item: Listed) => item.split !== undefined || !item.name.full.includes(',');

const CATEGORIES: CategorySpec[] = [
  {
    category: 'typo',
    label: 1,
    pool: (l) => [...l.persons, ...l.orgs].filter((x) => x.name.full.replace(/[^A-Za-z]/g, '').length >= 8),
    make: (item, rng) => same(item, typo(item.name.full, rng)),
  },
  {
    category: 'swap',
    label: 1,
    pool: (l) => l.persons.filter(hasSplitOrWords),
    make: (item, rng) => same(item, swapOrder(item.name.full, item.split, rng)),
  },
  {
    category: 'transliteration',
    label: 1,
    pool: (l) => l.persons,
    make: (item, rng) => same(item, transliterate(item.name.full, rng)),
  },
  {
    category: 'original_script',
    label: 1,
    pool: (l) => l.scriptNames,
    make: (item) => {
      const latin = latinCounterpart(item);
      return latin ? { query: item.name.full, listed: latin } : undefined;
    },
  },
  {
    category: 'dropped_middle',
    label: 1,
    pool: (l) => l.persons.filter(hasSplitOrWords),
    make: (item, rng) => same(item, dropMiddle(item.name.full, item.split, rng)),
  },
  {
    category: 'added_middle',
    label: 1,
    pool: (l) => l.persons.filter(hasSplitOrWords),
    make: (item, rng, lists) => {
      const donor = pickDonor(lists.givenDonors, rng, (d) => d.id !== item.entity.id && !tokenInNames(d.token, lists.namesOf(item.entity.id)));
      const query = donor && addMiddle(item.name.full, item.split, donor.token);
      return query ? { query, listed: item.name.full, donor: donor.id } : undefined;
    },
  },
  {
    category: 'glued',
    label: 1,
    pool: (l) => [...l.persons, ...l.orgs],
    make: (item, rng, lists) => same(item, glueOrSplit(item.name.full, item.split, lists.vocabulary, rng)),
  },
  {
    category: 'legal_form',
    label: 1,
    pool: (l) => l.orgs.filter((x) => findLegalForm(x.name.full)),
    make: (item, rng) => same(item, changeLegalForm(item.name.full, rng)),
  },
  {
    category: 'case_punct',
    label: 1,
    pool: (l) => [...l.persons, ...l.orgs],
    make: (item, rng) => same(item, casePunct(item.name.full, rng)),
  },
  {
    category: 'same_family',
    label: 0,
    pool: (l) => l.persons.filter(shortSplit),
    make: (item, rng, lists) => {
      const split = item.split!;
      const donor = pickDonor(lists.givenDonors, rng, (d) => d.id !== item.entity.id && !tokenInNames(d.token, lists.namesOf(item.entity.id)));
      if (!donor) return undefined;
      const first = restyle(donor.token, split.given[0]);
      const given = rng.chance(0.3) ? [first, ...split.given.slice(1)] : [first];
      return negative(item, lists, render({ ...split, given }, rng), donor.id);
    },
  },
  {
    category: 'same_given',
    label: 0,
    pool: (l) => l.persons.filter(shortSplit),
    make: (item, rng, lists) => {
      const split = item.split!;
      const names = lists.namesOf(item.entity.id);
      const donor = pickDonor(lists.familyDonors, rng, (d) => d.id !== item.entity.id && !d.tokens.some((t) => tokenInNames(t, names)));
      if (!donor) return undefined;
      const family = donor.tokens.map((t) => restyle(t, split.family[0]));
      return negative(item, lists, render({ ...split, family }, rng), donor.id);
    },
  },
  {
    category: 'common_words',
    label: 0,
    pool: (l) => l.orgs.filter((x) => meaningfulTokens(x.name.full).some((t) => l.commonWords.has(t))),
    make: (item, rng, lists) => {
      const tokens = coreTokens(item.name.full);
      const shared = tokens.filter((t) => lists.commonWords.has(t));
      if (shared.length === 0 || shared.length === tokens.length) return undefined;
      const others = lists.orgsByWord.get(rng.pick(shared)) ?? [];
      const other = pickDonor(others, rng, (o) => {
        const ot = coreTokens(o.name.full);
        // Only common words may be shared: "EXPERIMENTAL DESIGN BUREAU FAKEL" and "ENGINEERING
        // DESIGN BUREAU FAKEL" share a distinctive word and belong to another test.
        const distinctive = (xs: string[], ys: string[]) => xs.filter((x) => !lists.commonWords.has(x) && ys.some((y) => sameToken(x, y)));
        return (
          ot.some((t) => !lists.commonWords.has(t)) &&
          distinctive(ot, tokens).length === 0 &&
          distinctive(tokens, ot).length === 0 &&
          !lists.possiblySameParty(item.entity.id, o.entity.id)
        );
      });
      return other ? negative(item, lists, other.name.full, other.entity.id) : undefined;
    },
  },
  {
    category: 'one_token',
    label: 0,
    pool: (l) => [...l.persons, ...l.orgs].filter((x) => coreTokens(x.name.full).length >= 3 && coreTokens(x.name.full).length <= 5),
    make: (item, rng, lists) => {
      const person = item.entity.schema === 'Person';
      const ws = words(item.name.full);
      // In an organisation's name only its most distinctive (rarest) word makes another party:
      // "GROMOV FLIGHT RESEARCH PUERTO" would still be the Gromov institute.
      // Words as bare letters: a quote or bracket around a word ("“Precision") does not make it unreplaceable.
      const candidates = ws
        .map((w, i) => ({ w: w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''), i }))
        .filter(({ w }) => coreTokens(w).length === 1 && isLatinWord(w) && w.length >= 3);
      const replaceable = person ? candidates : rarest(candidates, lists);
      if (replaceable.length === 0) return undefined;
      const { w, i } = rng.pick(replaceable);
      const names = lists.namesOf(item.entity.id);
      const pool = person ? donorPoolForRole(item.split, w, lists) : lists.distinctiveOrgDonors;
      const donor = pickDonor(pool, rng, (d) => d.id !== item.entity.id && !tokenInNames(d.token, names));
      if (!donor) return undefined;
      return negative(item, lists, replaceWord(item.name.full, i, restyle(donor.token, w)), donor.id);
    },
  },
  {
    category: 'legal_form_only',
    label: 0,
    pool: (l) => l.orgs.filter((x) => findLegalForm(x.name.full) && coreTokens(x.name.full).length <= 3),
    make: (item, rng, lists) => {
      const form = findLegalForm(item.name.full)!;
      const mine = coreTokens(item.name.full);
      const others = lists.orgsByLegalGroup.get(form.group.id) ?? [];
      const other = pickDonor(others, rng, (o) => {
        const ot = coreTokens(o.name.full);
        return ot.length > 0 && ot.length <= 3 && !ot.some((t) => mine.some((m) => sameToken(t, m))) && !lists.possiblySameParty(item.entity.id, o.entity.id);
      });
      return other ? negative(item, lists, other.name.full, other.entity.id) : undefined;
    },
  },
];

/** The words of an organisation's name that the fewest organisations share. */
function rarest<T extends { w: string }>(candidates: T[], lists: Lists): T[] {
  const count = (x: T) => lists.orgWordCounts.get(fold(x.w)) ?? 0;
  const min = Math.min(...candidates.map(count));
  return candidates.filter((x) => count(x) === min);
}

/**
 * Names split into at most three given and two family words. Longer splits are often
 * chains of a father's and grandfather's names with a tribal name put in the family slot
 * ("Rukan Abd al-Ghaffur al-Majid Al-Tikriti" / "ABU WALID"), where swapping one side does
 * not reliably make another person.
 */
function shortSplit(item: Listed): boolean {
  return !!item.split && meaningfulTokens(item.split.given.join(' ')).length <= 3 && meaningfulTokens(item.split.family.join(' ')).length <= 2;
}

/** Meaningful words of a name without its legal form. */
function coreTokens(name: string): string[] {
  return meaningfulTokens(name).filter((t) => !LEGAL_FORM_TOKENS.has(t));
}

/** A negative is kept only if its query could not be a spelling of any name of the listed party. */
function negative(item: Listed, lists: Lists, query: string, donor: string): Made | undefined {
  if (lists.queryMayName(query, item.entity.id)) return undefined;
  return { query, listed: item.name.full, donor };
}

/** Family-side words are replaced by family names, given-side words by given names. */
function donorPoolForRole(split: PersonSplit | undefined, word: string, lists: Lists): Donor[] {
  if (split?.family.includes(word)) return lists.familyWordDonors;
  return lists.givenDonors;
}

function replaceWord(name: string, index: number, replacement: string): string {
  let seen = -1;
  return name.replace(/\S+/g, (w) => {
    if (!/\p{L}/u.test(w)) return w;
    seen++;
    // From the first letter on: an opening quote stays ("'AUTOMATED" -> "'BANJA").
    return seen === index ? w.replace(/\p{L}[\p{L}'-]*/u, replacement) : w;
  });
}

function restyle(token: string, like: string): string {
  const style = caseStyle(like);
  return applyCase(token, style === 'mixed' ? 'title' : style);
}

function render(split: PersonSplit, rng: Random): string {
  return rng.chance(0.5) ? commaOrder(split) : naturalOrder(split);
}

/** A random item meeting the condition, trying a bounded number of draws. */
function pickDonor<T>(pool: readonly T[], rng: Random, ok: (x: T) => boolean): T | undefined {
  if (pool.length === 0) return undefined;
  for (let tries = 0; tries < 40; tries++) {
    const x = rng.pick(pool);
    if (ok(x)) return x;
  }
  return undefined;
}

/** Below this, a Latin name is taken for a translation or another name, not a romanisation. */
const MIN_ROMANISED_SIMILARITY = 0.75;

/**
 * The Latin-script name of the same party that a name in another script transliterates:
 * the strong Latin name it sounds most like, if it sounds like one at all.
 */
function latinCounterpart(item: Listed): string | undefined {
  let best: string | undefined;
  let bestScore = MIN_ROMANISED_SIMILARITY;
  for (const latin of item.entity.names.filter(usableName)) {
    const score = romanisedSimilarity(item.name.full, latin.full);
    if (score >= bestScore) [best, bestScore] = [latin.full, score];
  }
  return best;
}

// ---------------------------------------------------------------- sampling

/**
 * Draws one category's pairs from every source (and from people and organisations): each
 * pool's share grows with the square root of its size, so that small lists contribute without
 * the biggest one dominating (stride scheduling: the pool that has drawn least for its weight
 * draws next).
 */
function sampleCategory(spec: CategorySpec, lists: Lists, rng: Random, want: number): PairRow[] {
  const pools = new Map<string, Listed[]>();
  for (const item of spec.pool(lists)) push(pools, `${groupOf(item.entity)}:${item.entity.source}`, item);
  const queues = [...pools.keys()].sort().map((k) => ({ items: rng.shuffle(pools.get(k)!), stride: 1 / Math.sqrt(pools.get(k)!.length), pass: 0 }));
  const rows: PairRow[] = [];
  const seen = new Set<string>();
  while (rows.length < want) {
    const live = queues.filter((q) => q.items.length > 0);
    if (live.length === 0) break;
    const queue = live.reduce((a, b) => (b.pass < a.pass ? b : a));
    const item = queue.items.pop()!;
    const made = spec.make(item, rng, lists);
    if (!made) continue;
    const key = `${fold(made.query)}|${item.entity.id}`;
    if (seen.has(key) || made.query === made.listed) continue;
    seen.add(key);
    queue.pass += queue.stride;
    rows.push({
      category: spec.category,
      schema: item.entity.schema,
      query: made.query,
      listed_name: made.listed,
      entity_id: item.entity.id,
      label: spec.label,
      donor_id: made.donor ?? '',
    });
  }
  return rows;
}

/** All labelled pairs, positives first, in category order. */
export function generatePairs(entities: readonly Entity[], opts: GenerateOptions): PairRow[] {
  const lists = new Lists(entities);
  const root = new Random(opts.seed);
  return CATEGORIES.flatMap((spec) => sampleCategory(spec, lists, root.fork(spec.category), opts.perCategory));
}

export const isPositiveCategory = (c: string) => (POSITIVE_CATEGORIES as readonly string[]).includes(c);
