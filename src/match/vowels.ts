import { phoneticKey } from './phonetic.js';

/**
 * Letters with optional vowels: does a Latin spelling agree with a reading of an abjad (Arabic,
 * Persian, Hebrew script)? Those scripts write consonants and long vowels but leave short vowels,
 * and often the second of two like consonants, unwritten: قصي is read "qsi" and is Qusay, عزت
 * "azt" and Izzat, נעם "nm" and Noam. The Latin spelling agrees when, walked letter by letter:
 *  - every consonant meets the same consonant, in order (a doubled consonant may be written
 *    once, and the usual two-letter spellings of one sound count as one letter: kh, sh, th ...);
 *  - every vowel letter of the reading (alif, waw, yeh; vav, yod; ʿayn or alef opening a word)
 *    meets a Latin vowel it is spelled with (SPELLED_AS): a long vowel is written in both;
 *  - a Latin vowel may meet nothing (a short vowel the script did not write), except one that
 *    opens the word: an abjad writes a word-initial vowel with a letter (alif, ʿayn, alef).
 * The semivowels go both ways: waw, vav and yod are vowels (u, o, i) or consonants (w, v, y), and
 * so are Latin w and y (Weiss, Qusay); a closing h (ه, ה) may write a vowel (Daniella, דניאלה).
 */

interface Letter {
  /** The consonant the letter can stand for ('' when it is only a vowel). */
  consonant: string;
  /**
   * As a vowel: in a reading, the Latin vowel letters it may be spelled with; in a spelling, the
   * letter itself ('' when it is no vowel).
   */
  vowels: string;
  /** A letter the other side may lack: a short vowel the abjad left unwritten, or see readingLetter. */
  optional: boolean;
}

/** Two-letter spellings of one consonant, and the letter they count as. */
const DIGRAPHS: Record<string, string> = { sh: 'S', kh: 'X', ch: 'X', th: 't', dh: 'd', gh: 'g', ph: 'f', dj: 'j', zh: 'Z', ck: 'k' };
const VOWELS = 'aeiou';
/**
 * How the vowel letters of an abjad are spelled in Latin letters: alif as a (or e: Imed for
 * عماد), waw and vav as u, o or w, yeh and yod as i, e or y. Opening a word (alif or ʿayn
 * carrying any short vowel: Ibrahim, Usama, Izzat) and closing it (ى, ة, ه, ה: Morteza, Hilweh,
 * Daniella) they stand for any vowel.
 */
const SPELLED_AS: Record<string, string> = { a: 'ae', e: 'ei', o: 'ou', u: 'uow', w: 'uow', v: 'uow', i: 'iey', y: 'iey' };
/** Any vowel, and the closing h that may spell one (Hilweh, حلوة). */
const ANY_VOWEL = 'aeiouywh';

const consonant = (c: string): Letter => ({ consonant: c, vowels: '', optional: false });

/**
 * One letter of a word of an abjad reading: its u and i came from waw and yeh, which are also
 * w (v) and y. Two letters may stand for less than they seem: alif, ʿayn or alef opening a word
 * before a vowel letter only carries that vowel (איתן, Eitan; إيمان, Iman), and a consonant
 * written twice may be one long consonant spelled once (shadda, or Hebrew doubling).
 */
function readingLetter(word: string, i: number): Letter {
  const ch = word[i];
  const edge = i === 0 || i === word.length - 1;
  const vowels = edge ? ANY_VOWEL : SPELLED_AS[ch];
  if (ch === 'u' || ch === 'v' || ch === 'w') return { consonant: 'v', vowels, optional: false };
  if (ch === 'i' || ch === 'y') return { consonant: 'y', vowels, optional: false };
  if (VOWELS.includes(ch)) return { consonant: '', vowels, optional: i === 0 && 'uvwiy'.includes(word[1] ?? '') };
  // A closing heh or he often writes a final vowel (דניאלה, Daniella).
  if (ch === 'h' && i === word.length - 1 && i > 0) return { consonant: 'h', vowels: ANY_VOWEL, optional: false };
  const letter = latinConsonant(word, i);
  return word[i - 1] === ch ? { ...letter, optional: true } : letter;
}

/** The letters of an abjad reading, word by word (several when words were glued); digraphs count once. */
function readingLetters(words: string[]): Letter[] {
  const out: Letter[] = [];
  for (const word of words) {
    for (let i = 0; i < word.length; i++) {
      const digraph = DIGRAPHS[word.slice(i, i + 2)];
      out.push(digraph ? consonant(digraph) : readingLetter(word, i));
      if (digraph) i++;
    }
  }
  return out;
}

