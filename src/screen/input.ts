import { z } from 'zod';
import { SCHEMA_NAMES, type SchemaName } from '../model/schema.js';
import { parseDate } from '../model/dates.js';
import { countryCode } from '../model/countries.js';
import type { MatchQuery } from '../match/index.js';

/**
 * One screening query as callers send it (API body, CLI flags, one row of a batch file), and
 * its parse into a MatchQuery. Parse, don't validate: everything past this point is typed.
 */

/** Longest name accepted: real names are far shorter; a megabyte "name" is an input error. */
export const MAX_NAME_LENGTH = 1000;

const text = (max = MAX_NAME_LENGTH) => z.string().trim().min(1).max(max);
const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const ScreenQuerySchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    name: text().optional(),
    first_name: text(200).optional(),
    middle_name: text(200).optional(),
    last_name: text(200).optional(),
    aliases: z.array(text()).max(50).optional(),
    schema: z.enum(SCHEMA_NAMES as unknown as [SchemaName, ...SchemaName[]]).optional(),
    birth_date: z.string().trim().max(40).optional(),
    countries: oneOrMany.optional(),
    gender: z.enum(['male', 'female', 'm', 'f', 'M', 'F', 'Male', 'Female']).optional(),
    identifiers: z
      .array(z.object({ type: z.string().optional(), value: text(100), country: z.string().optional() }))
      .max(50)
      .optional(),
  })
  .strict()
  .refine((q) => q.name || q.last_name || q.first_name, { message: 'a name is required (name, or first_name/last_name)', path: ['name'] });

export type ScreenQueryInput = z.input<typeof ScreenQuerySchema>;
export type ScreenQuery = z.output<typeof ScreenQuerySchema>;

export class QueryError extends Error {
  constructor(message: string, readonly fields: string[] = []) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Parses a raw query (or throws QueryError naming the offending fields) into a MatchQuery. */
export function toMatchQuery(raw: unknown): { query: ScreenQuery; match: MatchQuery } {
  const r = ScreenQuerySchema.safeParse(raw);
  if (!r.success) {
    const fields = r.error.issues.map((i) => i.path.join('.') || '(query)');
    throw new QueryError(r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '), fields);
  }
  const q = r.data;
  const name = q.name ?? [q.first_name, q.middle_name, q.last_name].filter(Boolean).join(' ');
  const match: MatchQuery = { name };
  if (q.schema) match.schema = q.schema;
  if (q.aliases?.length) match.aliases = q.aliases;
  if (q.birth_date) {
    const d = parseDate(q.birth_date) ?? parseDate(q.birth_date.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'));
    if (!d) throw new QueryError(`birth_date: "${q.birth_date}" is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)`, ['birth_date']);
    match.birthDate = d;
  }
  if (q.countries?.length) {
    const codes = q.countries.flatMap((c) => c.split(/[;,]/)).map((c) => c.trim()).filter(Boolean);
    const bad = codes.filter((c) => !countryCode(c));
    if (bad.length) throw new QueryError(`countries: unknown country ${bad.map((b) => `"${b}"`).join(', ')}`, ['countries']);
    match.countries = codes.map((c) => countryCode(c)!);
  }
  if (q.gender) match.gender = q.gender.toLowerCase().startsWith('m') ? 'male' : 'female';
  if (q.identifiers?.length) {
    match.identifiers = q.identifiers.map((i) => {
      const id: NonNullable<MatchQuery['identifiers']>[number] = { value: i.value };
      if (i.type) id.type = i.type as NonNullable<MatchQuery['identifiers']>[number]['type'];
      const c = i.country ? countryCode(i.country) : undefined;
      if (c) id.country = c;
      return id;
    });
  }
  return { query: q, match };
}

/**
 * Header names seen in customer and counterparty files, mapped to query fields. Matching is
 * case- and punctuation-insensitive; `--map HEADER=FIELD` adds more.
 */
export const HEADER_ALIASES: Record<string, keyof ScreenQuery | 'identifier'> = {
  id: 'id', customer_id: 'id', customerid: 'id', reference: 'id', ref: 'id', record_id: 'id', client_id: 'id',
  name: 'name', full_name: 'name', fullname: 'name', entity_name: 'name', company_name: 'name', party_name: 'name',
  first_name: 'first_name', firstname: 'first_name', given_name: 'first_name', forename: 'first_name',
  middle_name: 'middle_name', middlename: 'middle_name',
  last_name: 'last_name', lastname: 'last_name', surname: 'last_name', family_name: 'last_name',
  birth_date: 'birth_date', date_of_birth: 'birth_date', dob: 'birth_date', birthdate: 'birth_date',
  nationality: 'countries', country: 'countries', citizenship: 'countries', countries: 'countries', country_code: 'countries',
  gender: 'gender', sex: 'gender',
  id_number: 'identifier', passport: 'identifier', passport_number: 'identifier', national_id: 'identifier', identifier: 'identifier',
  type: 'schema', schema: 'schema', entity_type: 'schema',
};

export function headerKey(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-.]+/g, '_');
}

/** Entity types as customers write them -> schema. */
export function schemaFromText(v: string): SchemaName | undefined {
  const t = v.trim().toLowerCase();
  if (!t) return undefined;
  if (['person', 'individual', 'natural person', 'p', 'i'].includes(t)) return 'Person';
  if (['company', 'business', 'corporation', 'c'].includes(t)) return 'Company';
  if (['organization', 'organisation', 'entity', 'legal entity', 'e', 'o'].includes(t)) return 'Organization';
  if (['vessel', 'ship'].includes(t)) return 'Vessel';
  if (['aircraft', 'plane'].includes(t)) return 'Aircraft';
  return SCHEMA_NAMES.find((s) => s.toLowerCase() === t);
}
