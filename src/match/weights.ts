import { COMMON_TOKENS } from './data/common-tokens.js';

/**
 * How much a name token identifies. A token found in few listed names (Tuniyaz) identifies;
 * one found in thousands (Mohammed, Ali, Trading) says little. Weights are inverse document
 * frequency over names, scaled to (0,1]: every token at most RARE_DF names deep weighs 1.
 */
export interface TokenStats {
  /** Weight of a token by its canonical spelling. */
  weight(canonical: string): number;
}

/** Names a token may appear in and still count as fully identifying. */
export const RARE_DF = 20;
/** No token weighs less than this: a common name still says something. */
const FLOOR = 0.2;

export function rarityWeight(df: number, names: number): number {
  if (df <= RARE_DF || names <= RARE_DF) return 1;
  const w = Math.log(1 + names / df) / Math.log(1 + names / RARE_DF);
  return Math.max(FLOOR, Math.min(1, w));
}

/** Token weights from document frequencies over a set of names. */
export class IdfStats implements TokenStats {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly df: ReadonlyMap<string, number>,
    /** Names counted. */
    readonly names: number,
  ) {}

  weight(canonical: string): number {
    let w = this.cache.get(canonical);
    if (w === undefined) {
      w = rarityWeight(this.df.get(canonical) ?? 0, this.names);
      this.cache.set(canonical, w);
    }
    return w;
  }

  /** Document frequencies as a plain table (the generator of data/common-tokens.ts uses it). */
  frequent(minDf: number): Array<[string, number]> {
    return [...this.df].filter(([, n]) => n >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }
}

/**
 * Weights for comparing names outside an index (`compareNames`, `scoreEntity`): the token
 * frequencies of all official lists, measured by src/match/gen-common-tokens.ts and kept in
 * data/common-tokens.ts, so a pair scores the same as it would against the whole lists.
 */
export const DEFAULT_STATS: TokenStats = new IdfStats(new Map(COMMON_TOKENS.tokens), COMMON_TOKENS.names);