/** One letter of a spelling with vowels. */
function writtenLetter(text: string, i: number): Letter {
  const ch = text[i];
  const next = text[i + 1] ?? '';
  if (ch === 'w' || ch === 'y') {
    // Opening a word or a syllable, or doubled, they are consonants; else they close a diphthong
    // (Qusay, al-Ubaydi). Either way an abjad writes them (Quwaydir is not قدير).
    const c = ch === 'w' ? 'v' : 'y';
    return i === 0 || VOWELS.includes(next) || next === ch ? consonant(c) : { consonant: c, vowels: ch, optional: false };
  }
  if (VOWELS.includes(ch)) return { consonant: '', vowels: ch, optional: true };
  // A closing h after a vowel may only spell that vowel (Hilweh for حلوة), but never stands alone.
  if (ch === 'h' && i === text.length - 1 && VOWELS.includes(text[i - 1] ?? '')) return { consonant: 'h', vowels: 'h', optional: false };
  return latinConsonant(text, i);
}

function latinConsonant(text: string, i: number): Letter {
  const ch = text[i];
  if (ch === 'q') return consonant('k');
  if (ch === 'c') return consonant('eiy'.includes(text[i + 1] ?? '') ? 's' : 'k');
  return consonant(ch);
}

/** The letters of a spelling with vowels: digraphs and doubled consonants count once. */
function writtenLetters(text: string): Letter[] {
  const out: Letter[] = [];
  for (let i = 0; i < text.length; i++) {
    const digraph = DIGRAPHS[text.slice(i, i + 2)];
    const letter = digraph ? consonant(digraph) : writtenLetter(text, i);
    if (digraph) i++;
    const last = out[out.length - 1];
    if (last && letter.consonant && last.consonant === letter.consonant && last.vowels === letter.vowels) continue;
    out.push(letter);
  }
  return out;
}

/**
 * The sound key (phonetic.ts) of an abjad reading with its inner waw and yeh read as the
 * consonants w and y, and t and s kept apart (ت ص is t-s, never the sound ts): the key a
 * spelling with vowels that agrees with it mostly has (ثروت "thrut", Tharwat; المتصدق
 * "mtsdq", Motassadeq). The candidate index looks such words up by it as well.
 */
export function consonantalKey(reading: string): string {
  const inner = reading.slice(1, -1).replace(/u/g, 'w').replace(/i/g, 'y').replace(/ts/g, 't-s');
  return phoneticKey(reading.length > 2 ? reading[0] + inner + reading[reading.length - 1] : reading);
}

/** Letters and skeleton of a reading or a spelling, made once per text (names repeat). */
interface Spelling {
  letters: Letter[];
  /** The consonants no vowel letter can stand for, each once: equal in any two that agree. */
  skeleton: string;
}

const readings = new Map<string, Spelling>();
const spellings = new Map<string, Spelling>();
const CACHE_LIMIT = 200_000;

function spellingOf(cache: Map<string, Spelling>, key: string, letters: () => Letter[]): Spelling {
  let s = cache.get(key);
  if (!s) {
    const l = letters();
    s = { letters: l, skeleton: skeletonOf(l) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, s);
  }
  return s;
}

function skeletonOf(letters: Letter[]): string {
  let out = '';
  letters.forEach((l, k) => {
    const semivowel = l.vowels !== '' || l.consonant === 'v' || l.consonant === 'y' || (l.consonant === 'h' && k === letters.length - 1);
    if (!semivowel && out[out.length - 1] !== l.consonant) out += l.consonant;
  });
  return out;
}

/** Scratch for the walk: best[i * (b + 1) + j]. */
let best = new Float64Array(256);

/**
 * How many consonants an abjad reading (its words, several when glued) and a Latin spelling
 * share when they agree as letters with optional vowels (see above), or 0 when they do not.
 * Semivowels met as consonants count half.
 */
export function consonantsAgreeing(reading: string[], latin: string): number {
  const r = spellingOf(readings, reading.join(' '), () => readingLetters(reading));
  const w = spellingOf(spellings, latin, () => writtenLetters(latin));
  if (r.skeleton !== w.skeleton) return 0;
  const a = r.letters;
  const b = w.letters;
  const width = b.length + 1;
  const size = (a.length + 1) * width;
  if (best.length < size) best = new Float64Array(size * 2);
  // Most consonants met when a[0..i) and b[0..j) are walked, -1 if unreachable.
  best.fill(-1, 0, size);
  best[0] = 0;
  const step = (to: number, value: number) => {
    if (best[to] < value) best[to] = value;
  };
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      const met = best[i * width + j];
      if (met < 0) continue;
      // A Latin vowel the script left unwritten (never the one that opens the word).
      if (j < b.length && j > 0 && b[j].optional) step(i * width + j + 1, met);
      // A vowel carrier or the second of a doubled consonant in the reading.
      if (i < a.length && a[i].optional) step((i + 1) * width + j, met);
      if (i < a.length && j < b.length) {
        const next = (i + 1) * width + j + 1;
        if (a[i].vowels && b[j].vowels && a[i].vowels.includes(b[j].vowels)) step(next, met);
        // A semivowel met as a consonant says less (فيض is Faiz, not Fayyaz): it counts half.
        if (a[i].consonant && a[i].consonant === b[j].consonant) step(next, met + (a[i].vowels ? 0.5 : 1));
      }
    }
  }
  return Math.max(0, best[size - 1]);
}
