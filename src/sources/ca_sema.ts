import type { Entity, NameKind, NameParts } from '../model/entity.js';
import { EntityBuilder } from '../model/builder.js';
import { parseDate } from '../model/dates.js';
import { makeListing } from '../measures/lists.js';
import { readText } from './files.js';
import { SourceError, type ParseContext, type Source } from './types.js';
import { businessLegalForm } from './us/legal_forms.js';
import { CA_REGIMES, type CaRegime } from './ca/regimes.js';
import { similarity, splitAliases, splitAlsoKnownAs, splitSlashes, wordCount, type AliasName } from './ca/names.js';
import { isLatin, trimStrayPunctuation } from './un/names.js';
import { childText, cleanText, readXmlRecords, type XmlElement } from './un/xml.js';

const FILE = 'sema-lmes.xml';

export const source: Source = {
  id: 'ca_sema',
  title: 'Consolidated Canadian Autonomous Sanctions List',
  publisher: 'Global Affairs Canada',
  homepage: 'https://www.international.gc.ca/world-monde/international_relations-relations_internationales/sanctions/consolidated-consolide.aspx',
  formats: [
    {
      id: 'xml',
      label: 'Consolidated Canadian Autonomous Sanctions List (XML)',
      files: [
        {
          name: FILE,
          url: 'https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml',
        },
      ],
    },
  ],
  parse,
};

const FIELDS = new Set([
  'Country', 'LastName', 'GivenName', 'EntityOrShip', 'TitleOrShip', 'ShipIMONumber', 'DateOfBirthOrShipBuildDate',
  'Aliases', 'Schedule', 'Item', 'DateOfListing',
]);

/**
 * The list states no publication date (the latest DateOfListing is not one: delistings and
 * amendments do not show in it), so `publishedAt` stays unset.
 */
async function* parse(ctx: ParseContext): AsyncIterable<Entity> {
  const text = await readText(ctx.dir, FILE);
  const { records } = readXmlRecords(text, FILE, {
    root: 'data-set',
    publication: "Canada's consolidated autonomous sanctions list (SEMA)",
    recordPaths: [['record']],
  });
  ctx.meta.records = records.length;
  if (!records.length) throw new SourceError('the list holds no <record>', { file: FILE });
  const seen = new Map<string, number>();
  for (const record of records) {
    const fields = recordFields(record);
    const id = canadianRecordId(fields, record.line);
    const first = seen.get(id);
    if (first !== undefined) throw new SourceError(`record ${id} (regime, schedule and item) repeats the record on line ${first}`, { file: FILE, line: record.line, record: id });
    seen.set(id, record.line);
    yield new CaRecordReader(record, fields, id, ctx).read();
  }
}

function recordFields(record: XmlElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const c of record.children) {
    // Aliases keep their line breaks until the splitter has seen them.
    const value = c.name === 'Aliases' ? c.text : cleanText(c.text);
    if (value.trim()) fields[c.name] = value;
  }
  return fields;
}

/**
 * The list gives no record id. A record is an item of a schedule of one regime's regulations
 * ("Russia, Schedule 1, Part 1, item 12"), and items are not renumbered when others are
 * repealed, so regime + schedule + item is unique and stable across publications:
 * "russia-1-part-1-12", "venezuela-6" (no schedule written), "jvcfor-3".
 */
export function canadianRecordId(fields: Record<string, string>, line?: number): string {
  const regime = regimeName(fields.Country ?? '');
  const item = fields.Item ?? '';
  if (!regime) throw new SourceError('a record without Country', { file: FILE, line });
  if (!item) throw new SourceError('a record without Item', { file: FILE, line });
  return [regimeSlug(regime), slug(fields.Schedule ?? ''), slug(item)].filter(Boolean).join('-');
}

/** The English half of "Belarus / Bélarus". */
export function regimeName(country: string): string {
  return cleanText(country.split(' / ')[0]);
}

