/**
 * The matching engine: names and facts of a query against listed entities, with a score in
 * [0,1] and an explanation for every result. docs/matching.md describes how scores are made.
 */
export type { MatchQuery, FeatureEffect, TokenAlignment, MatchExplanation, MatchResult, Hit } from './types.js';
export { DEFAULT_THRESHOLD, compareNames, scoreEntity, WEAK_ALIAS_MIN, WEAK_ALIAS_PENALTY } from './score.js';
export { MatchIndex } from './matchindex.js';
export { MatchPool } from './pool.js';
export { latinForms } from './translit.js';
export { phoneticKey } from './phonetic.js';
export { jaroWinkler, damerauLevenshtein } from './similarity.js';
