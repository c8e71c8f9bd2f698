/**
 * Readers for the public name-matching test sets in ../shared/data/eval (see its README):
 * clean synthetic people, the 80 spellings of one name, cross-script pairs, the D&B company
 * pairs and the scores OFAC's own search tool gave.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { MatchQuery } from '../index.js';

type Row = Record<string, string>;

async function readCsv(file: string, opts: { comment?: string } = {}): Promise<Row[]> {
  const text = await readFile(file, 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, comment: opts.comment, bom: true }) as Row[];
}

export interface CleanPerson {
  query: MatchQuery;
  file: string;
}

/** Synthetic people on no list, with the facts a screening request would carry. */
export async function readCleanPeople(evalDir: string, name: 'negatives_global.csv' | 'negatives_us.csv'): Promise<CleanPerson[]> {
  const rows = await readCsv(join(evalDir, 'opensanctions', name));
  return rows.map((r) => {
    const query: MatchQuery = { name: r.full_name, schema: 'Person' };
    if (r.date_of_birth) query.birthDate = r.date_of_birth;
    if (r.nationality) query.countries = [r.nationality];
    if (r.gender === 'male' || r.gender === 'female') query.gender = r.gender;
    return { query, file: name };
  });
}

/** Spellings of one person's name in many languages and scripts, one per line. */
export async function readPutinNames(evalDir: string): Promise<string[]> {
  const text = await readFile(join(evalDir, 'opensanctions', 'putin_names.txt'), 'utf8');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface CrossScriptPair {
  query: string;
  expected: string;
  minScore: number;
  description: string;
}

/** Lines "Query,Expected Match,Min Score,Description"; lines starting with # are comments. */
export async function readCrossScriptPairs(evalDir: string): Promise<CrossScriptPair[]> {
  const text = await readFile(join(evalDir, 'watchman', 'cross_script_pairs.csv'), 'utf8');
  const rows = parse(text, { comment: '#', skip_empty_lines: true, relax_column_count: false }) as string[][];
  return rows.map((r, i) => {
    const minScore = Number(r[2]);
    if (r.length !== 4 || !r[0] || !r[1] || !Number.isFinite(minScore)) throw new Error(`cross_script_pairs.csv: record ${i + 1} is not "query,expected,min score,description"`);
    return { query: r[0], expected: r[1], minScore, description: r[3] };
  });
}

export interface CompanyPair {
  row: string;
  original: string;
  adjusted: string;
  country: string;
}

/** D&B's company names and their perturbed copies, joined on the row number column. */
export async function readDnbPairs(evalDir: string): Promise<CompanyPair[]> {
  const originals = await readCsv(join(evalDir, 'dnb', 'test_names.csv'));
  const adjusted = new Map((await readCsv(join(evalDir, 'dnb', 'adjusted_test_names.csv'))).map((r) => [r[''], r]));
  return originals.map((o) => {
    const a = adjusted.get(o['']);
    if (!a) throw new Error(`adjusted_test_names.csv has no row ${o['']}`);
    return { row: o[''], original: o.company_name, adjusted: a.company_name, country: o.country };
  });
}

export interface OfacToolScore {
  query: string;
  result: string;
  /** OFAC Sanctions List Search score, -1 when it showed no hit at its slider 80. */
  ofacScore: number;
}

export async function readOfacToolScores(evalDir: string): Promise<OfacToolScore[]> {
  const rows = await readCsv(join(evalDir, 'opensanctions', 'ofac_tool_scores.csv'));
  return rows.map((r) => ({ query: r.query_name, result: r.result_name, ofacScore: Number(r.ofac_score) }));
}

/** OFAC's tool counts as a hit at its default slider: a score of 80 or more. */
export const OFAC_HIT_SCORE = 80;
