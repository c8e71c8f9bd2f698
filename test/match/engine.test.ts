import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entity } from '../../src/model/entity.js';
import type { SchemaName } from '../../src/model/schema.js';
import { loadAllLists } from '../../src/match/eval/lists.js';
import { sharedData } from '../../src/match/eval/paths.js';
import { birthDateEffect, birthDateEvidence, countriesEffect, countryEvidence, readDate } from '../../src/match/evidence.js';
import {
  compareNames,
  DEFAULT_THRESHOLD,
  MatchIndex,
  scoreEntity,
  WEAK_ALIAS_MIN,
  WEAK_ALIAS_PENALTY,
  type Hit,
  type MatchQuery,
  type MatchResult,
} from '../../src/match/index.js';

/**
 * Behaviour of the matching engine on names and facts taken from the real lists in
 * ../shared/data/lists: every listed name used below is checked to be a name of the entity it is
 * attributed to, exactly as its publisher wrote it. One MatchIndex over every list serves the
 * whole file.
 */

let byId: Map<string, Entity>;
let all: Entity[];
let index: MatchIndex;

beforeAll(async () => {
  all = await loadAllLists(sharedData());
  byId = new Map(all.map((e) => [e.id, e]));
  index = MatchIndex.build(all);
});

// ---------------------------------------------------------------- helpers

/** Token alignment kinds documented in docs/matching.md, section 3. */
const HOWS = ['exact', 'transliteration', 'variant', 'phonetic', 'typo', 'initial', 'glued', 'inflection', 'unmatched'];

function entity(id: string): Entity {
  const e = byId.get(id);
  if (!e) throw new Error(`${id} is not on the lists`);
  return e;
}

/** A listed name, after checking that the entity carries it exactly so. */
function listed(id: string, name: string): string {
  const names = entity(id).names.map((n) => n.full);
  expect(names, `"${name}" is a name of ${id}`).toContain(name);
  return name;
}

/** compareNames of a query against a real listed name of an entity. */
function against(query: string, id: string, name: string, schema?: SchemaName): MatchResult {
  const r = compareNames(query, listed(id, name), schema ? { schema } : {});
  expectExplained(r);
  return r;
}

const scoreOf = (query: string, id: string, name: string, schema?: SchemaName) => against(query, id, name, schema).score;

