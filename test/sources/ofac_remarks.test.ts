import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCsvSet, SDN_CSV_FILES, CONS_CSV_FILES, splitPrograms } from '../../src/sources/ofac/csv.js';
import type { Fact } from '../../src/sources/ofac/remarks.js';
import { parseFact, splitRemarks } from '../../src/sources/ofac/remarks.js';
import { isKnownOfacProgram, ofacLegalBasis } from '../../src/measures/ofac_programs.js';
import { source as sdn } from '../../src/sources/us_ofac_sdn.js';
import type { ParseContext } from '../../src/sources/types.js';
import { LISTS_DIR, VERSIONS_DIR } from '../helpers.js';

const person = { type: 'individual' as const };
const entity = { type: 'entity' as const };
const vessel = { type: 'vessel' as const };
const aircraft = { type: 'aircraft' as const };

describe('splitRemarks', () => {
  it('splits on "; ", drops "alt. " and the closing full stop', () => {
    // sdn.csv ent 2679
    expect(splitRemarks('DOB 1938; alt. DOB 1936; POB Najf Al Ashraf (Najaf), Iraq.')).toEqual([
      'DOB 1938',
      'DOB 1936',
      'POB Najf Al Ashraf (Najaf), Iraq',
    ]);
  });

  it('splits where OFAC forgot the space after the semicolon', () => {
    expect(splitRemarks('nationality possibly Palestinian;arrested 23 Apr 2002.')).toEqual(['nationality possibly Palestinian', 'arrested 23 Apr 2002']);
  });

  it("drops a fact's own closing full stop too: the XML's values sometimes lack it", () => {
    // CSV: "...Executive Order 14024.; Organization ..."; XML idNumber: "See Section 11 of Executive Order 14024."
    expect(splitRemarks('alt. Secondary sanctions risk: See Section 11 of Executive Order 14024.; Target Type Financial Institution.')).toEqual([
      'Secondary sanctions risk: See Section 11 of Executive Order 14024',
      'Target Type Financial Institution',
    ]);
  });
});

