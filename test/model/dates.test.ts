import { describe, expect, it } from 'vitest';
import { dateBounds, datePrecision, parseDate } from '../../src/model/dates.js';

describe('partial dates as the lists write them', () => {
  it.each([
    ['01 Jan 1955', '1955-01-01'],
    ['Aug 1953', '1953-08'],
    ['1955', '1955'],
    ['circa 1960', '~1960'],
    ['01 Jan 1955 to 31 Dec 1955', '1955-01-01/1955-12-31'],
    ['1961 to 1963', '1961/1963'],
    ['31/01/1955', '1955-01-31'],
    ['00/00/1962', '1962'],
    ['00/05/1962', '1962-05'],
    ['1965-04-29', '1965-04-29'],
    ['December 5, 1961', '1961-12-05'],
  ])('%s -> %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(parseDate('31 Feb 1955')).toBeUndefined();
    expect(parseDate('unknown')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
  });

  it('gives the span a partial date covers', () => {
    expect(dateBounds('1961-12')).toEqual({ from: '1961-12-01', to: '1961-12-31' });
    expect(dateBounds('1960-02')).toEqual({ from: '1960-02-01', to: '1960-02-29' });
    expect(dateBounds('~1960')).toEqual({ from: '1958-01-01', to: '1962-12-31' });
    expect(dateBounds('1955-01-01/1955-12-31')).toEqual({ from: '1955-01-01', to: '1955-12-31' });
    expect(datePrecision('1961')).toBe('year');
  });
});
