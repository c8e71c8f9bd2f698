import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearance } from '../helpers.js';

/**
 * `clearance compare` as a user runs it: the built binary (dist/cli/main.js, built by `npm test`'s
 * pretest step or `npx tsc -p .`). It needs no lists and no store.
 */

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clearance-compare-'));
});

async function csv(name: string, content: string | Buffer): Promise<string> {
  const file = join(work, name);
  await writeFile(file, content);
  return file;
}

/** stdout of `compare --input` as one parsed JSON object per line. */
function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('clearance compare NAME_A NAME_B', () => {
  it('--json prints the score, the decision and the full explanation', async () => {
    const r = await clearance(['compare', 'TUNIYAZ, Erken', 'Erken Tuniyaz', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ nameA: 'TUNIYAZ, Erken', nameB: 'Erken Tuniyaz', schema: null, threshold: 0.8, score: 1, match: true });
    expect(out.explanation).toMatchObject({ queryName: 'TUNIYAZ, Erken', matchedName: 'Erken Tuniyaz', nameKind: 'primary', nameScore: 1 });
    expect(out.explanation.alignment).toEqual(
      expect.arrayContaining([
        { query: 'tuniyaz', listed: 'tuniyaz', similarity: 1, how: 'exact' },
        { query: 'erken', listed: 'erken', similarity: 1, how: 'exact' },
      ]),
    );
    expect(out.explanation.features[0]).toMatchObject({ feature: 'name', effect: 1 });
    expect(out.explanation.summary).toMatch(/^Match \(score 1 ≥ 0\.8\)/);
  });

  it('--schema Company: "SenseTime Group Inc" meets "SENSETIME GROUP LIMITED", legal forms set aside', async () => {
    const r = await clearance(['compare', '--schema', 'Company', 'SenseTime Group Inc', 'SENSETIME GROUP LIMITED', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schema: 'Company', score: 1, match: true });
    expect(out.explanation.features).toContainEqual(expect.objectContaining({ feature: 'legal_form', effect: 0 }));
  });

  it('--schema accepts Person, Organization, Company, Vessel, Aircraft and LegalEntity, in any case', async () => {
    const schemas = ['Person', 'Organization', 'Company', 'Vessel', 'Aircraft', 'LegalEntity', 'person', 'VESSEL'];
    const runs = await Promise.all(schemas.map((schema) => clearance(['compare', '--schema', schema, 'Jasmine', 'JASMINE', '--json'])));
    runs.forEach((r, i) => {
      expect(r.code, `${schemas[i]}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.schema.toLowerCase()).toBe(schemas[i].toLowerCase());
      expect(out.score).toBe(1);
    });
  });

  it('--schema Person tells people apart that share only a family name', async () => {
    const r = await clearance(['compare', '--schema', 'Person', 'Ri Yong Chol', 'RI, Yong Gil', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.match).toBe(false);
    expect(out.score).toBeGreaterThanOrEqual(0);
    expect(out.score).toBeLessThan(0.8);
    expect(out.explanation.summary).toMatch(/^No match/);
  });

  it('prints a readable report without --json: score, decision, summary, alignment and evidence tables', async () => {
    const r = await clearance(['compare', '--schema', 'Company', 'Leon Technology', 'FORSS TECHNOLOGY LTD']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^score\s+0\.\d{3}$/m);
    expect(r.stdout).toMatch(/^decision\s+no match \(threshold 0\.8\)$/m);
    expect(r.stdout).toMatch(/^names\s+Leon Technology\s+<->\s+FORSS TECHNOLOGY LTD$/m);
    expect(r.stdout).toMatch(/^No match \(score [\d.]+ < 0\.8\)/m);
    expect(r.stdout).toMatch(/query part\s+listed part\s+similarity\s+how/);
    expect(r.stdout).toMatch(/technology\s+technology\s+1\.000\s+exact/);
    expect(r.stdout).toMatch(/common_words\s+0\.000\s+shared word "technology"/);
  });

  it('--threshold changes the decision, not the score', async () => {
    const at = async (threshold?: string) => {
      const r = await clearance(['compare', '--schema', 'Person', 'Vladimir Putin', 'PUTIN, Vladimir Vladimirovich', '--json', ...(threshold ? ['--threshold', threshold] : [])]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    const byDefault = await at();
    const strict = await at('0.999');
    expect(byDefault.match).toBe(true);
    expect(strict).toMatchObject({ threshold: 0.999, match: false, score: byDefault.score });
  });

  it('refuses an unknown schema, a bad threshold, or a single name with a clear error and exit code 2', async () => {
    const schema = await clearance(['compare', '--schema', 'Spaceship', 'A', 'B']);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/unknown schema "Spaceship": use one of Person, Organization, Company, LegalEntity, Vessel, Aircraft/);
    const threshold = await clearance(['compare', '--threshold', '2', 'A', 'B']);
    expect(threshold.code).not.toBe(0);
    expect(threshold.stderr).toMatch(/threshold/);
    const one = await clearance(['compare', 'Erken Tuniyaz']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/two names/);
    expect(one.stdout).toBe('');
  });
});

describe('clearance compare --input FILE.csv', () => {
  it('writes one JSON line per row, in input order, with score 0..1 and match; other columns are ignored', async () => {
    const file = await csv(
      'pairs.csv',
      [
        'id,schema,name1,name2,note',
        'a1,Person,"TUNIYAZ, Erken",Erken Tuniyaz,order',
        'a2,Company,SenseTime Group Inc,SENSETIME GROUP LIMITED,legal form',
        'a3,Company,Leon Technology,FORSS TECHNOLOGY LTD,common word',
        'a4,,Ri Yong-gil,"RI, Yong Gil",no schema',
        'a5,Person,Владимир Путин,"PUTIN, Vladimir",Cyrillic',
        'a6,Person,Jasmine,JASMINE,',
        'a7,Vessel,Jasmine,JASMINE,',
      ].join('\n') + '\n',
    );
    const r = await clearance(['compare', '--input', file]);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const l of lines) {
      expect(typeof l.score).toBe('number');
      expect(l.score as number).toBeGreaterThanOrEqual(0);
      expect(l.score as number).toBeLessThanOrEqual(1);
      expect(typeof l.match).toBe('boolean');
      expect(l.match).toBe((l.score as number) >= 0.8);
      expect(l.summary).toEqual(expect.any(String));
      expect(l).not.toHaveProperty('id');
      expect(l).not.toHaveProperty('note');
    }
    expect(lines[0]).toMatchObject({ schema: 'Person', name1: 'TUNIYAZ, Erken', name2: 'Erken Tuniyaz', score: 1, match: true });
    expect(lines[1]).toMatchObject({ schema: 'Company', score: 1, match: true });
    expect(lines[2]).toMatchObject({ schema: 'Company', match: false });
    expect(lines[3]).toMatchObject({ schema: null, name1: 'Ri Yong-gil', name2: 'RI, Yong Gil', score: 1, match: true });
    expect(lines[4]).toMatchObject({ match: true });
    expect(lines[5]).toMatchObject({ score: 1 });
    expect(lines[6]).toMatchObject({ schema: 'Vessel', score: 1 });
  });

  it('takes the header in any case and column order, with a BOM, CRLF line ends and blank lines', async () => {
    const file = await csv('header.csv', '\ufeffName2 , NAME1,Schema\r\n"RI, Yong Gil",Ri Yong-gil,person\r\n\r\nSENSETIME GROUP LIMITED,SenseTime Group Inc,COMPANY\r\n');
    const r = await clearance(['compare', '--input', file]);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toMatchObject([
      { row: 1, schema: 'Person', name1: 'Ri Yong-gil', score: 1 },
      { row: 2, schema: 'Company', name1: 'SenseTime Group Inc', score: 1 },
    ]);
  });

  it('reports a row with an empty name, an unknown schema or missing columns as an error naming the row, and scores the others', async () => {
    const file = await csv(
      'bad-rows.csv',
      [
        'schema,name1,name2',
        'Person,Erken Tuniyaz,"TUNIYAZ, Erken"',
        'Person,,Erken Tuniyaz',
        'Spaceship,Jasmine,JASMINE',
        'Company,SenseTime Group Inc,SENSETIME GROUP LIMITED',
        'Person,Ri Yong-gil',
        'Person,Ri Yong-gil,"RI, Yong Gil",an,extra,column',
      ].join('\n') + '\n',
    );
    const r = await clearance(['compare', '--input', file]);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[0]).toMatchObject({ score: 1, match: true });
    expect(lines[1]).toEqual({ row: 2, error: 'row 2 (line 3): name1 is empty' });
    expect(lines[2].error).toMatch(/^row 3 \(line 4\): unknown schema "Spaceship"/);
    expect(lines[2]).not.toHaveProperty('score');
    expect(lines[3]).toMatchObject({ row: 4, score: 1, match: true });
    expect(lines[4]).toEqual({ row: 5, error: 'row 5 (line 6): name2 is empty' });
    expect(lines[5]).toMatchObject({ row: 6, score: 1, match: true });
  });

  it('refuses a file without name1/name2 columns, or with no rows, with exit code 2', async () => {
    const noColumns = await clearance(['compare', '--input', await csv('no-columns.csv', 'schema,first,second\nPerson,a,b\n')]);
    expect(noColumns.code).toBe(2);
    expect(noColumns.stderr).toMatch(/no name1 or name2 column \(expected schema,name1,name2\)/);
    const empty = await clearance(['compare', '--input', await csv('empty.csv', 'schema,name1,name2\n')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no rows under the header/);
    const both = await clearance(['compare', '--input', await csv('both.csv', 'schema,name1,name2\nPerson,a,b\n'), 'A', 'B']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either two names or --input/);
  });

  it('a row with broken quoting gets an error line naming it, and the rows after it are still scored', async () => {
    // A broken quote is one bad row: it is reported with its row and line, the rows around it
    // are still scored (the reader is the one `clearance screen --input` uses).
    const file = await csv(
      'quotes.csv',
      ['schema,name1,name2', 'Person,Erken Tuniyaz,"TUNIYAZ, Erken"', 'Person,Erken "Tuniyaz,TUNIYAZ', 'Company,SenseTime Group Inc,SENSETIME GROUP LIMITED'].join('\n') + '\n',
    );
    const r = await clearance(['compare', '--input', file]);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toMatchObject({ row: 1, score: 1 });
    expect(lines.find((l) => l.row === 2)?.error).toMatch(/row 2 .*quot/i);
    expect(lines.find((l) => l.name1 === 'SenseTime Group Inc')).toMatchObject({ score: 1, match: true });
  });

  it('a row with invalid UTF-8 gets an error line naming it instead of a score for a garbled name', async () => {
    // Invalid UTF-8 is reported for its row, never scored as a replacement character.
    const file = await csv(
      'utf8.csv',
      Buffer.concat([
        Buffer.from('schema,name1,name2\nPerson,Mar'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('ia,Maria\nCompany,SenseTime Group Inc,SENSETIME GROUP LIMITED\n'),
      ]),
    );
    const r = await clearance(['compare', '--input', file]);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toMatchObject({ row: 1, error: expect.stringMatching(/UTF-8/) });
    expect(lines[1]).toMatchObject({ row: 2, score: 1 });
  });

  it('a missing input file is a clear error (exit code 2), not a crash', async () => {
    // A missing file is a one-line error naming it (exit 2), not a crash.
    const r = await clearance(['compare', '--input', join(work, 'no-such-file.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clearance: error: .*no-such-file\.csv/m);
    expect(r.stderr).not.toMatch(/node:events|Unhandled/);
  });
});
