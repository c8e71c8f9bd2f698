import type { Entity, IdentifierType, NameKind } from '../model/entity.js';
import type { SchemaName } from '../model/schema.js';

/** The matching API's shapes (docs/matching.md explains the scores they carry). */

export interface MatchQuery {
  /** The query's full name, any script, any order. */
  name: string;
  /** Person, Organization, Company, LegalEntity, Vessel, Aircraft. Absent: unknown kind, may meet any schema. */
  schema?: SchemaName;
  /** Further names of the same query party. */
  aliases?: string[];
  /** PartialDate (src/model/dates.ts) or free date text. */
  birthDate?: string;
  /** ISO alpha-2 codes or country names (nationality, citizenship, residence, incorporation). */
  countries?: string[];
  gender?: 'male' | 'female';
  identifiers?: Array<{ type?: IdentifierType; value: string; country?: string }>;
}

export interface FeatureEffect {
  /** 'name' | 'birth_date' | 'country' | 'gender' | 'identifier' | 'schema' | 'weak_alias' | 'legal_form' | 'common_words' | 'title' | 'unmatched' */
  feature: string;
  /** Signed contribution to the final score (0 when only informative). */
  effect: number;
  /** Plain words for a compliance analyst. */
  detail: string;
}

export interface TokenAlignment {
  query: string;
  listed: string;
  similarity: number;
  /** 'exact' | 'transliteration' | 'phonetic' | 'typo' | 'initial' | 'glued' | 'variant' | 'unmatched' */
  how: string;
}

export interface MatchExplanation {
  /** The query name that met. */
  queryName: string;
  /** The listed name it met, as the publisher wrote it. */
  matchedName: string;
  nameKind: NameKind;
  /** Name similarity in [0,1] before other evidence. */
  nameScore: number;
  alignment: TokenAlignment[];
  features: FeatureEffect[];
  /** One readable sentence. */
  summary: string;
}

export interface MatchResult {
  score: number;
  match: boolean;
  explanation: MatchExplanation;
}

export interface Hit {
  entity: Entity;
  result: MatchResult;
}