function regimeSlug(regime: string): string {
  // "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)" -> "jvcfor".
  const acronym = /\(([A-Z]{3,})\)$/.exec(regime);
  return acronym ? acronym[1].toLowerCase() : slug(regime);
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

class CaRecordReader {
  private readonly b: EntityBuilder;
  private readonly regime: string;

  constructor(
    private readonly record: XmlElement,
    private readonly f: Record<string, string>,
    private readonly id: string,
    private readonly ctx: ParseContext,
  ) {
    this.regime = regimeName(f.Country);
    this.b = new EntityBuilder('ca_sema', id, 'Organization');
  }

  read(): Entity {
    for (const c of this.record.children) {
      if (FIELDS.has(c.name)) continue;
      this.b.remark(`${c.name}: ${cleanText(c.text)}`);
      this.ctx.meta.warnings.push(`${FILE} line ${c.line}: element <${c.name}> is not known to the parser; kept as a remark`);
    }
    if (this.f.LastName || this.f.GivenName) this.readPerson();
    else if (this.f.EntityOrShip && (this.f.ShipIMONumber || this.f.TitleOrShip)) this.readShip();
    else if (this.f.EntityOrShip) this.readOrganisation();
    else throw new SourceError('a record with neither LastName, GivenName nor EntityOrShip', { file: FILE, line: this.record.line, record: this.id });
    this.b.addListing(this.listing());
    return this.b.build();
  }

  private readPerson(): void {
    this.b.setSchema('Person');
    const given = trimStrayPunctuation(this.f.GivenName ?? '');
    const { family, variant } = familyName(this.f.LastName ?? '');
    this.b.addName([given, family].filter(Boolean).join(' '), 'primary', { parts: personParts(given, family) });
    if (variant) this.b.addName([given, variant].filter(Boolean).join(' '), 'alias');
    if (this.f.EntityOrShip) this.b.remark(`Entity or ship: ${this.f.EntityOrShip}`);
    if (this.f.TitleOrShip) this.b.add('title', this.f.TitleOrShip);
    this.readAliases('Person');
    this.readDate('birthDate', 'Date of birth');
    if (this.f.ShipIMONumber) this.b.remark(`Ship IMO number: ${this.f.ShipIMONumber}`);
  }

  private readShip(): void {
    this.b.setSchema('Vessel');
    this.b.addName(trimStrayPunctuation(this.f.EntityOrShip), 'primary');
    if (this.f.TitleOrShip) this.b.add('vesselType', this.f.TitleOrShip);
    const imo = this.f.ShipIMONumber;
    if (imo) {
      this.b.addIdentifier({ type: 'imo', value: imo, label: 'Ship IMO Number' });
      if (!/^\d{7}$/.test(imo)) this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: IMO number "${imo}" is not seven digits`);
    }
    this.readAliases('Vessel');
    this.readDate('buildDate', 'Build date');
  }

  /**
   * The name field may carry bilingual names ("Iranian Army/Armée iranienne") and an
   * "(also known as ...)" list; the first name is the primary one.
   */
  private readOrganisation(): void {
    const { name, aliases } = splitAlsoKnownAs(this.f.EntityOrShip);
    // Commas belong to these names ("Nuclear, Chemical and Biological Defence Troops"); only
    // a slash separates two of them.
    const [primary, ...others] = splitSlashes(name).map(trimStrayPunctuation).filter(Boolean);
    this.b.addName(primary ?? name, 'primary');
    for (const o of [...others, ...aliases]) this.b.addName(o, isLatin(o) ? 'alias' : 'original_script');
    if (others.length || aliases.length) this.b.remark(`Name as published: ${this.f.EntityOrShip}`);
    this.readAliases('Organization');
    if (this.b.entity.names.some((n) => businessLegalForm(n.full))) this.b.setSchema('Company');
    if (this.f.DateOfBirthOrShipBuildDate) this.b.remark(`Date: ${this.f.DateOfBirthOrShipBuildDate}`);
  }

  /**
   * Names in another script are the original-script spellings. A one-word alias of a person
   * is a given name or nickname on its own ("Alexei, Aleksei"; "Batya, Kazak"): too weak to
   * identify anyone, so a weak alias.
   */
  private readAliases(schema: 'Person' | 'Vessel' | 'Organization'): void {
    const written = this.f.Aliases;
    if (!written) return;
    const names = splitAliases(written);
    for (const n of names) this.addAlias(n, schema);
    if (schema === 'Person') for (const n of names) this.addNameVariant(n);
    if (names.length !== 1 || names[0].full !== cleanText(written)) this.b.remark(`Aliases as published: ${cleanText(written)}`);
  }

  private addAlias(n: AliasName, schema: string): void {
    const kind: NameKind = !isLatin(n.full) ? 'original_script' : schema === 'Person' && wordCount(n.full) === 1 ? 'weak_alias' : 'alias';
    this.b.addName(n.full, kind, n.lang ? { lang: n.lang } : {});
    const bare = n.full.replace(/\s*\([^()]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
    // "Dzmitry (Zmitser) Karsiuk", "ZAO Interavtomatika (IA)": the name is also written without the aside.
    if (bare && bare !== n.full && wordCount(bare) > 1) this.b.addName(bare, kind, n.lang ? { lang: n.lang } : {});
  }

  /**
   * A one-word alias of a person that is a spelling of one of the words of the name
   * ("VYSOTSKIY" for VYSOTSKY, "Andrei" for Andrey) gives the whole name in that spelling.
   * Nicknames ("Batya", "Motorola") resemble no word of the name and stay weak aliases.
   */
  private addNameVariant(n: AliasName): void {
    if (wordCount(n.full) !== 1 || !isLatin(n.full)) return;
    const primary = this.b.entity.names.find((x) => x.kind === 'primary');
    if (!primary) return;
    const words = primary.full.split(' ');
    let best = -1;
    let bestScore = 0.5;
    words.forEach((w, k) => {
      const score = similarity(n.full, w);
      if (score >= bestScore && w.toLowerCase() !== n.full.toLowerCase()) [best, bestScore] = [k, score];
    });
    if (best < 0) return;
    this.b.addName(words.map((w, k) => (k === best ? n.full : w)).join(' '), 'alias');
  }

  /**
   * DateOfBirthOrShipBuildDate: "1965-04-29", "1972", "1963-1964" (a range), "1963 or
   * 1964" (either). Anything else ("born in the early 1970s", "Sep-99") is kept verbatim.
   */
  private readDate(prop: 'birthDate' | 'buildDate', label: string): void {
    const written = this.f.DateOfBirthOrShipBuildDate;
    if (!written) return;
    const dates = canadianDates(written);
    if (dates) for (const d of dates) this.b.add(prop, d);
    else {
      this.b.remark(`${label}: ${written}`);
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: ${label.toLowerCase()} "${written}" is not a date; kept as a remark`);
    }
  }

  private listing() {
    const regime: CaRegime | undefined = CA_REGIMES[this.regime];
    if (!regime) this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: regime "${this.regime}" is not known; listed under the Special Economic Measures Act`);
    const schedule = this.f.Schedule ?? '';
    const listedOn = this.f.DateOfListing ? parseDate(this.f.DateOfListing) : undefined;
    if (this.f.DateOfListing && !listedOn) {
      this.b.remark(`Date of listing: ${this.f.DateOfListing}`);
      this.ctx.meta.warnings.push(`${FILE} line ${this.record.line}: date of listing "${this.f.DateOfListing}" is not a date; kept as a remark`);
    }
    const regulations = regime?.regulations;
    return makeListing({
      source: 'ca_sema',
      list: regime?.list ?? 'SEMA',
      programs: [regime?.program ?? this.regime],
      legalBasis: regime ? [regime.act, regime.regulations] : undefined,
      listedOn,
      citation: [regulations, scheduleCitation(schedule), `item ${this.f.Item}`].filter(Boolean).join(', '),
      measures: regime?.scheduleMeasures?.[schedule.replace(/\s+/g, '')],
    });
  }
}

/** "1, Part 1" -> "Schedule 1, Part 1"; "Part 2" -> "Schedule, Part 2"; "" -> "Schedule". */
export function scheduleCitation(schedule: string): string {
  const s = schedule.replace(/,\s*/g, ', ').trim();
  if (!s) return 'Schedule';
  return /^\d/.test(s) ? `Schedule ${s}` : `Schedule, ${s}`;
}

/** "Adanov (Adnuf)": the family name and the spelling the publisher gives beside it. */
function familyName(lastName: string): { family: string; variant?: string } {
  const t = trimStrayPunctuation(lastName);
  const m = /^(.*?)\s*\(([^()]+)\)$/.exec(t);
  return m ? { family: m[1], variant: m[2] } : { family: t };
}

/** Given names ending in a patronymic ("Aleksandr Grigoryevich") split it off. */
function personParts(given: string, family: string): NameParts | undefined {
  if (!given && !family) return undefined;
  const words = given.split(' ').filter(Boolean);
  if (words.length >= 2 && /(?:ovich|evich|yevich|ovna|evna|yevna|ichna)$/i.test(words[words.length - 1])) {
    return { given: words.slice(0, -1).join(' '), patronymic: words[words.length - 1], family: family || undefined };
  }
  return { given: given || undefined, family: family || undefined };
}

export function canadianDates(written: string): string[] | undefined {
  const t = cleanText(written);
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(t);
  if (range) return [`${range[1]}/${range[2]}`];
  const alternatives = t.split(/\s+or\s+/i);
  const dates = alternatives.map((a) => parseDate(a));
  return dates.every((d): d is string => !!d) ? dates : undefined;
}
