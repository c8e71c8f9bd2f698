/**
 * The entity schemas, declared once as data (after FollowTheMoney's schema-as-data).
 * Parsers, the store, matching and the CLI all read this table instead of hard-coding
 * which schema has which property, so adding a property or a schema is a one-line change.
 */

export type PropertyType =
  | 'text' // free text, kept verbatim
  | 'date' // a PartialDate string, see dates.ts
  | 'country' // ISO 3166-1 alpha-2, lower case; see countries.ts
  | 'gender' // 'male' | 'female' | 'other'
  | 'email'
  | 'url'
  | 'number'; // kept as text: tonnage, year of build ...

export interface PropertyDef {
  label: string;
  type: PropertyType;
  /** Properties that identify (IMO, ISIN ...) live in `Entity.identifiers`, not here. */
  matchable?: boolean;
}

export const PROPERTIES = {
  birthDate: { label: 'Date of birth', type: 'date', matchable: true },
  birthPlace: { label: 'Place of birth', type: 'text' },
  deathDate: { label: 'Date of death', type: 'date' },
  nationality: { label: 'Nationality', type: 'country', matchable: true },
  citizenship: { label: 'Citizenship', type: 'country', matchable: true },
  country: { label: 'Country', type: 'country', matchable: true },
  gender: { label: 'Gender', type: 'gender', matchable: true },
  title: { label: 'Title', type: 'text' },
  position: { label: 'Position', type: 'text' },
  incorporationDate: { label: 'Organization established date', type: 'date', matchable: true },
  jurisdiction: { label: 'Jurisdiction', type: 'country', matchable: true },
  legalForm: { label: 'Legal form', type: 'text' },
  targetType: { label: 'Target type', type: 'text' },
  /** What the organisation does, as the publisher classifies it (OFAC "Organization Type"). */
  sector: { label: 'Sector', type: 'text' },
  email: { label: 'Email', type: 'email' },
  website: { label: 'Website', type: 'url' },
  phone: { label: 'Phone', type: 'text' },
  // vessels
  flag: { label: 'Flag', type: 'country', matchable: true },
  vesselType: { label: 'Vessel type', type: 'text' },
  tonnage: { label: 'Gross registered tonnage', type: 'number' },
  grossTonnage: { label: 'Gross tonnage', type: 'number' },
  buildDate: { label: 'Year of build', type: 'date' },
  owner: { label: 'Owner / operator (as stated)', type: 'text' },
  // aircraft
  aircraftModel: { label: 'Aircraft model', type: 'text' },
  manufactureDate: { label: 'Aircraft manufacture date', type: 'date' },
  operator: { label: 'Aircraft operator', type: 'text' },
  // securities
  ticker: { label: 'Equity ticker', type: 'text', matchable: true },
  issuerName: { label: 'Issuer name', type: 'text' },
  // notes that a compliance analyst should see
  secondarySanctions: { label: 'Secondary sanctions risk', type: 'text' },
  notes: { label: 'Notes', type: 'text' },
} as const satisfies Record<string, PropertyDef>;

export type PropertyName = keyof typeof PROPERTIES;

export const SCHEMA_NAMES = [
  'Thing',
  'LegalEntity',
  'Person',
  'Organization',
  'Company',
  'Vessel',
  'Aircraft',
  'Security',
] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

export interface SchemaDef {
  label: string;
  /** Parent schema: a schema has all properties of its ancestors. */
  extends?: SchemaName;
  abstract?: boolean;
  properties: readonly PropertyName[];
}

const THING_PROPS = ['country', 'notes', 'email', 'website', 'phone'] as const;
const LEGAL_ENTITY_PROPS = [
  'incorporationDate',
  'jurisdiction',
  'legalForm',
  'targetType',
  'secondarySanctions',
  'sector',
] as const;

export const SCHEMAS = {
  Thing: { label: 'Thing', abstract: true, properties: THING_PROPS },
  LegalEntity: { label: 'Legal entity', extends: 'Thing', properties: LEGAL_ENTITY_PROPS },
  Person: {
    label: 'Person',
    extends: 'LegalEntity',
    properties: [
      'birthDate',
      'birthPlace',
      'deathDate',
      'nationality',
      'citizenship',
      'gender',
      'title',
      'position',
    ],
  },
  Organization: { label: 'Organization', extends: 'LegalEntity', properties: [] },
  Company: { label: 'Company', extends: 'Organization', properties: ['ticker', 'issuerName'] },
  Vessel: {
    label: 'Vessel',
    extends: 'Thing',
    properties: ['flag', 'vesselType', 'tonnage', 'grossTonnage', 'buildDate', 'owner', 'secondarySanctions', 'targetType'],
  },
  Aircraft: {
    label: 'Aircraft',
    extends: 'Thing',
    properties: ['aircraftModel', 'manufactureDate', 'operator', 'flag', 'owner', 'secondarySanctions', 'targetType'],
  },
  Security: { label: 'Security', extends: 'Thing', properties: ['ticker', 'issuerName'] },
} as const satisfies Record<SchemaName, SchemaDef>;

/** `isA('Company', 'LegalEntity') === true`. */
export function isA(schema: SchemaName, ancestor: SchemaName): boolean {
  let s: SchemaName | undefined = schema;
  while (s) {
    if (s === ancestor) return true;
    s = (SCHEMAS[s] as SchemaDef).extends;
  }
  return false;
}

/** All properties a schema may carry, its ancestors' included (computed once per schema). */
export function propertiesOf(schema: SchemaName): readonly PropertyName[] {
  let props = PROPS_CACHE.get(schema);
  if (!props) {
    const out: PropertyName[] = [];
    let s: SchemaName | undefined = schema;
    while (s) {
      const def = SCHEMAS[s] as SchemaDef;
      out.unshift(...def.properties);
      s = def.extends;
    }
    props = new Set(out);
    PROPS_CACHE.set(schema, props);
  }
  return [...props];
}

/** Whether a schema may carry a property; hot in parsers, so a cached set. */
export function hasProperty(schema: SchemaName, prop: PropertyName): boolean {
  if (!PROPS_CACHE.has(schema)) propertiesOf(schema);
  return PROPS_CACHE.get(schema)!.has(prop);
}

const PROPS_CACHE = new Map<SchemaName, Set<PropertyName>>();

/**
 * Schemas that could describe the same real-world thing: a query typed Organization may
 * meet a listed Company, but a Person never meets a Vessel.
 */
export function schemasCompatible(a: SchemaName, b: SchemaName): boolean {
  return isA(a, b) || isA(b, a);
}

export function isSchemaName(s: string): s is SchemaName {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, s);
}