/** Facts copied from the real sdn.csv / cons_prim.csv, and what they must say. */
const CASES: Array<[string, { type: 'individual' | 'entity' | 'vessel' | 'aircraft'; title?: string }, Fact]> = [
  ['DOB 10 Dec 1948', person, { kind: 'property', prop: 'birthDate', value: '1948-12-10' }],
  ['DOB Dec 1961', person, { kind: 'property', prop: 'birthDate', value: '1961-12' }],
  ['DOB 1962', person, { kind: 'property', prop: 'birthDate', value: '1962' }],
  ['DOB circa 1951', person, { kind: 'property', prop: 'birthDate', value: '~1951' }],
  ['DOB 1951 to 1953', person, { kind: 'property', prop: 'birthDate', value: '1951/1953' }],
  ['DOB 01 Jan 1961 to 31 Dec 1962', person, { kind: 'property', prop: 'birthDate', value: '1961-01-01/1962-12-31' }],
  ['POB Aksu, Xinjiang, China', person, { kind: 'property', prop: 'birthPlace', value: 'Aksu, Xinjiang, China' }],
  ['nationality Korea, North', person, { kind: 'property', prop: 'nationality', value: 'kp' }],
  ['nationality North Macedonia, The Republic of', person, { kind: 'property', prop: 'nationality', value: 'mk' }],
  ['citizen Egypt', person, { kind: 'property', prop: 'citizenship', value: 'eg' }],
  ['Gender Female', person, { kind: 'property', prop: 'gender', value: 'female' }],
  [
    'Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992',
    person,
    { kind: 'identifier', id: { type: 'passport', value: 'E590976', label: 'Passport', country: 'tn', note: 'issued 19 Jun 1987 expires 18 Jun 1992' } },
  ],
  ['National ID No. 216040 (Yemen)', person, { kind: 'identifier', id: { type: 'national_id', value: '216040', label: 'National ID No.', country: 'ye' } }],
  ['Cedula No. 6068015 (Colombia)', person, { kind: 'identifier', id: { type: 'national_id', value: '6068015', label: 'Cedula No.', country: 'co' } }],
  ['Tax ID No. 7744001497 (Russia)', entity, { kind: 'identifier', id: { type: 'tax_id', value: '7744001497', label: 'Tax ID No.', country: 'ru' } }],
  ['Registration Number 26740 (Iran)', entity, { kind: 'identifier', id: { type: 'registration', value: '26740', label: 'Registration Number', country: 'ir' } }],
  [
    'Registration Number HRA 738077 (Stuttgart) (Germany)',
    entity,
    { kind: 'identifier', id: { type: 'registration', value: 'HRA 738077', label: 'Registration Number', country: 'de', note: 'Stuttgart' } },
  ],
  [
    'Unified Social Credit Code (USCC) 91330000733796106P (China)',
    entity,
    { kind: 'identifier', id: { type: 'registration', value: '91330000733796106P', label: 'Unified Social Credit Code (USCC)', country: 'cn' } },
  ],
  ['C.R. No. 2162198 (Hong Kong)', entity, { kind: 'identifier', id: { type: 'registration', value: '2162198', label: 'C.R. No.', country: 'hk' } }],
  ['SWIFT/BIC GAZPRUMM', entity, { kind: 'identifier', id: { type: 'bic', value: 'GAZPRUMM', label: 'SWIFT/BIC' } }],
  ['Legal Entity Number 253400WSS48YWMBUA688', entity, { kind: 'identifier', id: { type: 'lei', value: '253400WSS48YWMBUA688', label: 'Legal Entity Number' } }],
  [
    'Moroccan Personal ID No. E 427689 (Morocco) issued 20 Mar 2001',
    person,
    { kind: 'identifier', id: { type: 'other', value: 'E 427689', label: 'Moroccan Personal ID No.', country: 'ma', note: 'issued 20 Mar 2001' } },
  ],
  ['Vessel Registration Identification IMO 7406784', vessel, { kind: 'identifier', id: { type: 'imo', value: '7406784', label: 'Vessel Registration Identification' } }],
  ['Identification Number IMO 9339301', vessel, { kind: 'identifier', id: { type: 'imo', value: '9339301', label: 'Identification Number IMO' } }],
  // The IMO also numbers ship owners: on a company it is not a ship's number.
  ['Company Number IMO 5055293', entity, { kind: 'identifier', id: { type: 'registration', value: '5055293', label: 'Company Number IMO' } }],
  ['MMSI 572469210', vessel, { kind: 'identifier', id: { type: 'mmsi', value: '572469210', label: 'MMSI' } }],
  ['Other Vessel Call Sign 5IM713', vessel, { kind: 'identifier', id: { type: 'call_sign', value: '5IM713', label: 'Call Sign' } }],
  ['Other Vessel Type Roll-on Roll-off', vessel, { kind: 'property', prop: 'vesselType', value: 'Roll-on Roll-off' }],
  ['Other Vessel Flag Tanzania', vessel, { kind: 'property', prop: 'flag', value: 'tz' }],
  ['Vessel Year of Build 1999', vessel, { kind: 'property', prop: 'buildDate', value: '1999' }],
  ['Aircraft Model IL76-TD', aircraft, { kind: 'property', prop: 'aircraftModel', value: 'IL76-TD' }],
  ['Aircraft Manufacture Date 1992', aircraft, { kind: 'property', prop: 'manufactureDate', value: '1992' }],
  ['Aircraft Operator YAS AIR', aircraft, { kind: 'property', prop: 'operator', value: 'YAS AIR' }],
  [
    "Aircraft Manufacturer's Serial Number (MSN) 1023409321",
    aircraft,
    { kind: 'identifier', id: { type: 'aircraft_serial', value: '1023409321', label: "Aircraft Manufacturer's Serial Number (MSN)" } },
  ],
  ['Aircraft Tail Number EP-MMH', aircraft, { kind: 'identifier', id: { type: 'aircraft_tail', value: 'EP-MMH', label: 'Aircraft Tail Number' } }],
  ['Previous Aircraft Tail Number YI-NAE', aircraft, { kind: 'identifier', id: { type: 'aircraft_tail', value: 'YI-NAE', label: 'Previous Aircraft Tail Number', note: 'previous' } }],
  ['Email Address mycryptodeals@yandex.ru', person, { kind: 'property', prop: 'email', value: 'mycryptodeals@yandex.ru' }],
  ['Website www.gazprombank.ru', entity, { kind: 'property', prop: 'website', value: 'www.gazprombank.ru' }],
  ['Phone Number 982188526300', entity, { kind: 'property', prop: 'phone', value: '982188526300' }],
  ["a.k.a. 'BNC'", entity, { kind: 'alias', alias: { full: 'BNC', type: 'a.k.a.', category: 'weak' } }],
  ["a.k.a. 'LLC 'DSD''", entity, { kind: 'alias', alias: { full: "LLC 'DSD'", type: 'a.k.a.', category: 'weak' } }],
  ["f.k.a. 'SAND SWAN'", vessel, { kind: 'alias', alias: { full: 'SAND SWAN', type: 'f.k.a.', category: 'weak' } }],
  ["n.k.a. 'LGOK'", entity, { kind: 'alias', alias: { full: 'LGOK', type: 'n.k.a.', category: 'weak' } }],
  ['Linked To: XINJIANG PUBLIC SECURITY BUREAU', person, { kind: 'link', targetName: 'XINJIANG PUBLIC SECURITY BUREAU' }],
  // The legacy XML's free remarks write the link in brackets; names may end in brackets too.
  ['(Linked To: HAMAS)', person, { kind: 'link', targetName: 'HAMAS' }],
  ['Linked To: VIC DEL INC. (OFF SHORE)', entity, { kind: 'link', targetName: 'VIC DEL INC. (OFF SHORE)' }],
  ['Target Type Financial Institution', entity, { kind: 'property', prop: 'targetType', value: 'Financial Institution' }],
  ['Organization Established Date 31 Jul 1990', entity, { kind: 'property', prop: 'incorporationDate', value: '1990-07-31' }],
  ['Organization Type: Activities of holding companies', entity, { kind: 'property', prop: 'sector', value: 'Activities of holding companies' }],
  ['Nationality of Registration Korea, North', entity, { kind: 'property', prop: 'jurisdiction', value: 'kp' }],
  [
    'Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886',
    person,
    { kind: 'property', prop: 'secondarySanctions', value: 'section 1(b) of Executive Order 13224, as amended by Executive Order 13886' },
  ],
  [
    'Additional Sanctions Information - Subject to Secondary Sanctions Pursuant to the Hizballah Financial Sanctions Regulations',
    entity,
    { kind: 'property', prop: 'secondarySanctions', value: 'Subject to Secondary Sanctions Pursuant to the Hizballah Financial Sanctions Regulations' },
  ],
  [
    'Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h',
    person,
    { kind: 'identifier', id: { type: 'crypto_wallet', value: '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h', label: 'Digital Currency Address - XBT' } },
  ],
  [
    'Digital Currency Address - XBT194xmrZA53UBsZau2PnJLdmVVW9m5feeS',
    person,
    { kind: 'identifier', id: { type: 'crypto_wallet', value: '194xmrZA53UBsZau2PnJLdmVVW9m5feeS', label: 'Digital Currency Address - XBT' } },
  ],
  ['Equity Ticker 002415 CN', entity, { kind: 'property', prop: 'ticker', value: '002415 CN' }],
  ['Issuer Name Hangzhou Hikvision Digital Technology', entity, { kind: 'property', prop: 'issuerName', value: 'Hangzhou Hikvision Digital Technology' }],
  ['ISIN CNE100000PM8', entity, { kind: 'identifier', id: { type: 'isin', value: 'CNE100000PM8', label: 'ISIN' } }],
  ['Listing Date (CMIC) 10 Dec 2021', entity, { kind: 'listingDate', key: 'listed (CMIC)', value: '2021-12-10' }],
  ['Effective Date (CMIC) 08 Feb 2022', entity, { kind: 'listingDate', key: 'effective (CMIC)', value: '2022-02-08' }],
  ['Purchase/Sales For Divestment Date (CMIC) 10 Dec 2022', entity, { kind: 'listingDate', key: 'divestment (CMIC)', value: '2022-12-10' }],
  ['Effective Date (EO 14024 Directive 3): 26 Mar 2022', entity, { kind: 'listingDate', key: 'effective (EO 14024 Directive 3)', value: '2022-03-26' }],
  [
    'Executive Order 13846 information: BAN ON INVESTMENT IN EQUITY OR DEBT OF SANCTIONED PERSON.  Sec. 5(a)(v)',
    entity,
    {
      kind: 'measure',
      executiveOrder: '13846',
      measure: { type: 'debt_equity_restriction', description: 'E.O. 13846: BAN ON INVESTMENT IN EQUITY OR DEBT OF SANCTIONED PERSON.  Sec. 5(a)(v)' },
    },
  ],
  [
    'Executive Order 13662 Directive Determination - Subject to Directive 1',
    entity,
    {
      kind: 'measure',
      executiveOrder: '13662',
      measure: {
        type: 'debt_equity_restriction',
        description: 'US persons may not deal in its new debt of longer than 14 days maturity or its new equity (E.O. 13662 Directive 1, financial services sector)',
        details: 'Subject to Directive 1',
      },
    },
  ],
  ['Position: Director, General Intelligence Directorate', person, { kind: 'property', prop: 'position', value: 'Director, General Intelligence Directorate' }],
  // OFAC's Title column repeats, title by title, in the remarks (sdn.csv ent 9941).
  ['Major General', { ...person, title: "Major General; Director, Syria Ba'ath Party Regional Command National Security Bureau" }, { kind: 'property', prop: 'title', value: 'Major General' }],
  ['ICTY indictee in custody', person, { kind: 'unparsed', text: 'ICTY indictee in custody' }],
];

