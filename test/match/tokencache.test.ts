import { describe, expect, it } from 'vitest';
import { prepareName, TokenCache, type NameForm } from '../../src/match/prepare.js';
import { DEFAULT_STATS } from '../../src/match/weights.js';

/** A form as plain data: what a token or glue is, not which object holds it. */
const plain = (f: NameForm) => JSON.parse(JSON.stringify({ tokens: f.tokens, glues: f.glues, total: f.total, method: f.method }));

describe('TokenCache (what a batch keeps of its query words)', () => {
  it('gives a name the tokens and glued spellings it would make without a cache; keeps each from its second making', () => {
    const cache = new TokenCache();
    for (const full of ['Erken Tuniyaz', 'Ri Yong Gil', '宗憲 Gerlach', 'محمد علي حسن']) {
      const alone = prepareName(full, 'primary', 'person', DEFAULT_STATS);
      const made = [1, 2, 3, 4].map(() => prepareName(full, 'primary', 'person', DEFAULT_STATS, cache));
      for (const m of made) expect(m.forms.map(plain), full).toEqual(alone.forms.map(plain));
      const [first, second, third, fourth] = made;
      const same = <T>(a: T[], b: T[]) => a.map((x, k) => x === b[k]);
      first.forms.forEach((f, i) => {
        // Many words and most glues of a batch are met once: one is kept only when it comes back.
        expect(same(second.forms[i].tokens, f.tokens), full).not.toContain(true);
        expect(same(third.forms[i].tokens, second.forms[i].tokens), full).not.toContain(false);
        // A glue is looked up by its kept tokens, so it is first noted when they are kept.
        expect(same(third.forms[i].glues, second.forms[i].glues), full).not.toContain(true);
        expect(same(fourth.forms[i].glues, third.forms[i].glues), full).not.toContain(false);
      });
      expect(first.forms.some((f) => f.glues.length > 0), full).toBe(true);
    }
  });

  it('keeps a glue per position: the same words glued at other positions of another name are another glue', () => {
    const cache = new TokenCache();
    const two = prepareName('Yong Gil', 'primary', 'person', DEFAULT_STATS, cache).forms[0];
    const three = prepareName('Ri Yong Gil', 'primary', 'person', DEFAULT_STATS, cache).forms[0];
    const yonggil = (f: NameForm) => f.glues.find((g) => g.text === 'yonggil')!;
    expect(yonggil(two).idx).toEqual([0, 1]);
    expect(yonggil(three).idx).toEqual([1, 2]);
  });

  it('cleared (MatchIndex.forgetQueries), keeps no token or glue: the next name gets new ones, equal to the old', () => {
    const cache = new TokenCache();
    prepareName('Erken Tuniyaz', 'primary', 'person', DEFAULT_STATS, cache);
    const first = prepareName('Erken Tuniyaz', 'primary', 'person', DEFAULT_STATS, cache).forms[0];
    expect(prepareName('Erken Tuniyaz', 'primary', 'person', DEFAULT_STATS, cache).forms[0].tokens.every((t, k) => t === first.tokens[k])).toBe(true);
    cache.clear();
    const again = prepareName('Erken Tuniyaz', 'primary', 'person', DEFAULT_STATS, cache).forms[0];
    expect(again.tokens.some((t, k) => t === first.tokens[k])).toBe(false);
    expect(again.glues.some((g, k) => g === first.glues[k])).toBe(false);
    expect(plain(again)).toEqual(plain(first));
  });

  it('emptied in the middle of a name (it is full), still gives that name its glues', () => {
    const cache = new TokenCache(3);
    const full = 'Abdul Rahman Ahmad Saleh';
    const alone = prepareName(full, 'primary', 'person', DEFAULT_STATS);
    for (let round = 0; round < 3; round++) {
      expect(prepareName(full, 'primary', 'person', DEFAULT_STATS, cache).forms.map(plain), `round ${round}`).toEqual(alone.forms.map(plain));
    }
  });
});
