import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows, type CsvRow } from '../../src/screen/csv.js';

// The CSV reader behind `screen --input`, `batch`, `monitor` imports and `compare --input`:
// one unreadable row must cost that row only, never the rows after it.

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clearance-csv-'));
});

async function rows(name: string, content: string | Buffer): Promise<CsvRow[]> {
  const path = join(work, name);
  await writeFile(path, content);
  const out: CsvRow[] = [];
  for await (const r of readCsvRows(path)) out.push(r);
  return out;
}

const names = (rs: CsvRow[]) => rs.map((r) => r.cells?.name ?? `error@${r.line}`);

describe('readCsvRows', () => {
  it('a stray quote inside a quoted field costs its own row; the next line is read again as a row', async () => {
    const rs = await rows('stray.csv', ['id,name', '1,Erken Tuniyaz', '2,"Bad "quote" here', '3,Ri Yong Gil', '4,"Good, quoted"', ''].join('\n'));
    expect(names(rs)).toEqual(['Erken Tuniyaz', 'error@3', 'Ri Yong Gil', 'Good, quoted']);
    expect(rs.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rs[1].error).toMatch(/^unreadable CSV row: Invalid Closing Quote: got "q" .*; reading goes on at line 4$/);
  });

  it('a quote never closed costs its own row, whether it is found at a later quote, at the end of the file or at the size limit', async () => {
    const atLaterQuote = await rows('later.csv', ['id,name', '1,"Unclosed', '2,Plain', '3,"Quoted"', '4,Last', ''].join('\n'));
    expect(names(atLaterQuote)).toEqual(['error@2', 'Plain', 'Quoted', 'Last']);
    const atEnd = await rows('end.csv', ['id,name', '1,Plain', '2,"Unclosed', '3,Still read', ''].join('\n'));
    expect(names(atEnd)).toEqual(['Plain', 'error@3', 'Still read']);
    expect(atEnd[1].error).toMatch(/Quote Not Closed.*reading goes on at line 4/);
    // Over 16 MB of unquoted rows after the quote: the record-size limit ends the field.
    const many = Array.from({ length: 400_000 }, (_, i) => `${i + 3},Row ${i + 3} of a file of rows some fifty bytes long`);
    const atLimit = await rows('limit.csv', ['id,name', '1,Plain', '2,"Unclosed', ...many, ''].join('\n'));
    expect(atLimit).toHaveLength(2 + many.length);
    expect(atLimit[1]).toMatchObject({ row: 2, line: 3, error: expect.stringMatching(/^unreadable CSV row: a quote opened on this line is not closed \(Max Record Size/) });
    expect(atLimit.at(-1)).toMatchObject({ row: 400_002, line: 400_003, cells: { name: 'Row 400002 of a file of rows some fifty bytes long' } });
  });

  it('keeps row numbers and lines true across a byte-order mark, CRLF, blank lines and multi-line fields', async () => {
    const rs = await rows('crlf.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r\n1,"two\r\nlines"\r\n\r\n\r\n2,"x "y" z\r\n"3,also broken\r\n4,Kept\r\n')]));
    expect(names(rs)).toEqual(['two\r\nlines', 'error@6', 'error@7', 'Kept']);
    expect(rs.map((r) => [r.row, r.line])).toEqual([
      [1, 3],
      [2, 6],
      [3, 7],
      [4, 8],
    ]);
  });

  it('a quote inside an unquoted field is that row\'s error, named by column', async () => {
    const rs = await rows('opening.csv', 'id,name\n1,a"b"c\n2,ok\n');
    expect(rs[0]).toMatchObject({ row: 1, line: 2, error: 'unreadable CSV row: Invalid Opening Quote: a quote is found in column 2' });
    expect(rs[1]).toMatchObject({ row: 2, cells: { id: '2', name: 'ok' } });
  });

  it('refuses a file whose header row is unreadable, naming the file and line', async () => {
    await expect(rows('header.csv', 'id,"name\n1,x\n')).rejects.toThrow(/header\.csv: the header row \(line 1\) is unreadable: Quote Not Closed/);
  });
});
