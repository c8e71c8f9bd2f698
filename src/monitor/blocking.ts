import type { Entity } from '../model/entity.js';
import { latinForms, phoneticKey } from '../match/index.js';
// The engine's own preparation of a listed name (legal forms and titles set aside, token
// weights from the lists' token frequencies): the shortlist must see names as the engine does.
import { nameClassOf, prepareName } from '../match/prepare.js';
import { DEFAULT_STATS } from '../match/weights.js';
import type { Customer } from '../store/monitor_types.js';

/**
 * Blocking for step (a) of a monitoring run: which customers could possibly match one of the
 * list entities that changed. One cheap pass over the customer base keeps those who share
 * enough of a changed entity's name, by sound, so that the engine screens a few customers
 * rather than the whole base.
 *
 * The test is deliberately looser than a match (it must never drop a customer the engine
 * would match):
 * - tokens meet on the engine's consonant skeleton (phoneticKey: Mohammed/Muhammad and
 *   Poutine/Putin share it), on the skeleton with one consonant (not the first) more or less
 *   (one transliteration difference), or on the letters with one letter left out on both
 *   sides (one typo: symmetric deletion, as the engine's own typo keys, but for tokens of any
 *   length). A skeleton of three consonants or fewer is too coarse alone (Walker and Lukoil
 *   share LKL): it meets only with the same first letter;
 * - a customer is kept for a listed name when the tokens it shares carry more than half of
 *   the listed name's weight, or more than half of the customer's own name's weight (the
 *   engine's weights: legal forms set aside, common words and particles light). A match
 *   needs more than that: the engine blends both names' coverage, and a default threshold
 *   of 0.8 is not reached with half of each name unmatched;
 * - a customer that writes two of the listed name's tokens as one (ErkenTuniyaz, one letter
 *   apart at most), or shares an identifier, is kept whatever else. (A customer that splits
 *   what the list writes as one word is not looked for: the engine does not match that either.)
 */

/** Share of a name's token weight a customer must exceed to be screened against it: more than half. */
export const MIN_SHARE = 0.5;

