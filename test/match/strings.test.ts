import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, editsAtLeast, jaroWinkler } from '../../src/match/similarity.js';
import { phoneticKey } from '../../src/match/phonetic.js';
import { latinForms } from '../../src/match/translit.js';
import { TYPO_MIN_JW } from '../../src/match/tokens.js';
import { consonantsAgreeing } from '../../src/match/vowels.js';
import { glueMayMeet, glueSimilarity, scriptsBetween } from '../../src/match/names.js';
import { prepareName } from '../../src/match/prepare.js';
import { DEFAULT_STATS } from '../../src/match/weights.js';

describe('hand-written token similarity', () => {
  it('Jaro-Winkler gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('Damerau-Levenshtein counts a swap of neighbours as one edit and stops at the bound', () => {
    expect(damerauLevenshtein('tuniyaz', 'tuinyaz')).toBe(1);
    expect(damerauLevenshtein('tuniyaz', 'tuniyas')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });

  it('words one edit apart never fall below TYPO_MIN_JW, under which the scorer skips the edit distance', () => {
    // Every word of 4 to 7 letters over three letters and of 4 to 10 over two (repeated letters
    // are where Jaro's greedy matching goes wrong most), against every single edit of it.
    const words = (alphabet: string, length: number): string[] => (length ? words(alphabet, length - 1).flatMap((w) => [...alphabet].map((c) => w + c)) : ['']);
    let lowest = 1;
    let pairs = 0;
    for (const [alphabet, longest] of [['abc', 7], ['ab', 10]] as const) {
      for (let length = 4; length <= longest; length++) {
        for (const a of words(alphabet, length)) {
          for (const b of singleEdits(a, alphabet)) {
            if (b.length < 4 || damerauLevenshtein(a, b, 2) !== 1) continue;
            pairs++;
            lowest = Math.min(lowest, jaroWinkler(a, b));
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(50_000);
    expect(lowest).toBeGreaterThanOrEqual(TYPO_MIN_JW);
  });

  it('editsAtLeast never says more edits than Damerau-Levenshtein counts (the scorer turns pairs away on it)', () => {
    // Every word of 1 to 4 letters over four letters against every other, and real name words
    // against each other: lengths and letter sets both decide the bound somewhere in these.
    const words = (alphabet: string, length: number): string[] => (length ? words(alphabet, length - 1).flatMap((w) => [...alphabet].map((c) => w + c)) : ['']);
    const small = [1, 2, 3, 4].flatMap((n) => words('abcd', n));
    const names = ['mohammed', 'muhammad', 'tuniyaz', 'tuinyaz', 'erkentuniyaz', 'vladimir', 'wladimir', 'putin', 'poutine', 'smith', 'schmidt', 'ali', 'alia', 'al1', 'yong', 'song', 'kovalenko', 'kovalneko', 'zakir', 'shohrat'];
    let pairs = 0;
    let told = 0;
    for (const list of [small, names]) {
      for (const a of list) {
        for (const b of list) {
          if (a === b) continue;
          const bound = editsAtLeast(a, b);
          const distance = damerauLevenshtein(a, b);
          pairs++;
          if (bound > distance) throw new Error(`editsAtLeast("${a}", "${b}") = ${bound} > ${distance}`);
          if (bound > 0) told++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(110_000);
    // A bound that said 0 everywhere would pass the check above: this one tells most words apart.
    expect(told / pairs).toBeGreaterThan(0.9);
    expect(editsAtLeast('tuniyaz', 'tuniyas')).toBe(1);
    expect(editsAtLeast('mohammed', 'zakir')).toBeGreaterThanOrEqual(4);
  });
});

describe('phonetic skeleton', () => {
  it('collapses transliterations of one name', () => {
    const putin = ['putin', 'poutine', 'putyin', 'pujing', 'puchin', 'putsin'].map(phoneticKey);
    expect(new Set(putin)).toEqual(new Set(['PTN']));
    expect(phoneticKey('mhmd')).toBe(phoneticKey('mohammed'));
    expect(phoneticKey('uyghur')).toBe(phoneticKey('uighur'));
  });

  it('keeps consonants a vowel separates (Potanin is not Putin)', () => {
    expect(phoneticKey('potanin')).not.toBe(phoneticKey('putin'));
  });
});

describe('letters with optional vowels (abjad readings against spellings with vowels)', () => {
  const agree = (reading: string, latin: string) => consonantsAgreeing(reading.split(' '), latin);

  it('accepts vowels the script left unwritten, doubled letters written once and semivowels either way', () => {
    expect(agree('qsi', 'qusay')).toBe(2.5); // قصي: the yeh of the diphthong counts half
    expect(agree('azt', 'izzat')).toBe(2); // عزت: ʿayn carries the opening vowel
    expect(agree('antsar', 'intissar')).toBe(4); // انتصار
    expect(agree('mrtzi', 'morteza')).toBe(4); // مرتضی: a closing ی may be any vowel
    expect(agree('vyis', 'weiss')).toBe(1.5); // וייס: vav as v counts half
    expect(agree('azt allah', 'ezatullah')).toBeGreaterThanOrEqual(3); // glued: each word opens with its own vowel
  });

  it('refuses a Latin vowel opening the word, a consonant or long vowel the reading lacks, and a written long vowel of another quality', () => {
    expect(agree('mn', 'amin')).toBe(0); // an opening vowel is written in an abjad
    expect(agree('qdir', 'quwaydir')).toBe(0); // w and y of Quwaydir would be written
    expect(agree('aman', 'amin')).toBe(0); // alif is a, not i (امان is not امین)
    expect(agree('abdal', 'abdallah')).toBe(0); // the closing h of Abdallah is a consonant
  });
});

describe('transliteration to Latin', () => {
  const texts = (s: string) => latinForms(s).map((f) => f.text);

  it('folds case, diacritics and letters that carry a sound', () => {
    expect(texts('Vladímír Pútín')).toEqual(['vladimir putin']);
    expect(texts('Vladimir Vladimirovič')).toEqual(['vladimir vladimirovich']);
    expect(texts('Władimir Müller')).toEqual(['wladimir muller']);
  });

  it('reads Cyrillic, Greek, Armenian, Georgian and Devanagari', () => {
    expect(texts('Владимир Путин')).toEqual(['vladimir putin']);
    expect(texts('Νικόλαος')).toEqual(['nikolaos']);
    expect(texts('Վլադիմիր Պուտին')[0]).toMatch(/^vladimir p/);
    expect(texts('ვლადიმერ პუტინი')).toEqual(['vladimer putini']);
    expect(texts('व्लादिमीर पुतिन')).toEqual(['vladimir putin']);
  });

  it('reads common Arabic-script names as they are usually written, others letter by letter', () => {
    expect(texts('محمد علي')).toEqual(['muhammad ali']);
    expect(texts('عبد الله')).toEqual(['abd allah']);
    expect(texts('فلاديمير بوتين')).toEqual(['fladimir butin']);
  });

  it('reads Hangul in the North Korean spelling and in Revised Romanisation, initial ㄹ as R', () => {
    expect(texts('리영길')).toEqual(['ri yongkil', 'ri yeonggil']);
    expect(texts('김정은')).toEqual(['kim jongun', 'gim jeongeun']);
    expect(texts('이민호')[0]).toBe('lee minho');
  });

  it('reads Han in pinyin and, when the characters allow, in Korean and Japanese', () => {
    expect(latinForms('习近平')).toEqual([{ text: 'xi jinping', method: 'pinyin' }]);
    expect(latinForms('金正恩')).toContainEqual({ text: 'kim jong un', method: 'korean' });
    expect(latinForms('山田太郎')).toContainEqual({ text: 'yama da taro', method: 'japanese' });
    expect(texts('弗拉基米尔·普京')).toEqual(['fulajimier pujing']);
  });

  it('reads kana and Hebrew (both readings of vav and yod)', () => {
    expect(texts('ウラジーミル・プーチン')[0]).toBe('urajimiru-puchin');
    expect(texts('ולדימיר פוטין')).toContain('vldimir putin');
  });
});

/** Every word one insertion, deletion, substitution or swap of neighbours away from a word. */
function singleEdits(a: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  for (let p = 0; p <= a.length; p++) {
    for (const c of alphabet) {
      out.add(a.slice(0, p) + c + a.slice(p));
      if (p < a.length) out.add(a.slice(0, p) + c + a.slice(p + 1));
    }
    if (p < a.length) out.add(a.slice(0, p) + a.slice(p + 1));
    if (p < a.length - 1) out.add(a.slice(0, p) + a[p + 1] + a[p] + a.slice(p + 2));
  }
  return out;
}

describe('glued spellings against single words', () => {
  it('a glued spelling and a word glueMayMeet turns away are never alike (it spares the scorer and the index their edit distance)', () => {
    // Glues of names in several scripts; words made from each glued spelling by the slips a
    // record makes (a letter dropped, changed, added or two swapped, the first one too), and
    // from other names' words.
    const names = ['Erken Tuniyaz', 'Ri Yong Gil', 'Kim Jong Un', 'Abdul Rahman', 'Mati Allah', 'Ezat Allah', 'Zhou Yong Kang', 'Al Ravi', 'Abu Bakr', 'Ibn Saud', 'Nasr Allah', 'Van der Berg', 'Abd al Aziz', 'عزت الله', 'نصر الله', 'عبد الرحمن', 'Ли Ён Гиль', '리영길', '周永康', 'Daveed Zhu', 'Ezatullah', 'Ezzatullah', 'Nasrullah', 'Nassrullah', 'Abdurrahman', 'Matiullah', 'Mutiullah'];
    const prepared = names.map((n) => prepareName(n, 'primary', 'person', DEFAULT_STATS));
    const glues = prepared.flatMap((p) => p.forms.flatMap((f) => f.glues.map((g) => ({ g, method: f.method }))));
    const slips = (w: string): string[] => {
      const out = [w, w + 'a', w + 'ov', w + 'ulla', 'x' + w.slice(1), w.slice(1), w.slice(0, -1), w.slice(0, -2)];
      for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + 'e' + w.slice(i + 1));
      for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
      return out;
    };
    const wordsOf = (n: string) => prepareName(n, 'primary', 'person', DEFAULT_STATS).forms.flatMap((f) => f.tokens.map((t) => ({ t, method: f.method })));
    const words = [...new Set([...glues.flatMap(({ g }) => slips(g.text)), ...names])].flatMap(wordsOf);
    let pairs = 0;
    let alike = 0;
    let turnedAway = 0;
    for (const { g, method } of glues) {
      for (const { t, method: other } of words) {
        const scripts = scriptsBetween(method, other);
        const meets = glueMayMeet(g, t, scripts);
        const sim = meets ? glueSimilarity(g, t, scripts) : 0;
        pairs++;
        if (!meets) turnedAway++;
        if (sim > 0) alike++;
        if (!meets) expect(glueSimilarity(g, t, scripts), `${g.text} ${t.text}`).toBe(0);
      }
    }
    expect(pairs).toBeGreaterThan(50_000);
    expect(alike).toBeGreaterThan(500);
    expect(turnedAway / pairs).toBeGreaterThan(0.5);
  });
});
