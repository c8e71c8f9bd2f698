import type { Address, Entity, Identifier, IdentifierType, Measure, NameKind, NameParts } from '../model/entity.js';
import { EntityBuilder } from '../model/builder.js';
import { countryCode } from '../model/countries.js';
import { parseDate } from '../model/dates.js';
import { LISTS, makeListing } from '../measures/lists.js';
import { readText } from './files.js';
import { SourceError, type ParseContext, type Source } from './types.js';
import { businessLegalForm } from './us/legal_forms.js';
import { namesInAliasNote, splitUnName, type WrittenName } from './un/names.js';
import { UN_REGIMES, type UnRegime } from './un/regimes.js';
import { childText, childrenNamed, cleanText, readXmlRecords, values, type XmlElement } from './un/xml.js';

const FILE = 'consolidated.xml';

export const source: Source = {
  id: 'un_sc',
  title: 'UN Security Council Consolidated List',
  publisher: 'United Nations Security Council',
  homepage: 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list',
  formats: [
    {
      id: 'xml',
      label: 'UN Security Council Consolidated List (XML)',
      files: [{ name: FILE, url: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml' }],
    },
  ],
  parse,
};

async function* parse(ctx: ParseContext): AsyncIterable<Entity> {
  const text = await readText(ctx.dir, FILE);
  const { rootAttrs, records } = readXmlRecords(text, FILE, {
    root: 'CONSOLIDATED_LIST',
    publication: 'the UN Security Council Consolidated List',
    recordPaths: [
      ['INDIVIDUALS', 'INDIVIDUAL'],
      ['ENTITIES', 'ENTITY'],
    ],
  });
  ctx.meta.records = records.length;
  if (!records.length) throw new SourceError('the list holds no INDIVIDUAL or ENTITY records', { file: FILE });
  readPublicationDate(rootAttrs.dateGenerated, ctx);
  const seen = new Map<string, number>();
  for (const record of records) {
    const id = recordId(record);
    const first = seen.get(id);
    if (first !== undefined) throw new SourceError(`DATAID ${id} repeats the record on line ${first}`, { file: FILE, line: record.line, record: id });
    seen.set(id, record.line);
    yield new UnRecordReader(record, id, ctx).read();
  }
}

function readPublicationDate(generated: string | undefined, ctx: ParseContext): void {
  const day = generated?.match(/^(\d{4}-\d{2}-\d{2})(?:T|$)/)?.[1];
  if (day && parseDate(day)) ctx.meta.publishedAt = day;
  else ctx.meta.warnings.push(`${FILE}: the root's dateGenerated "${generated ?? ''}" is not a date; publication date unknown`);
}

function recordId(record: XmlElement): string {
  const id = childText(record, 'DATAID');
  if (!/^\d+$/.test(id)) throw new SourceError(`<${record.name}> has ${id ? `a non-numeric DATAID "${id}"` : 'no DATAID'}`, { file: FILE, line: record.line });
  return id;
}

/** Fields of a record whose meaning the parser knows; anything else is kept as a remark. */
const INDIVIDUAL_FIELDS = new Set([
  'DATAID', 'VERSIONNUM', 'FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME', 'UN_LIST_TYPE', 'REFERENCE_NUMBER',
  'LISTED_ON', 'GENDER', 'COMMENTS1', 'DESIGNATION', 'TITLE', 'NATIONALITY', 'LIST_TYPE', 'LAST_DAY_UPDATED',
  'INDIVIDUAL_ALIAS', 'INDIVIDUAL_ADDRESS', 'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_PLACE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT',
  'SORT_KEY', 'SORT_KEY_LAST_MOD', 'NAME_ORIGINAL_SCRIPT',
]);
const ENTITY_FIELDS = new Set([
  'DATAID', 'VERSIONNUM', 'FIRST_NAME', 'UN_LIST_TYPE', 'REFERENCE_NUMBER', 'LISTED_ON', 'COMMENTS1', 'LIST_TYPE',
  'LAST_DAY_UPDATED', 'ENTITY_ALIAS', 'ENTITY_ADDRESS', 'SORT_KEY', 'SORT_KEY_LAST_MOD', 'NAME_ORIGINAL_SCRIPT',
]);
const ALIAS_FIELDS = new Set(['QUALITY', 'ALIAS_NAME', 'NOTE', 'DATE_OF_BIRTH', 'CITY_OF_BIRTH', 'COUNTRY_OF_BIRTH']);
const ADDRESS_FIELDS = new Set(['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY', 'NOTE']);
const DOB_FIELDS = new Set(['TYPE_OF_DATE', 'DATE', 'YEAR', 'FROM_YEAR', 'TO_YEAR', 'NOTE']);
const POB_FIELDS = new Set(['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY', 'NOTE']);
const DOCUMENT_FIELDS = new Set(['TYPE_OF_DOCUMENT', 'TYPE_OF_DOCUMENT2', 'NUMBER', 'ISSUING_COUNTRY', 'COUNTRY_OF_ISSUE', 'DATE_OF_ISSUE', 'CITY_OF_ISSUE', 'NOTE']);

/** Reads one INDIVIDUAL or ENTITY into an entity. */
class UnRecordReader {
  private readonly b: EntityBuilder;
  private readonly individual: boolean;

  constructor(
    private readonly record: XmlElement,
    private readonly id: string,
    private readonly ctx: ParseContext,
  ) {
    this.individual = record.name === 'INDIVIDUAL';
    this.b = new EntityBuilder('un_sc', id, this.individual ? 'Person' : 'Organization');
  }

  read(): Entity {
    // The UN's own narrative first, then the notes the parser attaches to single facts.
    this.b.remark(childText(this.record, 'COMMENTS1'));
    this.keepUnknownFields(this.record, this.individual ? INDIVIDUAL_FIELDS : ENTITY_FIELDS, '');
    if (this.individual) this.readIndividual();
    else this.readEntity();
    this.readReference();
    for (const listType of values(this.child('LIST_TYPE'))) if (listType !== 'UN List') this.b.remark(`List type: ${listType}`);
    this.b.addListing(this.listing());
    return this.b.build();
  }

  private child(name: string): XmlElement | undefined {
    return this.record.children.find((c) => c.name === name);
  }

  private readIndividual(): void {
    const elements = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((n) => childText(this.record, n)).filter(Boolean);
    if (!elements.length) throw this.error('an INDIVIDUAL without FIRST_NAME');
    this.b.addName(elements.join(' '), 'primary', { parts: unNameParts(elements, childText(this.record, 'UN_LIST_TYPE')) });
    this.readOriginalScript();
    for (const alias of childrenNamed(this.record, 'INDIVIDUAL_ALIAS')) this.readAlias(alias);
    for (const t of values(this.child('TITLE'))) this.b.add('title', t);
    for (const d of values(this.child('DESIGNATION'))) this.b.add('position', d);
    for (const n of values(this.child('NATIONALITY'))) this.readNationality(n);
    this.readGender(childText(this.record, 'GENDER') || genderInComments(childText(this.record, 'COMMENTS1')));
    for (const dob of childrenNamed(this.record, 'INDIVIDUAL_DATE_OF_BIRTH')) this.readBirthDate(dob);
    for (const pob of childrenNamed(this.record, 'INDIVIDUAL_PLACE_OF_BIRTH')) this.readBirthPlace(pob);
    for (const doc of childrenNamed(this.record, 'INDIVIDUAL_DOCUMENT')) this.readDocument(doc);
    for (const addr of childrenNamed(this.record, 'INDIVIDUAL_ADDRESS')) this.readAddress(addr);
  }

  private readEntity(): void {
    const written = childText(this.record, 'FIRST_NAME');
    if (!written) throw this.error('an ENTITY without FIRST_NAME');
    // A few entities carry two names in FIRST_NAME ("CAGL ; GREAT LAKES BUSINESS COMPANY",
    // "HARAKAT UL-MUJAHIDIN / HUM"): the first is the primary name, the others aliases.
    const [primary, ...others] = written.split(/\s*;\s*|\s+\/\s+/).filter(Boolean);
    this.b.addName(primary, 'primary');
    for (const o of others) this.b.addName(o, 'alias');
    if (others.length) this.b.remark(`Name as published: ${written}`);
    this.readOriginalScript();
    for (const alias of childrenNamed(this.record, 'ENTITY_ALIAS')) this.readAlias(alias);
    for (const addr of childrenNamed(this.record, 'ENTITY_ADDRESS')) this.readAddress(addr);
    this.readImoCompanyNumber(childText(this.record, 'COMMENTS1'));
    if (this.b.entity.names.some((n) => businessLegalForm(n.full))) this.b.setSchema('Company');
  }

  private readOriginalScript(): void {
    const written = childText(this.record, 'NAME_ORIGINAL_SCRIPT');
    if (!written) return;
    const { names, notes } = splitUnName(written);
    // The UN sometimes fills this field with a Latin spelling ("JAMAAH ANSHARUT DAULAH").
    for (const n of names) this.b.addName(n.full, n.originalScript ? 'original_script' : 'alias');
    for (const note of notes) this.b.remark(`Original-script name ${written}: ${note}`);
  }

  /**
   * QUALITY "Good" and "a.k.a." are strong aliases, "Low" weak ones (the UN: "low quality
   * alias ... not sufficient to identify"), "f.k.a." a former name. Names in a non-Latin
   * script are the original-script spellings, unless the alias is low quality or former.
   */
  private readAlias(alias: XmlElement): void {
    this.keepUnknownFields(alias, ALIAS_FIELDS, `${alias.name} `);
    const written = childText(alias, 'ALIAS_NAME');
    const quality = childText(alias, 'QUALITY');
    const note = childText(alias, 'NOTE');
    if (!written) {
      if (quality || note) this.b.remark(`Alias without a name${quality ? ` (${quality})` : ''}${note ? `: ${note}` : ''}`);
      return;
    }
    const kind = aliasKind(quality);
    if (!kind) this.ctx.meta.warnings.push(`${FILE} line ${alias.line}: alias quality "${quality}" is not known; read as a strong alias`);
    const { names, notes } = splitUnName(written);
    const extra = note ? namesInAliasNote(note) : [];
    for (const n of [...names, ...extra]) this.addAliasName(n, kind ?? 'alias', quality);
    for (const n of notes) this.b.remark(`Alias ${written}: ${n}`);
    if (note) this.b.remark(`Alias ${written}: ${note}`);
    this.readAliasBirth(alias, written);
  }

  private addAliasName(n: WrittenName, kind: NameKind, quality: string): void {
    const k = n.originalScript && kind === 'alias' ? 'original_script' : kind;
    this.b.addName(n.full, k, quality ? { quality } : {});
  }

  /** A date or place of birth the UN gives with an alias belongs to the person too. */
  private readAliasBirth(alias: XmlElement, written: string): void {
    const dob = childText(alias, 'DATE_OF_BIRTH');
    const place = [childText(alias, 'CITY_OF_BIRTH'), childText(alias, 'COUNTRY_OF_BIRTH')].filter(Boolean).join(', ');
    if (!dob && !place) return;
    const date = dob ? unDate(dob) : undefined;
    if (date) this.b.add('birthDate', date);
    if (place) this.b.add('birthPlace', place);
    this.b.remark(`Alias ${written}: born${dob ? ` ${dob}` : ''}${place ? ` in ${place}` : ''}`);
    if (dob && !date) this.ctx.meta.warnings.push(`${FILE} line ${alias.line}: alias date of birth "${dob}" is not a date; kept as a remark`);
  }

  private readNationality(text: string): void {
    if (/^n\/?a$/i.test(text)) return; // "na": not available
    const code = unCountry(text);
    if (code) this.b.add('nationality', code);
    else {
      this.b.remark(`Nationality: ${text}`);
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: nationality "${text}" of record ${this.id} is not a known country; kept as a remark`);
    }
  }

  private readGender(text: string): void {
    if (!text) return;
    const g = text.toLowerCase();
    if (g === 'male' || g === 'female') this.b.add('gender', g);
    else this.b.remark(`Gender: ${text}`);
  }

  /**
   * TYPE_OF_DATE EXACT gives a DATE or a YEAR, APPROXIMATELY a year ("~1966"), BETWEEN a
   * FROM_YEAR and TO_YEAR ("1973/1974"). A NOTE either is the date ("Nov. 1973"), adds the
   * month to a YEAR ("Sep."), or qualifies the date; the latter stays a remark.
   */
  private readBirthDate(dob: XmlElement): void {
    this.keepUnknownFields(dob, DOB_FIELDS, 'INDIVIDUAL_DATE_OF_BIRTH ');
    const type = childText(dob, 'TYPE_OF_DATE').toUpperCase();
    const fields = { date: childText(dob, 'DATE'), year: childText(dob, 'YEAR'), from: childText(dob, 'FROM_YEAR'), to: childText(dob, 'TO_YEAR') };
    const note = childText(dob, 'NOTE');
    const { date, noteUsed } = unBirthDate(type, fields, note);
    const verbatim = [type, fields.date, fields.year, fields.from && fields.to ? `${fields.from}-${fields.to}` : fields.from || fields.to, note].filter(Boolean).join(' ');
    if (date) this.b.add('birthDate', date);
    else if (fields.date || fields.year || fields.from || fields.to || note) {
      this.b.remark(`Date of birth: ${verbatim}`);
      if (fields.date || fields.year || fields.from || fields.to) {
        this.ctx.meta.warnings.push(`${FILE} line ${dob.line}: date of birth "${verbatim}" is not a date; kept as a remark`);
      }
      return;
    }
    if (note && !noteUsed) this.b.remark(`Date of birth ${date}: ${note}`);
  }

  private readBirthPlace(pob: XmlElement): void {
    this.keepUnknownFields(pob, POB_FIELDS, 'INDIVIDUAL_PLACE_OF_BIRTH ');
    const place = ['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY'].map((f) => childText(pob, f)).filter(Boolean).join(', ');
    const note = childText(pob, 'NOTE');
    if (place) this.b.add('birthPlace', place);
    if (note) this.b.remark(`Place of birth${place ? ` ${place}` : ''}: ${note}`);
  }

  private readDocument(doc: XmlElement): void {
    this.keepUnknownFields(doc, DOCUMENT_FIELDS, 'INDIVIDUAL_DOCUMENT ');
    const f = Object.fromEntries([...DOCUMENT_FIELDS].map((k) => [k, childText(doc, k)])) as Record<string, string>;
    if (Object.values(f).every((v) => !v)) return;
    const id = unDocument(f);
    if (id) {
      this.b.addIdentifier(id);
      if (f.COUNTRY_OF_ISSUE && f.ISSUING_COUNTRY && unCountry(f.COUNTRY_OF_ISSUE) !== unCountry(f.ISSUING_COUNTRY)) {
        this.b.remark(`Document ${id.value}: issued in ${f.COUNTRY_OF_ISSUE}`);
      }
      return;
    }
    // A document the UN describes without a number ("issued in 1993, under name ...").
    const label = [f.TYPE_OF_DOCUMENT, f.TYPE_OF_DOCUMENT2].filter(Boolean).join(', ');
    const rest = [f.ISSUING_COUNTRY || f.COUNTRY_OF_ISSUE, f.CITY_OF_ISSUE && `issued in ${f.CITY_OF_ISSUE}`, f.DATE_OF_ISSUE && `issued ${f.DATE_OF_ISSUE}`, f.NOTE]
      .filter(Boolean)
      .join('; ');
    this.b.remark(`Document ${label || 'without type'}${rest ? `: ${rest}` : ''}`);
  }

  private readAddress(addr: XmlElement): void {
    this.keepUnknownFields(addr, ADDRESS_FIELDS, `${addr.name} `);
    const street = childText(addr, 'STREET');
    const city = childText(addr, 'CITY');
    const region = childText(addr, 'STATE_PROVINCE');
    const postalCode = childText(addr, 'ZIP_CODE');
    const written = childText(addr, 'COUNTRY');
    const note = childText(addr, 'NOTE');
    const full = [street, city, region, postalCode, written].filter(Boolean).join(', ');
    if (!full && note) {
      // The whole address written as a note ("Office Dha’rbi-M’unin, ..., Peshawar, Pakistan").
      this.b.addAddress({ full: note, country: unCountry(note.split(',').pop()!.replace(/[.;]+$/, '').trim()) });
      return;
    }
    const address: Address = { full, street, city, region, postalCode, country: unCountry(written) };
    if (full) this.b.addAddress(address);
    if (note) this.b.remark(`Address ${full}: ${note}`);
  }

  /** The UN's reference number links the same target on other lists (UK, OFAC, Canada). */
  private readReference(): void {
    const ref = childText(this.record, 'REFERENCE_NUMBER');
    if (!ref) {
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: record ${this.id} has no REFERENCE_NUMBER`);
      return;
    }
    this.b.addIdentifier({ type: 'un_ref', value: ref, label: 'UN reference number' });
  }

  /**
   * Comments on DPRK shipping companies state their IMO company number ("IMO number:
   * 5571322"). The IMO numbers owners and managers as well as ships; a company's number is a
   * registration number, not a ship's IMO number.
   */
  private readImoCompanyNumber(comments: string): void {
    for (const m of comments.matchAll(/\bIMO(?: number)?:?\s*(\d{7})\b/gi)) {
      this.b.addIdentifier({ type: 'registration', value: m[1], label: 'IMO company number' });
    }
  }

  private listing() {
    const listType = childText(this.record, 'UN_LIST_TYPE');
    const regime = UN_REGIMES[listType];
    if (!regime) {
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: UN list type "${listType}" of record ${this.id} is not known; listed with the usual UN measures`);
    }
    const listedOn = this.listDate(childText(this.record, 'LISTED_ON'), 'listed on');
    const updates = values(this.child('LAST_DAY_UPDATED'))
      .map((v) => this.listDate(v, 'last updated'))
      .filter((d): d is string => !!d)
      .sort();
    return makeListing({
      source: 'un_sc',
      list: 'UN',
      programs: listType ? [listType] : [],
      legalBasis: regime ? [regime.resolutions] : [],
      listedOn,
      dates: updates.length ? { updated: updates[updates.length - 1] } : undefined,
      citation: regime ? `${regime.name} sanctions: ${regime.committee}` : undefined,
      measures: regime ? this.measures(regime) : undefined,
    });
  }

  private measures(regime: UnRegime): Measure[] {
    const defs = LISTS['un_sc:UN'].measures;
    const out: Measure[] = [];
    for (const type of regime.measures) {
      if (type === 'travel_ban' && !this.individual) continue;
      const def = defs.find((m) => m.type === type);
      if (!def) throw new Error(`src/measures/lists.ts has no ${type} measure for un_sc:UN`);
      const details = regime.details?.[type];
      out.push(details ? { ...def, details } : { ...def });
    }
    if (!out.length) this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: the ${regime.name} regime imposes no measure on an entity (record ${this.id})`);
    return out;
  }

  private listDate(text: string, what: string): string | undefined {
    if (!text) return undefined;
    const d = unDate(text);
    if (!d) {
      this.b.remark(`${what[0].toUpperCase()}${what.slice(1)}: ${text}`);
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: ${what} "${text}" of record ${this.id} is not a date; kept as a remark`);
    }
    return d;
  }

  private keepUnknownFields(el: XmlElement, known: Set<string>, prefix: string): void {
    for (const c of el.children) {
      if (known.has(c.name)) continue;
      const text = flatten(c);
      if (text) this.b.remark(`${prefix}${c.name}: ${text}`);
      this.ctx.meta.warnings.push(`${FILE} line ${c.line}: element <${c.name}> in <${el.name}> is not known to the parser; kept as a remark`);
    }
  }

  private error(message: string): SourceError {
    return new SourceError(message, { file: FILE, line: this.record.line, record: this.id });
  }
}

function flatten(el: XmlElement): string {
  return cleanText([el.text, ...el.children.map(flatten)].join(' '));
}

/** Where GENDER is empty the comments often start "Gender: male." or "Gender [Male]." */
function genderInComments(comments: string): string {
  return /^Gender\s*[:[]\s*(male|female)\b/i.exec(comments)?.[1] ?? '';
}

function aliasKind(quality: string): NameKind | undefined {
  switch (quality.toLowerCase()) {
    case 'good':
    case 'a.k.a.':
    case '':
      return 'alias';
    case 'low':
      return 'weak_alias';
    case 'f.k.a.':
      return 'former';
    default:
      return undefined;
  }
}

/**
 * Name parts where the order is certain. DPRK names are written family name first (KIM /
 * SONG CHOL). On the lists of the western-order regimes a two-element name is given name and
 * family name (ERIC / BADEGE). Elsewhere the second to fourth names are father's and
 * grandfather's names or tribal names rather than a family name, so only the given name is
 * certain.
 */
const WESTERN_ORDER = new Set(['DRC', 'CAR', 'GB', 'Haiti', 'Iran']);

export function unNameParts(elements: string[], listType: string): NameParts | undefined {
  if (elements.length < 2) return undefined;
  if (listType === 'DPRK') return { family: elements[0], given: elements.slice(1).join(' ') };
  if (WESTERN_ORDER.has(listType) && elements.length === 2) return { given: elements[0], family: elements[1] };
  return { given: elements[0] };
}

/** Country names the UN writes that countryCode does not know. */
const UN_COUNTRIES: Record<string, string> = {
  'former soviet union': 'suhh',
  'united kingdom of great britain and northern ireland': 'gb',
};

export function unCountry(text: string): string | undefined {
  if (!text) return undefined;
  return UN_COUNTRIES[text.toLowerCase()] ?? countryCode(text);
}

/**
 * A date as the UN's XML writes it: xs:date, sometimes with the time zone of the machine
 * that wrote it ("2015-07-01-04:00"), which does not change the day.
 */
export function unDate(text: string): string | undefined {
  return parseDate(text.trim().replace(/^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$/, '$1'));
}

const MONTH_ONLY = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$/i;

export function unBirthDate(
  type: string,
  f: { date: string; year: string; from: string; to: string },
  note: string,
): { date?: string; noteUsed: boolean } {
  if (type === 'BETWEEN' || (f.from && f.to)) {
    const a = unDate(f.from);
    const b = unDate(f.to);
    return { date: a && b ? `${a}/${b}` : undefined, noteUsed: false };
  }
  if (f.date) {
    const d = unDate(f.date);
    if (d && type === 'APPROXIMATELY') return { date: `~${d.slice(0, 4)}`, noteUsed: false };
    return { date: d, noteUsed: false };
  }
  if (f.year) {
    if (note && MONTH_ONLY.test(note) && type !== 'APPROXIMATELY') {
      const withMonth = parseDate(`${note.replace(/\.$/, '')} ${f.year}`);
      if (withMonth) return { date: withMonth, noteUsed: true };
    }
    const y = parseDate(f.year);
    return { date: y && /^\d{4}$/.test(y) && type === 'APPROXIMATELY' ? `~${y}` : y, noteUsed: false };
  }
  if (note) {
    const d = parseDate(note) ?? monthRange(note);
    if (d) return { date: type === 'APPROXIMATELY' && /^\d{4}$/.test(d) ? `~${d}` : d, noteUsed: true };
  }
  return { noteUsed: false };
}

/** "Between Aug. and Sep. 1977" -> "1977-08/1977-09". */
function monthRange(text: string): string | undefined {
  const m = /^between\s+([a-z]+)\.?\s+and\s+([a-z]+)\.?\s+(\d{4})$/i.exec(text.trim());
  if (!m) return undefined;
  const a = parseDate(`${m[1]} ${m[3]}`);
  const b = parseDate(`${m[2]} ${m[3]}`);
  return a && b ? `${a}/${b}` : undefined;
}

/**
 * The document's type comes from TYPE_OF_DOCUMENT (Passport, National Identification
 * Number, or its French and Spanish wording); TYPE_OF_DOCUMENT2 refines it (a birth
 * certificate or ration card is not an identity number). NUMBER sometimes carries words
 * ("Congo service passport number SA0020249", "Jordan 654781", "Social Security Number
 * 423-31-3021 (US)"): the words go to the label and a country named there to `country`.
 */
export function unDocument(f: Record<string, string>): Identifier | undefined {
  let refinement = f.TYPE_OF_DOCUMENT2;
  let written: WrittenNumber | undefined;
  if (f.NUMBER) written = readDocumentNumber(f.NUMBER);
  else if (refinement) {
    // "Afghan national identification card (tazkira) number 545167" in TYPE_OF_DOCUMENT2.
    written = splitWordedNumber(refinement);
    if (written) refinement = '';
  }
  // "Libyan passport number 347834, issued under name ..." with the whole description in NOTE.
  if (!written && f.NOTE) written = numberInNote(f.NOTE);
  if (!written) return undefined;
  const label = [...new Set([f.TYPE_OF_DOCUMENT, refinement, written.words].filter(Boolean).map((l) => l!.replace(/[\s:]+$/, '')))].join(', ');
  const countryText = f.ISSUING_COUNTRY || f.COUNTRY_OF_ISSUE;
  const noteParts = [written.note, f.DATE_OF_ISSUE && `issued ${f.DATE_OF_ISSUE}`, f.CITY_OF_ISSUE && `issued in ${f.CITY_OF_ISSUE}`, f.NOTE].filter(Boolean);
  const country = unCountry(countryText) ?? written.country;
  if (countryText && !unCountry(countryText)) noteParts.unshift(`issuing country ${countryText}`);
  return {
    type: documentType(f.TYPE_OF_DOCUMENT, [refinement, written.words].filter(Boolean).join(' ')),
    value: written.number,
    country,
    label,
    note: noteParts.join('; ') || undefined,
  };
}

interface WrittenNumber {
  number: string;
  words?: string;
  country?: string;
  note?: string;
}

function readDocumentNumber(text: string): WrittenNumber {
  let rest = text;
  let country: string | undefined;
  let note: string | undefined;
  const trailing = /\s*\(([^()]+)\)$/.exec(rest);
  if (trailing && trailing.index > 0) {
    // "423-31-3021 (US)" names the country; "381110042 (Expired 25 Jan. 2016)" is a note.
    if (unCountry(trailing[1])) country = unCountry(trailing[1]);
    else note = trailing[1];
    rest = rest.slice(0, trailing.index);
  }
  const afterComma = /,\s*([^,]+)$/.exec(rest);
  if (afterComma && unCountry(afterComma[1])) {
    country ??= unCountry(afterComma[1]);
    rest = rest.slice(0, afterComma.index);
  }
  const found = countryAndNumber(rest) ?? wordedNumber(rest) ?? { number: rest.trim() };
  return { ...found, country: country ?? found.country, note };
}

function wordedNumber(text: string): WrittenNumber | undefined {
  if (!/\p{Ll}{2}|:/u.test(text)) return undefined;
  const split = splitWordedNumber(text);
  if (split) return split;
  // "Diplomatic Passport D014433", "German travel document (“Reiseausweis”) A 0139243".
  const m = /^(.*\p{Ll}.*?)\s+([A-Z]{0,3}\s?\d[\dA-Z/ -]*)$/u.exec(text);
  return m && (m[2].match(/\d/g) ?? []).length >= 4 ? { words: m[1], number: m[2].trim() } : undefined;
}

/**
 * The first thing in a note that looks like a document number: at least five digits, maybe
 * after a short letter prefix ("L 191609", "DE- 473900"), or an Italian fiscal code.
 */
function numberInNote(note: string): WrittenNumber | undefined {
  const re = /(?:^|[\s:])((?:[A-Z]{1,3}-? ?)?\d[\d-]{3,}\d[A-Z]?|[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])(?=$|[\s,.;)])/g;
  for (const m of note.matchAll(re)) {
    // A prefix that is the document's abbreviation ("SSN 156-92-9858") is not part of it.
    const number = m[1].replace(/^(?:SSN|NIF|ID|NO)\s+/, '');
    if ((number.match(/\d/g) ?? []).length >= 5 || /^[A-Z]{6}\d/.test(number)) return { number };
  }
  return undefined;
}

/** "Jordan 654781", "Libya B/002210". */
function countryAndNumber(text: string): WrittenNumber | undefined {
  const m = /^([A-Za-z][A-Za-z .'-]{3,}?)\s+([A-Z]{0,3}[\s/]?\d[\dA-Z/ -]*)$/.exec(text);
  if (!m || !unCountry(m[1])) return undefined;
  return { number: m[2].trim(), country: unCountry(m[1]), words: m[1] };
}

/** "Provisional passport No.: 28642163", "Diplomatic Passport: Z30321794". */
function splitWordedNumber(text: string): WrittenNumber | undefined {
  const m = /^(.*?[\p{L}.)])\s*(?:(?:number|no\.?)\s*:?|:)\s*([A-Z0-9][A-Z0-9 .\-/]*[A-Z0-9])$/iu.exec(text);
  if (!m || !/\d/.test(m[2])) return undefined;
  return { words: m[1], number: m[2] };
}

function documentType(type: string, refinement: string): IdentifierType {
  const r = refinement.toLowerCase();
  if (/birth certificate|ration card|driver|voter|student|other id|certificate of .*nationality/.test(r)) return 'other';
  if (/fiscal code|tax/.test(r)) return 'tax_id';
  const t = type.toLowerCase();
  if (/passport|passeport|pasaporte/.test(t)) return 'passport';
  if (/identification|identity|social security/.test(t)) return 'national_id';
  return 'other';
}