/** What every result must carry: a score in [0,1], the decision it implies, and its reasons. */
function expectExplained(r: MatchResult, threshold = DEFAULT_THRESHOLD): void {
  expect(r.score).toBeGreaterThanOrEqual(0);
  expect(r.score).toBeLessThanOrEqual(1);
  expect(r.match).toBe(r.score >= threshold);
  const e = r.explanation;
  expect(e.summary).toMatch(r.match ? /^Match \(score / : /^No match \(score /);
  expect(e.summary).toContain(String(r.score));
  expect(e.features.length).toBeGreaterThan(0);
  for (const f of e.features) {
    expect(Number.isFinite(f.effect)).toBe(true);
    expect(f.detail.length).toBeGreaterThan(0);
  }
  for (const a of e.alignment) expect(HOWS).toContain(a.how);
  const schemaConflict = e.features.some((f) => f.feature === 'schema');
  if (!schemaConflict) {
    expect(e.features.map((f) => f.feature)).toContain('name');
    if (e.nameScore > 0) expect(e.alignment.some((a) => a.how !== 'unmatched')).toBe(true);
  }
  // The effects add up to the score, before it is clipped to [0, 1].
  const total = e.features.reduce((s, f) => s + f.effect, 0);
  if (r.score > 0 && r.score < 1) expect(Math.abs(total - r.score)).toBeLessThanOrEqual(0.003);
  else if (r.score === 1) expect(total).toBeGreaterThanOrEqual(0.997);
  else expect(total).toBeLessThanOrEqual(0.003);
}

function hows(r: MatchResult): string[] {
  return r.explanation.alignment.map((a) => a.how);
}

function feature(r: MatchResult, name: string) {
  return r.explanation.features.find((f) => f.feature === name);
}

function search(query: MatchQuery, opts: { threshold?: number; limit?: number } = {}): Hit[] {
  const hits = index.search(query, opts);
  for (const h of hits) expectExplained(h.result, opts.threshold);
  return hits;
}

const ids = (hits: Hit[]) => hits.map((h) => h.entity.id);

// ---------------------------------------------------------------- the data

describe('the listed names these tests use', () => {
  it('are on the lists as their publishers wrote them (so that an expected failure below is the engine\'s, not the data\'s)', () => {
    const used: Array<[string, string]> = [
      ['us_ofac_sdn:11744', 'AWEYS, Sheikh Hassan Dahir'],
      ['us_ofac_sdn:12624', 'ISHAQZAI, Haji Lal Jan'],
      ['un_sc:6908488', 'Абу Джихад'],
      ['un_sc:6908488', 'Abu Jihad'],
      ['un_sc:6908049', 'قصي صدام حسين التكريتي'],
      ['un_sc:6908049', 'QUSAY SADDAM HUSSEIN AL-TIKRITI'],
      ['un_sc:6908053', 'عزت ابراهيم الدوري'],
      ['un_sc:6908053', 'IZZAT IBRAHIM AL-DURI'],
      ['un_sc:6908118', 'انتصار العبيدي'],
      ['un_sc:6908118', 'INTISSAR AL-UBAYDI'],
      ['ca_sema:iran-1-part-2.1-30', 'سید مرتضی موسوی'],
      ['ca_sema:iran-1-part-2.1-30', 'Seyed Morteza Mousavi'],
      ['uk_ofsi:16489', 'נעם פדרמן'],
      ['uk_ofsi:16489', 'Noam FEDERMAN'],
      ['ca_sema:extremist-settler-violence-part-1-5', 'דניאלה וייס'],
      ['ca_sema:extremist-settler-violence-part-1-5', 'Daniella Weiss'],
      ['uk_ofsi:16818', '노광철'],
      ['uk_ofsi:16818', 'NO KWANG CHOL'],
      ['us_ofac_sdn:2110', 'TROPIC TOURS GMBH'],
    ];
    for (const [id, name] of used) listed(id, name);
    expect(entity('us_ofac_sdn:13131').identifiers).toContainEqual(expect.objectContaining({ type: 'bic', value: 'BEGNIRTH' }));
  });
});

// ---------------------------------------------------------------- the score

describe('the score and its threshold', () => {
  it('has a documented default threshold of 0.8, and match means score >= threshold', () => {
    expect(DEFAULT_THRESHOLD).toBe(0.8);
    const r = against('Vladimir Putin', 'us_ofac_sdn:35096', 'PUTIN, Vladimir Vladimirovich', 'Person');
    expect(r.score).toBeGreaterThan(0.9);
    expect(r.score).toBeLessThan(1);
    const strict = compareNames('Vladimir Putin', 'PUTIN, Vladimir Vladimirovich', { schema: 'Person', threshold: 0.999 });
    expect(strict.score).toBe(r.score);
    expect(strict.match).toBe(false);
    expect(strict.explanation.summary).toMatch(/^No match \(score [\d.]+ < 0\.999\)/);
  });

  it('gives 0 and no match to names that share nothing', () => {
    const r = against('Erken Tuniyaz', 'us_ofac_cons:33114', 'SENSETIME GROUP LIMITED');
    expect(r.score).toBe(0);
    expect(r.match).toBe(false);
  });
});

// ---------------------------------------------------------------- person names

describe('person names', () => {
  it('in any order: "TUNIYAZ, Erken" = "Erken Tuniyaz" (us_ofac_sdn:34119), with or without a schema', () => {
    const name = listed('us_ofac_sdn:34119', 'TUNIYAZ, Erken');
    for (const schema of ['Person', undefined] as const) {
      const r = compareNames('Erken Tuniyaz', name, schema ? { schema } : {});
      expectExplained(r);
      expect(r.score).toBe(1);
      expect(r.explanation.summary).toMatch(/in another order/);
      const back = compareNames(name, 'Erken Tuniyaz', schema ? { schema } : {});
      expect(back.score).toBe(1);
    }
    expect(scoreOf('Tuniyaz Erken', 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person')).toBe(1);
  });

  it('glued into one word: "ErkenTuniyaz", "TuniyazErken", "ERKENTUNIYAZ"', () => {
    for (const q of ['ErkenTuniyaz', 'TuniyazErken', 'ERKENTUNIYAZ']) {
      const r = against(q, 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person');
      expect(r.score, q).toBeGreaterThanOrEqual(0.95);
      expect(hows(r), q).toContain('glued');
    }
  });

  it('split or hyphenated: "Ri Yong-gil" = "RI, Yong Gil" = "Ri Yonggil" (us_ofac_sdn:33936)', () => {
    expect(scoreOf('Ri Yong-gil', 'us_ofac_sdn:33936', 'RI, Yong Gil', 'Person')).toBe(1);
    expect(scoreOf('RI YONG GIL', 'us_ofac_sdn:33936', 'RI, Yong Gil', 'Person')).toBe(1);
    expect(scoreOf('Ri Yonggil', 'us_ofac_sdn:33936', 'RI, Yong Gil', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf("Ri Yo'ng-kil", 'us_ofac_sdn:33936', "RI, Yo'ng-kil", 'Person')).toBe(1);
  });

  it('glued given and family names of a three-part name: "Ali MohamadSALEH" = "SALEH, Ali Mohamad", "Chi WaiLAU" = "LAU, Chi Wai"', () => {
    expect(scoreOf('Ali MohamadSALEH', 'us_ofac_sdn:12992', 'SALEH, Ali Mohamad', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(scoreOf('Chi WaiLAU', 'us_ofac_sdn:30322', 'LAU, Chi Wai', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('honorifics are set aside: Mr, Dr, Sheikh, Shaykh, Hajji', () => {
    for (const q of ['Mr Erken Tuniyaz', 'Dr. Erken Tuniyaz', 'Mr. TUNIYAZ, Erken']) {
      const r = against(q, 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person');
      expect(r.score, q).toBe(1);
      expect(feature(r, 'title')?.detail, q).toMatch(/"(mr|dr)"/);
    }
    const sheikh = against('Sheikh Hassan Dahir Aweys', 'us_ofac_sdn:7006', 'AWEYS, Hassan Dahir', 'Person');
    expect(sheikh.score).toBe(1);
    expect(feature(sheikh, 'title')?.detail).toMatch(/"sheikh"/);
    expect(scoreOf('Shaykh Hassan Dahir Aweys', 'us_ofac_sdn:7006', 'AWEYS, Hassan Dahir', 'Person')).toBe(1);
    // Listed with the title after the comma: still a clear match.
    expect(scoreOf('Hassan Dahir Aweys', 'us_ofac_sdn:7006', 'ALI, Sheikh Hassan Dahir Aweys', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Hajji Lal Jan Ishaqzai', 'us_ofac_sdn:12624', 'ISHAQZAI, Haji Lal Jan', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Lal Jan Ishaqzai', 'us_ofac_sdn:12624', 'ISHAQZAI, Hajji Lal Jan', 'Person')).toBeGreaterThanOrEqual(0.9);
  });

  it('an honorific at the start of the given names of a listed "FAMILY, Sheikh Given" name is set aside like one at the start', () => {
    // OFAC writes the title after the comma ("AWEYS, Sheikh Hassan Dahir"): it must not count as an
    // unmatched name part.
    const r = against('Hassan Dahir Aweys', 'us_ofac_sdn:11744', 'AWEYS, Sheikh Hassan Dahir', 'Person');
    expect(r.explanation.alignment.map((a) => a.listed)).not.toContain('sheikh');
    expect(r.score).toBe(1);
    expect(scoreOf('Lal Jan Ishaqzai', 'us_ofac_sdn:12624', 'ISHAQZAI, Haji Lal Jan', 'Person')).toBe(1);
  });

  it('particles: al-/el-, bin/ben/ibn, abu are light and may be left out or written another way', () => {
    expect(scoreOf('Saddam Hussein el-Tikriti', 'un_sc:6908048', 'SADDAM HUSSEIN AL-TIKRITI', 'Person')).toBe(1);
    expect(scoreOf('Saddam Hussein Tikriti', 'un_sc:6908048', 'SADDAM HUSSEIN AL-TIKRITI', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Usama bin Ladin', 'us_ofac_sdn:6365', 'BIN LADIN, Usama', 'Person')).toBe(1);
    expect(scoreOf('Osama ben Laden', 'us_ofac_sdn:6365', 'BIN LADEN, Osama', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Osama ibn Laden', 'us_ofac_sdn:6365', 'BIN LADEN, Osama', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Usama Muhammad Awad Ladin', 'us_ofac_sdn:6365', 'BIN LADIN, Usama bin Muhammad bin Awad', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Abu Hafs al-Masri', 'us_ofac_sdn:6367', 'AL-MASRI, Abu Hafs', 'Person')).toBe(1);
    expect(scoreOf('Hafs Masri', 'us_ofac_sdn:6367', 'AL-MASRI, Abu Hafs', 'Person')).toBeGreaterThanOrEqual(0.95);
  });

  it('Mohammed / Muhammad / Mohamad / Mohammad / Mohamed / Muhammed are one name', () => {
    for (const m of ['Muhammad', 'Mohamad', 'Mohammad', 'Mohamed', 'Muhammed', 'Mohammed']) {
      const r = against(`${m} Fazul Abdullah`, 'us_ofac_sdn:6927', 'MOHAMMED, Fazul Abdullah', 'Person');
      expect(r.score, m).toBeGreaterThanOrEqual(0.97);
      if (m !== 'Mohammed') expect(hows(r), m).toContain('variant');
    }
  });

  it('spelling variants with vowel and consonant changes: Uyghur/Uighur, Erkin/Erken, Aierken/Arkin, Wladimir/Vladimir, Poutine/Putin', () => {
    const uyghur = compareNames('World Uyghur Congress', 'World Uighur Congress', { schema: 'Organization' });
    expectExplained(uyghur);
    expect(uyghur.score).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Erkin Tuniyaz', 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Aierken Tuniyazi', 'us_ofac_sdn:34119', 'TUNIYAZI, Arkin', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Wladimir Putin', 'us_ofac_sdn:35096', 'PUTIN, Vladimir', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Vladimir Poutine', 'us_ofac_sdn:35096', 'PUTIN, Vladimir', 'Person')).toBeGreaterThanOrEqual(0.95);
  });

  it('a missing or an extra middle name or patronymic costs a little, not the match', () => {
    const missing = against('Vladimir Putin', 'us_ofac_sdn:35096', 'PUTIN, Vladimir Vladimirovich', 'Person');
    expect(missing.score).toBeGreaterThanOrEqual(0.9);
    expect(missing.score).toBeLessThan(1);
    expect(feature(missing, 'unmatched')?.detail).toMatch(/vladimirovich.*only adds parts/);
    const extra = against('Vladimir Vladimirovich Putin', 'us_ofac_sdn:35096', 'PUTIN, Vladimir', 'Person');
    expect(extra.score).toBeGreaterThanOrEqual(0.9);
    expect(extra.score).toBeLessThan(1);
    expect(scoreOf('KLYUKIN, Mikhail', 'us_ofac_sdn:35969', 'KLYUKIN, Mikhail Vasilyevich', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf('Tigran Keosayan', 'ca_sema:russia-1-part-1-830', 'Tigran Edmondovich KEOSAYAN', 'Person')).toBeGreaterThanOrEqual(0.9);
    // A different patronymic is a conflict, not an addition: it costs more than a missing one.
    const other = against('Vladimir Ivanovich Putin', 'us_ofac_sdn:35096', 'PUTIN, Vladimir Vladimirovich', 'Person');
    expect(other.score).toBeLessThan(missing.score);
    expect(feature(other, 'unmatched')?.detail).toMatch(/each name has a part the other lacks/);
  });

  it('initials meet the names they stand for: "V. V. Putin", "Vladimir V. Putin", "E. Tuniyaz"', () => {
    for (const q of ['V. V. Putin', 'Vladimir V. Putin', 'V Putin']) {
      const r = against(q, 'us_ofac_sdn:35096', 'PUTIN, Vladimir Vladimirovich', 'Person');
      expect(r.score, q).toBeGreaterThanOrEqual(0.9);
      expect(hows(r), q).toContain('initial');
    }
    expect(scoreOf('E. Tuniyaz', 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person')).toBeGreaterThanOrEqual(0.9);
  });

  it('people who share only a family or a given name with a listed person are not matched', () => {
    expect(scoreOf('Ri Yong Chol', 'us_ofac_sdn:33936', 'RI, Yong Gil', 'Person')).toBeLessThan(DEFAULT_THRESHOLD);
    expect(scoreOf('Kim Yong Gil', 'us_ofac_sdn:33936', 'RI, Yong Gil', 'Person')).toBeLessThan(DEFAULT_THRESHOLD);
    expect(scoreOf('Nashwan Shahsavari', 'ca_sema:iran-1-part-2.1-70', 'Habib Shahsavari', 'Person')).toBeLessThan(DEFAULT_THRESHOLD);
    expect(scoreOf('Ibrahim MIKHAILOV', 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person')).toBe(0);
  });
});

// ---------------------------------------------------------------- text and scripts

describe('text normalisation and scripts', () => {
  it('case, diacritics, punctuation, spacing, full-width and decomposed Unicode make no difference', () => {
    for (const q of ['Vladímír Pútín', 'ＰＵＴＩＮ Ｖｌａｄｉｍｉｒ', 'Vladi\u0301mir Putin', 'putin   vladimir.', 'PUTIN,Vladimir']) {
      expect(scoreOf(q, 'us_ofac_sdn:35096', 'PUTIN, Vladimir', 'Person'), q).toBe(1);
    }
  });

  it('Cyrillic: listed original-script names meet the Latin names of the same person', () => {
    expect(scoreOf('Умаров Доку Хаматович', 'un_sc:2960872', 'DOKU KHAMATOVICH UMAROV', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Доку Умаров', 'un_sc:2960872', 'DOKU KHAMATOVICH UMAROV', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf(listed('uk_ofsi:14196', 'Владимир Владимирович Путин'), 'uk_ofsi:14196', 'Vladimir Vladimirovich PUTIN', 'Person')).toBe(1);
    const r = against(listed('un_sc:6908489', 'Ахмед Ражапович Чатаев'), 'un_sc:6908489', 'AKHMED RAJAPOVICH CHATAEV', 'Person');
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation.summary).toMatch(/another script/);
  });

  it('Cyrillic "Дж" romanised as "J": "Абу Джихад" = "Abu Jihad" (both weak aliases of un_sc:6908488)', () => {
    // Дж romanises as "dzh" and as "j": Джихад must meet Jihad.
    expect(scoreOf(listed('un_sc:6908488', 'Абу Джихад'), 'un_sc:6908488', 'Abu Jihad', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Cyrillic names written with Latin look-alike letters (OFSI "АЛЯШКЕВIЧ, Аляксандр Мiхайлавiч", Latin "I"/"i") meet their romanisation', () => {
    const name = listed('uk_ofsi:13938', 'АЛЯШКЕВIЧ, Аляксандр Мiхайлавiч');
    expect(scoreOf(name, 'uk_ofsi:13938', 'Aliaksandr Mikhailavich ALIASHKEVICH', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Arabic: listed original-script names meet the Latin names of the same person', () => {
    expect(scoreOf(listed('un_sc:6908048', 'صدام حسين التكريتي'), 'un_sc:6908048', 'SADDAM HUSSEIN AL-TIKRITI', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf(listed('un_sc:6908767', 'حمزة أسامة محمد بن لادن'), 'un_sc:6908767', 'HAMZA USAMA MUHAMMAD BIN LADEN', 'Person')).toBeGreaterThanOrEqual(0.95);
  });

  it('Arabic: short vowels, ʿayn and doubled letters the script leaves unwritten (Qusay, Izzat, Intissar al-Ubaydi)', () => {
    // قصي is read "qsi", عزت "azt": their letters agree with Qusay and Izzat once short vowels are optional.
    expect(scoreOf(listed('un_sc:6908049', 'قصي صدام حسين التكريتي'), 'un_sc:6908049', 'QUSAY SADDAM HUSSEIN AL-TIKRITI', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(scoreOf(listed('un_sc:6908053', 'عزت ابراهيم الدوري'), 'un_sc:6908053', 'IZZAT IBRAHIM AL-DURI', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(scoreOf(listed('un_sc:6908118', 'انتصار العبيدي'), 'un_sc:6908118', 'INTISSAR AL-UBAYDI', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Persian: "سید مرتضی موسوی" = "Seyed Morteza Mousavi" (ca_sema:iran-1-part-2.1-30)', () => {
    // مرتضی is read "mrtzi" in Persian: a closing ی may be any vowel (Morteza).
    const name = listed('ca_sema:iran-1-part-2.1-30', 'سید مرتضی موسوی');
    expect(scoreOf(name, 'ca_sema:iran-1-part-2.1-30', 'Seyed Morteza Mousavi', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Hebrew: listed names meet their romanisation ("נעם פדרמן" = "Noam FEDERMAN", "דניאלה וייס" = "Daniella Weiss")', () => {
    // נעם is read "nm" and וייס "vyis": vowels unwritten, vav and yod as consonants or vowels.
    expect(scoreOf(listed('uk_ofsi:16489', 'נעם פדרמן'), 'uk_ofsi:16489', 'Noam FEDERMAN', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    const weiss = 'ca_sema:extremist-settler-violence-part-1-5';
    expect(scoreOf(listed(weiss, 'דניאלה וייס'), weiss, 'Daniella Weiss', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Hangul and Han: listed names meet their romanisations, simplified meets traditional', () => {
    expect(scoreOf(listed('uk_ofsi:16816', '김영복'), 'uk_ofsi:16816', 'KIM YONG BOK', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf(listed('uk_ofsi:16815', '리창호'), 'uk_ofsi:16815', 'RI CHANG HO', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('리창호', 'uk_ofsi:16815', 'LEE CHANG HO', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf(listed('un_sc:6908566', '金铁三'), 'un_sc:6908566', 'Jin Tiesan', 'Person')).toBe(1);
    expect(scoreOf('长安海连技术有限公司', 'un_sc:6908691', '長安海連技術有限公司', 'Organization')).toBe(1);
  });

  it('Hangul: "노광철" = "NO KWANG CHOL" (uk_ofsi:16818)', () => {
    // The family name 노 is romanised both "Roh" and "No".
    expect(scoreOf(listed('uk_ofsi:16818', '노광철'), 'uk_ofsi:16818', 'NO KWANG CHOL', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('Greek, Georgian and Armenian listed names meet their romanisations', () => {
    expect(scoreOf(listed('uk_ofsi:15871', 'Δημήτρης Ιωαννίδης'), 'uk_ofsi:15871', 'Demetris IOANNIDES', 'Person')).toBeGreaterThanOrEqual(0.9);
    expect(scoreOf(listed('uk_ofsi:16852', 'შალვა ბედოიძე'), 'uk_ofsi:16852', 'Shalva BEDOIDZE', 'Person')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf(listed('ca_sema:russia-1-part-1-830', 'Տիգրան Քեոսայան'), 'ca_sema:russia-1-part-1-830', 'Tigran Edmondovich KEOSAYAN', 'Person')).toBeGreaterThanOrEqual(0.9);
  });

  it('all 81 spellings of one name in opensanctions/putin_names.txt (Latin, Cyrillic, Arabic, Persian, Hebrew, Greek, Georgian, Armenian, Hangul, Han, kana, Devanagari ...) meet us_ofac_sdn:35096', async () => {
    const text = await readFile(join(sharedData(), 'eval/opensanctions/putin_names.txt'), 'utf8');
    const names = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(names.length).toBeGreaterThanOrEqual(80);
    for (const script of ['ウラジーミル・プーチン', 'व्लादिमीर पुतिन', '블라디미르 푸틴', '弗拉基米尔·普京', 'ولادیمیر پوتین', 'ולדימיר פוטין', 'ვლადიმერ პუტინი', 'Վլադիմիր Պուտին', 'Βλαντίμιρ Πούτιν']) {
      expect(names).toContain(script);
    }
    const putin = entity('us_ofac_sdn:35096');
    const below = names
      .map((name) => ({ name, result: scoreEntity({ name, schema: 'Person' }, putin) }))
      .filter(({ result }) => (expectExplained(result), !result.match))
      .map(({ name, result }) => `${name}: ${result.score}`);
    expect(below).toEqual([]);
  });
});

// ---------------------------------------------------------------- organisations

describe('organisation names', () => {
  it('legal forms are made equal: "SenseTime Group Inc" = "SENSETIME GROUP LIMITED" (us_ofac_cons:33114)', () => {
    for (const schema of ['Company', 'Organization', undefined] as const) {
      const r = against('SenseTime Group Inc', 'us_ofac_cons:33114', 'SENSETIME GROUP LIMITED', schema);
      expect(r.score, String(schema)).toBe(1);
      expect(feature(r, 'legal_form')?.detail).toMatch(/"inc" and "limited" set aside/);
    }
    expect(scoreOf('SenseTime Group Ltd.', 'us_ofac_cons:33114', 'SENSETIME GROUP LIMITED', 'Company')).toBe(1);
    expect(scoreOf('SenseTime Group', 'us_ofac_cons:33114', 'SENSETIME GROUP LIMITED', 'Company')).toBe(1);
  });

  it('OOO / ООО / LLC / Limited Liability Company / Obshchestvo s ogranichennoy otvetstvennostyu', () => {
    expect(scoreOf('Volga Group LLC', 'us_ofac_sdn:16806', 'OOO VOLGA GROUP', 'Company')).toBe(1);
    expect(scoreOf('ООО Волга Групп', 'us_ofac_sdn:16806', 'OOO VOLGA GROUP', 'Company')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Bina Group LLC', 'uk_ofsi:16524', 'ООО БИНА ГРУПП', 'Company')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('ООО БИНА ГРУПП', 'uk_ofsi:16524', 'LIMITED LIABILITY COMPANY BINA GROUP', 'Company')).toBeGreaterThanOrEqual(0.95);
    expect(scoreOf('Dalkos OOO', 'uk_ofsi:16677', 'DALKOS LLC', 'Company')).toBe(1);
    expect(scoreOf('Stroytransgaz Limited Liability Company', 'us_ofac_sdn:16834', 'STROYTRANSGAZ LLC', 'Company')).toBe(1);
    expect(scoreOf('Obshchestvo s ogranichennoy otvetstvennostyu Stroytransgaz', 'us_ofac_sdn:16834', 'STROYTRANSGAZ LLC', 'Company')).toBe(1);
  });

  it('JSC / PJSC / OJSC / PAO / AO / Public Joint Stock Company', () => {
    expect(scoreOf('Sovfracht PJSC', 'us_ofac_sdn:20292', 'SOVFRACHT JSC', 'Company')).toBe(1);
    expect(scoreOf('Sovfracht AO', 'us_ofac_sdn:20292', 'SOVFRACHT JSC', 'Company')).toBe(1);
    expect(scoreOf('Sovfracht Joint Stock Company', 'us_ofac_sdn:20292', 'SOVFRACHT JSC', 'Company')).toBe(1);
    expect(scoreOf('Mostotrest Public Joint Stock Company', 'us_ofac_sdn:20029', 'PJSC MOSTOTREST', 'Company')).toBe(1);
    expect(scoreOf('Sberbank of Russia OJSC', 'us_ofac_sdn:17018', 'PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA', 'Company')).toBe(1);
    expect(scoreOf('PAO Sberbank', 'us_ofac_sdn:17018', 'PJSC SBERBANK', 'Company')).toBe(1);
    expect(scoreOf('ПАО Сбербанк', 'us_ofac_sdn:17018', 'PJSC SBERBANK', 'Company')).toBe(1);
  });

  it('GmbH, G.m.b.H., Ltd and LLC are one legal form family', () => {
    for (const q of ['Tropic Tours GmbH', 'Tropic Tours Ltd', 'Tropic Tours LLC']) {
      expect(scoreOf(q, 'us_ofac_sdn:2110', 'TROPIC TOURS GMBH', 'Company'), q).toBe(1);
    }
    expect(scoreOf('Ascotec Steel Trading G.m.b.H.', 'us_ofac_sdn:11613', 'ASCOTEC STEEL TRADING GMBH', 'Company')).toBe(1);
  });

  it('German legal forms written out: "Tropic Tours Gesellschaft mit beschränkter Haftung" = "TROPIC TOURS GMBH" (us_ofac_sdn:2110)', () => {
    // The written-out legal form equals its abbreviation (likewise "Aktiengesellschaft" and "AG").
    expect(scoreOf('Tropic Tours Gesellschaft mit beschränkter Haftung', 'us_ofac_sdn:2110', 'TROPIC TOURS GMBH', 'Company')).toBe(1);
  });

  it('有限公司 is a legal form: the name without it, or romanised with "Co Ltd", meets the listed Chinese name', () => {
    expect(scoreOf('長安海連技術', 'un_sc:6908691', '長安海連技術有限公司', 'Organization')).toBe(1);
    const r = against('Changan Hailian Jishu Co Ltd', 'un_sc:6908691', '長安海連技術有限公司', 'Organization');
    expect(r.score).toBe(1);
    expect(feature(r, 'legal_form')?.detail).toMatch(/"co ltd" and "you xian gong si" set aside/);
    expect(scoreOf('华信船务(香港)有限公司', 'un_sc:6908693', '華信船務(香港)有限公司', 'Company')).toBe(1);
  });

  it('"Leon Technology" meets LEON TECHNOLOGY COMPANY LIMITED, not other technology companies: a common word is weak evidence', () => {
    expect(scoreOf('Leon Technology', 'us_ofac_cons:33894', 'LEON TECHNOLOGY COMPANY LIMITED', 'Company')).toBe(1);
    for (const [id, name] of [
      ['uk_ofsi:15372', 'FORSS TECHNOLOGY LTD'],
      ['uk_ofsi:16619', 'KING ROYAL TECHNOLOGIES CO. LTD'],
      ['un_sc:6908691', 'CHANG AN SHIPPING & TECHNOLOGY'],
    ]) {
      const r = against('Leon Technology', id, name, 'Company');
      expect(r.score, name).toBeLessThan(0.5);
      expect(feature(r, 'common_words')?.detail, name).toMatch(/technolog/);
    }
  });

  it('"Emma Holdings LLC" does not meet "EMMA LLC" (us_ofac_sdn:29857) at full score, and a legal form shared alone is no match', () => {
    const exact = against('Emma LLC', 'us_ofac_sdn:29857', 'EMMA LLC', 'Company');
    expect(exact.score).toBe(1);
    const holdings = against('Emma Holdings LLC', 'us_ofac_sdn:29857', 'EMMA LLC', 'Company');
    expect(holdings.score).toBeLessThan(1);
    expect(holdings.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'holdings', how: 'unmatched' }));
    expect(compareNames('Emma LLC', 'Emma Holdings LLC', { schema: 'Company' }).score).toBeLessThan(1);
    expect(scoreOf('Emma Holdings LLC', 'us_ofac_sdn:29858', 'EMMA TEL LLC', 'Company')).toBeLessThan(DEFAULT_THRESHOLD);
    // Hard negatives of eval/hard_negatives.csv: only a legal form, or only common words, shared.
    expect(scoreOf('MULTICLET CORPORATION', 'us_ofac_sdn:39499', 'PAEKHO FINE ART CORPORATION', 'Company')).toBeLessThan(DEFAULT_THRESHOLD);
    expect(scoreOf('KOREA AQUARIUS SHIPPING CO', 'us_ofac_sdn:23515', 'KOREA KUMUNSAN SHIPPING CO', 'Company')).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

// ---------------------------------------------------------------- other evidence

describe('other evidence (scoreEntity on listed entities)', () => {
  const tuniyaz = () => entity('us_ofac_sdn:34119'); // born Dec 1961, Chinese, male
  const putin = () => entity('us_ofac_sdn:35096'); // born 1952-10-07, Russian
  const score = (q: MatchQuery, e: Entity) => {
    const r = scoreEntity(q, e);
    expectExplained(r);
    return r;
  };

  it('birth date: exact, month, year, range and day/month swap agree; a conflicting date lowers the score', () => {
    // A name a little off, so that agreeing facts can show.
    const name = 'Erkin Tuniyazi';
    const none = score({ name, schema: 'Person' }, tuniyaz());
    expect(none.score).toBeGreaterThan(0.9);
    expect(none.score).toBeLessThan(1);
    for (const birthDate of ['1961-12', '1961-12-05', '1961', '12/1961', '1960-01-01/1962-12-31']) {
      const r = score({ name, schema: 'Person', birthDate }, tuniyaz());
      expect(r.score, birthDate).toBeGreaterThan(none.score);
      expect(feature(r, 'birth_date')!.effect, birthDate).toBeGreaterThan(0);
    }
    const conflict = score({ name, schema: 'Person', birthDate: '1985-03-02' }, tuniyaz());
    expect(conflict.score).toBeLessThan(none.score);
    expect(feature(conflict, 'birth_date')!.effect).toBeLessThan(0);
    expect(feature(conflict, 'birth_date')!.detail).toMatch(/conflicts with listed Dec 1961/);
    const nearYear = score({ name, schema: 'Person', birthDate: '1962' }, tuniyaz());
    expect(nearYear.score).toBeLessThan(none.score);
    expect(nearYear.score).toBeGreaterThan(conflict.score);

    const exact = score({ name: 'Vladimir Putin', schema: 'Person', birthDate: '1952-10-07' }, putin());
    expect(feature(exact, 'birth_date')!.detail).toMatch(/is the same as listed 7 Oct 1952/);
    const swapped = score({ name: 'Vladimir Putin', schema: 'Person', birthDate: '1952-07-10' }, putin());
    expect(feature(swapped, 'birth_date')!.effect).toBeGreaterThan(0);
    expect(feature(swapped, 'birth_date')!.effect).toBeLessThan(feature(exact, 'birth_date')!.effect);
    expect(feature(swapped, 'birth_date')!.detail).toMatch(/swapped/);
    const putinConflict = score({ name: 'Vladimir Putin', schema: 'Person', birthDate: '1970-01-01' }, putin());
    expect(putinConflict.score).toBeLessThan(exact.score);
    // A listed range (RI, Yong Gil: born 1955)
    const ri = entity('us_ofac_sdn:33936');
    expect(feature(score({ name: 'Ri Yong Gil', schema: 'Person', birthDate: '1955-06-01' }, ri), 'birth_date')!.effect).toBeGreaterThan(0);
    expect(feature(score({ name: 'Ri Yong Gil', schema: 'Person', birthDate: '1960-06-01' }, ri), 'birth_date')!.effect).toBeLessThan(0);
  });

  it('the effects the candidate bound weighs are the ones the explained evidence adds', () => {
    // birthDateEffect and countriesEffect skip the explanation; they must never disagree with it.
    const dates = ['1961-12-05', '1961-05-12', '1961-12-06', '1962-12-05', '1971-12-05', '1961-12', '1961', '1962', '1960', '~1960', '1955/1957', '1985-03-02'];
    for (const q of dates) {
      for (const listed of [['1961-12-05'], ['1961'], ['~1958'], ['1956/1960', '1961-12-05'], ['1990-01-01', '1961-05-12']]) {
        expect(birthDateEffect(readDate(q), listed.map(readDate)), `${q} vs ${listed}`).toBe(birthDateEvidence(q, listed)!.effect);
      }
    }
    for (const [q, listed] of [[['cn'], ['cn', 'ru']], [['fr'], ['cn']], [['fr', 'cn'], ['cn']]]) {
      expect(countriesEffect(true, q.some((c) => listed.includes(c)))).toBe(countryEvidence(q, listed)!.effect);
    }
    expect(birthDateEffect(readDate('1961'), [])).toBe(0);
    expect(countriesEffect(false, false)).toBe(0);
    expect(countryEvidence(['cn'], [])).toBeUndefined();
  });

  it('country: a listed country agrees (code or name), another lowers the score; gender likewise', () => {
    const name = 'Erkin Tuniyazi';
    const none = score({ name, schema: 'Person' }, tuniyaz()).score;
    for (const c of ['cn', 'CN', 'China']) {
      const r = score({ name, schema: 'Person', countries: [c] }, tuniyaz());
      expect(r.score, c).toBeGreaterThan(none);
      expect(feature(r, 'country')!.effect).toBeGreaterThan(0);
    }
    const ru = score({ name, schema: 'Person', countries: ['ru'] }, tuniyaz());
    expect(ru.score).toBeLessThan(none);
    expect(feature(ru, 'country')!.detail).toMatch(/Russian Federation is not among the listed/);
    const female = score({ name: 'Erken Tuniyaz', schema: 'Person', gender: 'female' }, tuniyaz());
    expect(female.score).toBeLessThan(1);
    expect(feature(female, 'gender')!.effect).toBeLessThan(0);
    expect(score({ name: 'Erken Tuniyaz', schema: 'Person', gender: 'male' }, tuniyaz()).score).toBe(1);
  });

  it('a good name with a conflicting birth date and country falls below the threshold', () => {
    const r = score({ name: 'Erkin Tuniyazi', schema: 'Person', birthDate: '1975', countries: ['Kazakhstan'] }, tuniyaz());
    expect(r.match).toBe(false);
    expect(r.explanation.nameScore).toBeGreaterThanOrEqual(0.95);
  });

  it('an exact identifier is decisive: IMO, passport, ISIN, LEI, national id, BIC match whatever the name', () => {
    const jasmine = entity('us_ofac_sdn:27310'); // vessel JASMINE, IMO 9105085
    for (const value of ['9105085', 'IMO 9105085']) {
      const r = score({ name: 'Ocean Star', schema: 'Vessel', identifiers: [{ type: 'imo', value }] }, jasmine);
      expect(r.match, value).toBe(true);
      expect(r.score).toBeGreaterThanOrEqual(0.9);
      expect(r.explanation.nameScore).toBe(0);
      expect(feature(r, 'identifier')!.detail).toMatch(/9105085 is on the listing/);
    }
    const wrongImo = score({ name: 'Ocean Star', schema: 'Vessel', identifiers: [{ type: 'imo', value: '9105086' }] }, jasmine);
    expect(wrongImo.match).toBe(false);
    expect(feature(wrongImo, 'identifier')!.effect).toBeLessThan(0);

    const azam = entity('us_ofac_sdn:10595'); // passport 039856039, United Kingdom
    for (const id of [{ type: 'passport' as const, value: '039856039', country: 'gb' }, { type: 'passport' as const, value: '039856039' }]) {
      const r = score({ name: 'John Smith', schema: 'Person', identifiers: [id] }, azam);
      expect(r.match).toBe(true);
      expect(r.score).toBeGreaterThanOrEqual(0.9);
    }
    expect(score({ name: 'John Smith', schema: 'Person' }, azam).match).toBe(false);

    const leon = entity('us_ofac_cons:33894'); // ISIN CNE100002Q17
    const isin = score({ name: 'Noel Technology', schema: 'Company', identifiers: [{ type: 'isin', value: 'CNE100002Q17' }] }, leon);
    expect(isin.match).toBe(true);
    expect(score({ name: 'Noel Technology', schema: 'Company' }, leon).match).toBe(false);

    const vtb = entity('us_ofac_sdn:17013'); // VTB BANK, LEI 253400V1H6ART1UQ0N98
    const lei = score({ name: 'Foreign Trade Holdings', schema: 'Company', identifiers: [{ type: 'lei', value: '253400V1H6ART1UQ0N98' }] }, vtb);
    expect(lei.match).toBe(true);
    expect(lei.score).toBeGreaterThanOrEqual(0.9);
    const otherLei = score({ name: 'Foreign Trade Holdings', schema: 'Company', identifiers: [{ type: 'lei', value: '253400V1H6ART1UQ0N99' }] }, vtb);
    expect(otherLei.match).toBe(false);
    expect(feature(otherLei, 'identifier')!.effect).toBeLessThan(0);

    const atabiev = entity('un_sc:6908488'); // national id 9103314932, Russian Federation
    for (const id of [
      { type: 'national_id' as const, value: '9103314932', country: 'ru' },
      { type: 'national_id' as const, value: '9103 314932' },
    ]) {
      expect(score({ name: 'Ivan Petrov', schema: 'Person', identifiers: [id] }, atabiev).score).toBeGreaterThanOrEqual(0.9);
    }
    // The same number issued by another country is another document.
    expect(score({ name: 'Ivan Petrov', schema: 'Person', identifiers: [{ type: 'national_id', value: '9103314932', country: 'ua' }] }, atabiev).match).toBe(false);

    const bank = entity('us_ofac_sdn:13131'); // EGHTESAD NOVIN BANK, BIC BEGNIRTH
    const bic = score({ name: 'Novin Economy Bank', schema: 'Company', identifiers: [{ type: 'bic', value: 'BEGNIRTH' }] }, bank);
    expect(bic.match).toBe(true);
    expect(bic.score).toBeGreaterThanOrEqual(0.9);
  });

  it('a BIC written with its head-office branch code ("BEGNIRTHXXX") is the listed 8-letter BIC BEGNIRTH (us_ofac_sdn:13131)', () => {
    // BIC8 + "XXX" (the head office) is the same BIC as BIC8.
    const r = scoreEntity({ name: 'Novin Economy Bank', schema: 'Company', identifiers: [{ type: 'bic', value: 'BEGNIRTHXXX' }] }, entity('us_ofac_sdn:13131'));
    expect(r.match).toBe(true);
  });

  it('entity type: a vessel is not a person, an aircraft not a vessel, a person not a company', () => {
    const jasmine = entity('us_ofac_sdn:27310');
    expect(score({ name: 'Jasmine', schema: 'Vessel' }, jasmine).score).toBe(1);
    const asPerson = score({ name: 'Jasmine', schema: 'Person' }, jasmine);
    expect(asPerson.score).toBe(0);
    expect(asPerson.match).toBe(false);
    expect(feature(asPerson, 'schema')).toMatchObject({ effect: -1 });
    expect(asPerson.explanation.summary).toMatch(/vessel cannot be the person/);
    expect(score({ name: 'EP-GOM', schema: 'Vessel' }, entity('us_ofac_sdn:15431')).score).toBe(0);
    expect(score({ name: 'EP-GOM', schema: 'Aircraft' }, entity('us_ofac_sdn:15431')).score).toBe(1);
    expect(score({ name: 'Erken Tuniyaz', schema: 'Company' }, tuniyaz()).score).toBe(0);
    expect(score({ name: 'SenseTime Group Inc', schema: 'Person' }, entity('us_ofac_cons:33114')).score).toBe(0);
    // Organization and Company are compatible; LegalEntity or no schema meets either kind.
    expect(score({ name: 'SenseTime Group Inc', schema: 'Organization' }, entity('us_ofac_cons:33114')).score).toBe(1);
    expect(score({ name: 'Erken Tuniyaz', schema: 'LegalEntity' }, tuniyaz()).score).toBe(1);
    expect(score({ name: 'Erken Tuniyaz' }, tuniyaz()).score).toBe(1);
    // compareNames takes the schema for both sides.
    expect(compareNames('Jasmine', 'JASMINE', { schema: 'Vessel' }).score).toBe(1);
  });

  it('weak aliases count only near-exact, and score lower than a strong name', () => {
    const masri = entity('us_ofac_sdn:6367'); // weak a.k.a.s TAYSIR, ABU HAFS; strong a.k.a. ATEF, Muhammad
    listed('us_ofac_sdn:6367', 'TAYSIR');
    listed('us_ofac_sdn:6367', 'ATEF, Muhammad');
    expect(masri.names.find((n) => n.full === 'TAYSIR')?.kind).toBe('weak_alias');
    const weak = score({ name: 'Taysir', schema: 'Person' }, masri);
    expect(weak.explanation.nameKind).toBe('weak_alias');
    expect(weak.score).toBeCloseTo(1 - WEAK_ALIAS_PENALTY, 3);
    expect(feature(weak, 'weak_alias')).toMatchObject({ effect: -WEAK_ALIAS_PENALTY });
    const strong = score({ name: 'Muhammad Atef', schema: 'Person' }, masri);
    expect(strong.explanation.nameKind).toBe('alias');
    expect(strong.score).toBe(1);
    expect(strong.score).toBeGreaterThan(weak.score);
    // A spelling of the weak alias that is not near-exact does not meet it at all.
    const loose = score({ name: 'Tayseer', schema: 'Person' }, masri);
    expect(loose.explanation.nameKind).not.toBe('weak_alias');
    expect(loose.match).toBe(false);
    // Near-exact still counts, with the penalty (un_sc:6908048, weak alias "Abu Ali").
    listed('un_sc:6908048', 'Abu Ali');
    const near = score({ name: 'Abu Aly', schema: 'Person' }, entity('un_sc:6908048'));
    expect(near.explanation.nameKind).toBe('weak_alias');
    expect(near.explanation.nameScore).toBeLessThanOrEqual(1 - WEAK_ALIAS_PENALTY);
    expect(feature(near, 'name')!.effect).toBeGreaterThanOrEqual(WEAK_ALIAS_MIN);
  });
});

// ---------------------------------------------------------------- the explanation

describe('explanations', () => {
  it('every result carries the query and listed names, a token alignment, the features and a summary', () => {
    const r = against('Erken Tuniyaz', 'us_ofac_sdn:34119', 'TUNIYAZ, Erken', 'Person');
    expect(r.explanation).toMatchObject({ queryName: 'Erken Tuniyaz', matchedName: 'TUNIYAZ, Erken', nameKind: 'primary', nameScore: 1 });
    expect(r.explanation.alignment).toEqual(
      expect.arrayContaining([
        { query: 'erken', listed: 'erken', similarity: 1, how: 'exact' },
        { query: 'tuniyaz', listed: 'tuniyaz', similarity: 1, how: 'exact' },
      ]),
    );
    expect(r.explanation.features[0]).toMatchObject({ feature: 'name', effect: 1 });
    expect(r.explanation.summary).toMatch(/^Match \(score 1 ≥ 0\.8\): "Erken Tuniyaz" meets primary name "TUNIYAZ, Erken"/);
  });

  it('a non-match is explained too, naming the parts that found no counterpart', () => {
    const r = against('Leon Technology', 'uk_ofsi:15372', 'FORSS TECHNOLOGY LTD', 'Company');
    expect(r.match).toBe(false);
    expect(r.explanation.alignment).toContainEqual(expect.objectContaining({ query: 'leon', how: 'unmatched' }));
    expect(r.explanation.alignment).toContainEqual(expect.objectContaining({ listed: 'forss', how: 'unmatched' }));
    expect(feature(r, 'unmatched')!.detail).toMatch(/"leon".*"forss"/);
  });

  it('every hit of a search carries a consistent explanation, and the summary names each non-zero effect', () => {
    const hits = search({ name: 'Erken Tuniyaz', schema: 'Person', birthDate: '1961', countries: ['China'] });
    expect(hits.length).toBeGreaterThan(0);
    const top = hits[0].result.explanation;
    expect(top.summary).toMatch(/birth year 1961 fits listed Dec 1961 \(\+0\.03\)/);
    expect(top.summary).toMatch(/China is on the listing \(\+0\.03\)/);
  });
});

// ---------------------------------------------------------------- the index

describe('MatchIndex.search over every list', () => {
  it('finds Erken Tuniyaz (us_ofac_sdn:34119) first, however the name is written, and his Canadian listing', () => {
    for (const name of ['Erken Tuniyaz', 'TUNIYAZ, Erken', 'ErkenTuniyaz']) {
      const hits = search({ name, schema: 'Person' });
      expect(hits[0]?.entity.id, name).toBe('us_ofac_sdn:34119');
      expect(ids(hits), name).toContain('ca_sema:china-part-1-6');
    }
    const top = search({ name: 'Erken Tuniyaz' })[0];
    expect(top.result.score).toBe(1);
    // "Erkin Tuniyaz" is the Canadian primary name and an OFAC a.k.a.: both meet it fully.
    const erkin = search({ name: 'Erkin Tuniyaz', schema: 'Person' });
    expect(erkin.filter((h) => h.result.score === 1).map((h) => h.entity.id)).toEqual(expect.arrayContaining(['us_ofac_sdn:34119', 'ca_sema:china-part-1-6']));
    expect(erkin.find((h) => h.entity.id === 'us_ofac_sdn:34119')!.result.explanation.matchedName).toBe('TUNIYAZ, Erkin');
  });

  it('finds SenseTime (us_ofac_cons:33114) from "SenseTime Group Inc", with and without a schema', () => {
    for (const schema of ['Company', 'Organization', undefined] as const) {
      const hits = search({ name: 'SenseTime Group Inc', ...(schema ? { schema } : {}) });
      expect(hits[0]?.entity.id, String(schema)).toBe('us_ofac_cons:33114');
      expect(hits[0].result.score).toBe(1);
    }
  });

  it('finds listed names in their original script as written: 김영복, 金铁三, 長安海連技術有限公司, صدام حسين التكريتي, Владимир Путин', () => {
    const kim = search({ name: '김영복' });
    expect(ids(kim)).toContain('uk_ofsi:16816');
    expect(kim.find((h) => h.entity.id === 'uk_ofsi:16816')!.result.explanation.matchedName).toBe('김영복');
    expect(ids(search({ name: '金铁三' }))).toContain('un_sc:6908566');
    const changAn = search({ name: '長安海連技術有限公司' });
    expect(ids(changAn)).toEqual(expect.arrayContaining(['un_sc:6908691', 'uk_ofsi:13626']));
    expect(changAn[0].result.explanation.summary).toMatch(/written identically in the original script/);
    expect(ids(search({ name: 'صدام حسين التكريتي' })).slice(0, 2)).toContain('un_sc:6908048');
    expect(ids(search({ name: 'Владимир Путин', schema: 'Person' }))).toEqual(expect.arrayContaining(['us_ofac_sdn:35096', 'uk_ofsi:14196']));
    expect(ids(search({ name: 'ウラジーミル・プーチン', schema: 'Person' }))).toContain('us_ofac_sdn:35096');
  });

  it('"Leon Technology" hits LEON TECHNOLOGY COMPANY LIMITED and none of the many other listed technology companies', () => {
    const technology = all.filter((e) => e.id !== 'us_ofac_cons:33894' && e.names.some((n) => /technolog/i.test(n.full)));
    expect(technology.length).toBeGreaterThan(50);
    for (const schema of ['Company', undefined] as const) {
      const hits = search({ name: 'Leon Technology', ...(schema ? { schema } : {}) }, { limit: 1000 });
      expect(hits[0]?.entity.id).toBe('us_ofac_cons:33894');
      const others = hits.filter((h) => h.entity.id !== 'us_ofac_cons:33894' && /technolog/i.test(h.result.explanation.matchedName));
      expect(others.map((h) => `${h.entity.id} ${h.result.explanation.matchedName} ${h.result.score}`)).toEqual([]);
    }
  });

  it('"Emma Holdings LLC" reaches EMMA LLC (us_ofac_sdn:29857) below full score, "Emma LLC" at full score', () => {
    const holdings = search({ name: 'Emma Holdings LLC', schema: 'Company' }, { threshold: 0.5 });
    const emma = holdings.find((h) => h.entity.id === 'us_ofac_sdn:29857');
    expect(emma).toBeDefined();
    expect(emma!.result.score).toBeLessThan(1);
    expect(search({ name: 'Emma LLC', schema: 'Company' })[0]).toMatchObject({ entity: { id: 'us_ofac_sdn:29857' }, result: { score: 1 } });
  });

  it('finds a vessel by its IMO number under another name, and never offers a vessel for a person', () => {
    const byImo = search({ name: 'Ocean Star', schema: 'Vessel', identifiers: [{ type: 'imo', value: 'IMO 9105085' }] });
    expect(ids(byImo)).toContain('us_ofac_sdn:27310');
    expect(search({ name: 'Jasmine', schema: 'Vessel' })[0]?.entity.id).toBe('us_ofac_sdn:27310');
    const people = search({ name: 'Jasmine', schema: 'Person' }, { threshold: 0.3, limit: 1000 });
    expect(people.filter((h) => h.entity.schema !== 'Person')).toEqual([]);
  });

  it('returns hits best first, each at or above the threshold, within the limit', () => {
    const hits = search({ name: 'Muhammad Ali', schema: 'Person' }, { threshold: 0.7, limit: 25 });
    expect(hits.length).toBeGreaterThan(5);
    expect(hits.length).toBeLessThanOrEqual(25);
    for (let i = 1; i < hits.length; i++) expect(hits[i].result.score).toBeLessThanOrEqual(hits[i - 1].result.score);
    for (const h of hits) expect(h.result.score).toBeGreaterThanOrEqual(0.7);
  });

  it('a name on no list hits nothing', () => {
    expect(search({ name: 'Wilhelmina Quackenbush-Oyelaran', schema: 'Person' })).toEqual([]);
  });
});
