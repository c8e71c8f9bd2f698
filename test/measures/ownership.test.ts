import { describe, expect, it } from 'vitest';
import { describeExposure, fiftyPercentRule } from '../../src/measures/ownership.js';

const find = (xs: ReturnType<typeof fiftyPercentRule>, p: string) => xs.find((x) => x.party === p);

describe('OFAC 50% rule', () => {
  it('blocks an entity owned 50% by one blocked person, not one owned 49%', () => {
    const x = fiftyPercentRule(
      [
        { owner: 'SDN A', owned: 'B Ltd', percentage: 50 },
        { owner: 'SDN A', owned: 'C Ltd', percentage: 49 },
      ],
      ['SDN A'],
    );
    expect(find(x, 'B Ltd')).toMatchObject({ blocked: true, basis: 'fifty_percent_rule', blockedShare: 50, path: ['SDN A', 'B Ltd'] });
    expect(find(x, 'C Ltd')).toMatchObject({ blocked: false, basis: 'below_threshold', blockedShare: 49 });
  });

  it('aggregates several blocked owners (OFAC FAQ 399)', () => {
    const x = fiftyPercentRule(
      [
        { owner: 'SDN A', owned: 'D GmbH', percentage: 25 },
        { owner: 'SDN B', owned: 'D GmbH', percentage: 25 },
        { owner: 'Clean Co', owned: 'D GmbH', percentage: 50 },
      ],
      ['SDN A', 'SDN B'],
    );
    const d = find(x, 'D GmbH')!;
    expect(d.blocked).toBe(true);
    expect(d.contributions.map((c) => c.owner).sort()).toEqual(['SDN A', 'SDN B']);
    expect(describeExposure(d)).toContain('50% held by blocked persons');
  });

  it('follows chains: a company owned 50% by a company blocked under the rule is blocked too', () => {
    const x = fiftyPercentRule(
      [
        { owner: 'SDN A', owned: 'B', percentage: 60 },
        { owner: 'B', owned: 'C', percentage: 50 },
        { owner: 'C', owned: 'D', percentage: 100 },
      ],
      ['SDN A'],
    );
    expect(find(x, 'D')).toMatchObject({ blocked: true, path: ['SDN A', 'B', 'C', 'D'] });
  });

  it('does not multiply along a chain through an unblocked company (OFAC FAQ 401)', () => {
    const x = fiftyPercentRule(
      [
        { owner: 'SDN A', owned: 'B', percentage: 40 },
        { owner: 'B', owned: 'C', percentage: 100 },
      ],
      ['SDN A'],
    );
    expect(find(x, 'B')!.blocked).toBe(false);
    expect(find(x, 'C')).toBeUndefined();
  });

  it('adds up one owner across several rows (share classes)', () => {
    const x = fiftyPercentRule(
      [
        { owner: 'SDN A', owned: 'E', percentage: 30 },
        { owner: 'SDN A', owned: 'E', percentage: 20 },
      ],
      ['SDN A'],
    );
    expect(find(x, 'E')).toMatchObject({ blocked: true, blockedShare: 50 });
  });

  it('rejects bad rows with their row number', () => {
    expect(() => fiftyPercentRule([{ owner: 'A', owned: 'B', percentage: 150 }], [])).toThrow(/row 1: percentage 150/);
    expect(() => fiftyPercentRule([{ owner: 'A', owned: 'A', percentage: 10 }], [])).toThrow(/row 1: A cannot own itself/);
  });
});