describe('parseFact', () => {
  it.each(CASES)('%s', (text, ctx, expected) => {
    expect(parseFact(text, ctx)).toEqual(expected);
  });
});

async function facts(dir: string, files: typeof SDN_CSV_FILES) {
  const ctx: ParseContext = { dir, format: sdn.formats[0], meta: { records: 0, warnings: [] } };
  const records = await readCsvSet(ctx, files);
  return records.flatMap((r) => r.facts.map((f) => parseFact(f, { type: r.type, ...(r.title ? { title: r.title } : {}) })));
}

describe('share of remark facts turned into structured facts', () => {
  it.each([
    ['us_ofac_sdn', SDN_CSV_FILES],
    ['us_ofac_cons', CONS_CSV_FILES],
  ] as const)('%s: well over 95%', async (id, files) => {
    const all = await facts(join(LISTS_DIR, id), files);
    const verbatim = all.filter((f) => f.kind === 'unparsed').length;
    const notes = all.filter((f) => f.kind === 'property' && f.prop === 'notes').length;
    const structured = 1 - verbatim / all.length;
    console.log(
      `${id}: ${all.length} remark facts, ${verbatim} kept verbatim in remarks, ${notes} kept as labelled notes; ` +
        `${(structured * 100).toFixed(2)}% structured (${(((all.length - verbatim - notes) / all.length) * 100).toFixed(2)}% into typed fields)`,
    );
    expect(all.length).toBeGreaterThan(id === 'us_ofac_sdn' ? 50_000 : 3_000);
    expect(structured).toBeGreaterThan(0.97);
  });
});