const APOSTROPHES = /['’`ʻʼ‘´]/g;

/** The word tokens of a name in every Latin rendering, lower case, 2 characters or more. */
function tokensOf(name: string): string[][] {
  return latinForms(name.replace(APOSTROPHES, '')).map((f) => f.text.split(/[^a-z0-9]+/).filter((t) => t.length >= 2));
}

/** A token's keys: its skeleton (and the skeleton less one consonant), its letters (and less one letter). */
function tokenKeys(text: string, skeleton: string, side: 'listed' | 'customer'): string[] {
  const keys = letterKeys(text);
  if (skeleton.length >= 4) {
    // One consonant more or less on either side, but not one on each (that would let
    // Robert meet Refinery): the listed side files its shortened skeletons where the
    // customer's full one looks, and its full one where the customer's shortened ones look.
    keys.push(`k:${skeleton}`);
    const shortened = side === 'listed' ? 'k:' : 'k-:';
    for (let i = 1; i < skeleton.length; i++) keys.push(`${shortened}${skeleton.slice(0, i)}${skeleton.slice(i + 1)}`);
    if (side === 'listed') keys.push(`k-:${skeleton}`);
  } else if (skeleton) keys.push(`k:${text[0]}:${skeleton}`);
  return keys;
}

/** The letters, and the letters less one letter (symmetric deletion: one typo apart meet). */
function letterKeys(text: string): string[] {
  const keys = [`d:${text}`];
  if (text.length >= 4) for (let i = 0; i < text.length; i++) keys.push(`d:${text.slice(0, i)}${text.slice(i + 1)}`);
  return keys;
}

/** Listed tokens glued together meet customer tokens on letters only, and only when long enough to say something. */
const MIN_GLUE = 6;

const idKey = (value: string) => `i:${value.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
const usableId = (value: string) => value.replace(/[^A-Za-z0-9]/g, '').length >= 5;

/** Customer spellings whose reach is remembered during a pass. */
const CACHE_LIMIT = 500_000;

/** What a key reaches: a token of one listed name form (with its weight), or something decisive. */
type Target = { form: number; token: number; weight: number } | { decisive: true };

export class ChangedEntityBlocker {
  /** Total token weight of each listed name form. */
  private readonly totals: number[] = [];
  private readonly byKey = new Map<string, Target[]>();
  readonly kept: Customer[] = [];
  private seen = 0;
  private readonly cache = new Map<string, Target[]>();
  private readonly words = new Map<string, string[]>();
  private readonly shares = new Map<string, boolean>();

  constructor(entities: Entity[]) {
    for (const e of entities) {
      const nameClass = nameClassOf(e.schema);
      for (const n of e.names) {
        for (const form of prepareName(n.full, n.kind, nameClass, DEFAULT_STATS).forms) {
          const id = this.totals.length;
          this.totals.push(form.tokens.reduce((s, t) => s + t.weight, 0));
          form.tokens.forEach((t, i) => {
            for (const k of tokenKeys(t.text, t.key, 'listed')) this.add(k, { form: id, token: i, weight: t.weight });
          });
          for (const g of form.glues) if (g.text.length >= MIN_GLUE) for (const k of letterKeys(g.text)) this.add(k, { decisive: true });
        }
      }
      for (const i of e.identifiers) if (usableId(i.value)) this.add(idKey(i.value), { decisive: true });
    }
  }

  private add(key: string, target: Target): void {
    const list = this.byKey.get(key);
    if (list) list.push(target);
    else this.byKey.set(key, [target]);
  }

  /** Feeds one customer of the pass; keeps it if it could match a changed entity. */
  offer(c: Customer): void {
    this.seen++;
    if (this.mayMatch(c)) this.kept.push(c);
  }

  private mayMatch(c: Customer): boolean {
    const shared = new Map<number, Map<number, number>>();
    const reach = (targets: Target[]): boolean => {
      for (const t of targets) {
        if ('decisive' in t) return true;
        let tokens = shared.get(t.form);
        if (!tokens) shared.set(t.form, (tokens = new Map()));
        tokens.set(t.token, t.weight);
      }
      return false;
    };
    for (const name of [c.match.name, ...(c.match.aliases ?? [])]) {
      for (const t of this.wordTokens(name)) if (reach(this.targetsOf(t))) return true;
    }
    for (const i of c.match.identifiers ?? []) if (usableId(i.value) && reach(this.byKey.get(idKey(i.value)) ?? [])) return true;
    for (const [form, tokens] of shared) {
      let weight = 0;
      for (const w of tokens.values()) weight += w;
      const total = this.totals[form];
      if (total > 0 && weight / total > MIN_SHARE) return true;
    }
    return shared.size > 0 && this.customerSideShare(c);
  }

  /**
   * The other direction, for a customer that shares something with a changed entity: the
   * engine also scores how much of the customer's own name is matched, so a customer named by
   * part of a long listed name ("Hangzhou Hikvision") can meet it. The customer's name is
   * prepared as the engine prepares a query (done only for these few customers).
   */
  private customerSideShare(c: Customer): boolean {
    const nameClass = nameClassOf(c.match.schema);
    return [c.match.name, ...(c.match.aliases ?? [])].some((name) => this.nameShare(name, nameClass));
  }

  /** Whether one customer name shares more than half its weight with a listed name form (remembered per name). */
  private nameShare(name: string, nameClass: ReturnType<typeof nameClassOf>): boolean {
    const key = `${nameClass}\u0000${name}`;
    let verdict = this.shares.get(key);
    if (verdict === undefined) {
      verdict = this.computeNameShare(name, nameClass);
      if (this.shares.size >= CACHE_LIMIT) this.shares.clear();
      this.shares.set(key, verdict);
    }
    return verdict;
  }

  private computeNameShare(name: string, nameClass: ReturnType<typeof nameClassOf>): boolean {
    for (const form of prepareName(name, 'primary', nameClass, DEFAULT_STATS).forms) {
      const total = form.tokens.reduce((s, t) => s + t.weight, 0);
      if (!(total > 0)) continue;
      const byForm = new Map<number, number>();
      for (const t of form.tokens) {
        const forms = new Set<number>();
        for (const target of this.targetsOf(t.text)) if (!('decisive' in target)) forms.add(target.form);
        for (const f of forms) byForm.set(f, (byForm.get(f) ?? 0) + t.weight);
      }
      for (const w of byForm.values()) if (w / total > MIN_SHARE) return true;
    }
    return false;
  }

  /**
   * A customer name's tokens, word by word: every Latin rendering of each word (so a word with
   * several readings gives all of them). Words repeat across a base far more than whole names
   * do, so each word is transliterated once.
   */
  private wordTokens(name: string): string[] {
    const out: string[] = [];
    for (const word of name.replace(APOSTROPHES, '').split(/\s+/)) {
      if (!word) continue;
      let tokens = this.words.get(word);
      if (!tokens) {
        tokens = [...new Set(tokensOf(word).flat())];
        if (this.words.size >= CACHE_LIMIT) this.words.clear();
        this.words.set(word, tokens);
      }
      out.push(...tokens);
    }
    return out;
  }

  /**
   * What a customer token reaches. Names repeat across a customer base (first names, family
   * names, company words): each spelling's keys are made once.
   */
  private targetsOf(text: string): Target[] {
    let targets = this.cache.get(text);
    if (targets) return targets;
    targets = [];
    for (const k of tokenKeys(text, phoneticKey(text), 'customer')) for (const t of this.byKey.get(k) ?? []) targets.push(t);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(text, targets);
    return targets;
  }

  /** After the pass: the customers worth screening against the changed entities. */
  candidates(): Customer[] {
    return this.kept;
  }

  get customersSeen(): number {
    return this.seen;
  }
}
