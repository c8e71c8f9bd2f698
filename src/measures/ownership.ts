/**
 * The OFAC 50% rule: an entity owned 50% or more in the aggregate, directly or indirectly,
 * by one or more blocked persons is itself blocked, even if it is not listed.
 *
 * Following OFAC's guidance (FAQs 398-401), percentages are not multiplied along a chain:
 * once an entity is blocked by the rule, its own holdings count in full, as a listed
 * person's would. Holdings of parties that are not blocked do not count at all.
 */

export interface OwnershipEdge {
  owner: string;
  owned: string;
  /** Share in percent, 0..100. */
  percentage: number;
}

export interface Contribution {
  owner: string;
  percentage: number;
}

export interface Exposure {
  party: string;
  /** Listed (blocked in its own right) or blocked by the 50% rule. */
  basis: 'listed' | 'fifty_percent_rule' | 'below_threshold';
  /** Aggregate share held by blocked owners. */
  blockedShare: number;
  /** The blocked owners whose shares were added up. */
  contributions: Contribution[];
  /** A chain from a listed party down to this one, e.g. ["SDN A", "B Ltd", "C GmbH"]. */
  path: string[];
  blocked: boolean;
}

export function fiftyPercentRule(edges: OwnershipEdge[], listed: Iterable<string>): Exposure[] {
  validate(edges);
  const blocked = new Map<string, Exposure>();
  for (const p of listed) {
    blocked.set(p, { party: p, basis: 'listed', blockedShare: 0, contributions: [], path: [p], blocked: true });
  }
  const ownersOf = new Map<string, OwnershipEdge[]>();
  for (const e of edges) {
    const list = ownersOf.get(e.owned) ?? [];
    list.push(e);
    ownersOf.set(e.owned, list);
  }
  // Fixpoint: each pass may block more parties, whose holdings then count in the next pass.
  let grew = true;
  while (grew) {
    grew = false;
    for (const [party, owners] of ownersOf) {
      if (blocked.has(party)) continue;
      const contributions = aggregate(owners.filter((o) => blocked.has(o.owner)));
      const share = contributions.reduce((s, c) => s + c.percentage, 0);
      if (share >= 50) {
        const top = contributions.reduce((a, b) => (b.percentage > a.percentage ? b : a));
        blocked.set(party, {
          party,
          basis: 'fifty_percent_rule',
          blockedShare: round(share),
          contributions,
          path: [...blocked.get(top.owner)!.path, party],
          blocked: true,
        });
        grew = true;
      }
    }
  }
  const exposures: Exposure[] = [...blocked.values()];
  for (const [party, owners] of ownersOf) {
    if (blocked.has(party)) continue;
    const contributions = aggregate(owners.filter((o) => blocked.has(o.owner)));
    if (!contributions.length) continue;
    const top = contributions.reduce((a, b) => (b.percentage > a.percentage ? b : a));
    exposures.push({
      party,
      basis: 'below_threshold',
      blockedShare: round(contributions.reduce((s, c) => s + c.percentage, 0)),
      contributions,
      path: [...blocked.get(top.owner)!.path, party],
      blocked: false,
    });
  }
  return exposures;
}

/** One owner may appear on several rows (several share classes): add them up. */
function aggregate(edges: OwnershipEdge[]): Contribution[] {
  const by = new Map<string, number>();
  for (const e of edges) by.set(e.owner, (by.get(e.owner) ?? 0) + e.percentage);
  return [...by].map(([owner, percentage]) => ({ owner, percentage: round(percentage) }));
}

function validate(edges: OwnershipEdge[]): void {
  edges.forEach((e, i) => {
    if (!e.owner || !e.owned) throw new Error(`ownership row ${i + 1}: owner and owned are required`);
    if (!(e.percentage >= 0 && e.percentage <= 100)) {
      throw new Error(`ownership row ${i + 1}: percentage ${e.percentage} is not between 0 and 100`);
    }
    if (e.owner === e.owned) throw new Error(`ownership row ${i + 1}: ${e.owner} cannot own itself`);
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** A readable explanation of one exposure. */
export function describeExposure(x: Exposure): string {
  if (x.basis === 'listed') return `${x.party} is listed and blocked`;
  const owners = x.contributions.map((c) => `${c.owner} ${c.percentage}%`).join(' + ');
  const verdict = x.blocked ? 'blocked under the OFAC 50% rule' : 'not blocked (below 50%), but owned in part by blocked persons';
  return `${x.party}: ${x.blockedShare}% held by blocked persons (${owners}); ${verdict}; path ${x.path.join(' -> ')}`;
}