describe('OFAC program table', () => {
  /** Program codes as the publisher's files state them, read without the parser. */
  async function programCodes(): Promise<Set<string>> {
    const codes = new Set<string>();
    for (const [id, file] of [
      ['us_ofac_sdn', 'sdn.csv'],
      ['us_ofac_cons', 'cons_prim.csv'],
    ]) {
      const text = await readFile(join(LISTS_DIR, id, file), 'utf8');
      for (const m of text.matchAll(/^\d+,"(?:[^"]*)",(?:"[^"]*"|-0- ),"([^"]*)"/gm)) splitPrograms(m[1]).forEach((c) => codes.add(c));
    }
    const xml = await readFile(join(VERSIONS_DIR, 'us_ofac_cons-2025-03-28', 'consolidated.xml'), 'utf8');
    for (const m of xml.matchAll(/<program>([^<]+)<\/program>/g)) codes.add(m[1]);
    return codes;
  }

  it('knows every program code in the real files, with a legal basis', async () => {
    const codes = await programCodes();
    expect(codes.size).toBeGreaterThan(70);
    const missing = [...codes].filter((c) => !isKnownOfacProgram(c));
    expect(missing).toEqual([]);
    for (const c of codes) expect(ofacLegalBasis([c]).legalBasis.length).toBeGreaterThan(0);
  });

  it('states the legal bases the programs rest on', () => {
    expect(ofacLegalBasis(['GLOMAG']).legalBasis).toEqual(['E.O. 13818']);
    expect(ofacLegalBasis(['SDGT', 'IRGC']).legalBasis).toContain('E.O. 13224, as amended by E.O. 13886');
    expect(ofacLegalBasis(['CMIC-EO13959']).legalBasis).toEqual(['E.O. 13959, as amended by E.O. 14032']);
    expect(ofacLegalBasis(['CUBA']).legalBasis).toContain('Cuban Assets Control Regulations, 31 CFR 515');
    // A code the table has not learnt yet still yields the E.O. it names; one without is reported.
    expect(ofacLegalBasis(['RUSSIA-EO14071', 'NOSUCHCODE'])).toEqual({ legalBasis: ['E.O. 14071'], unknown: ['NOSUCHCODE'] });
  });
});
