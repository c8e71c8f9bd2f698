/** The source ids Clearance knows. One module per publisher lives in src/sources/. */
export const SOURCE_IDS = [
  'us_ofac_sdn',
  'us_ofac_cons',
  'us_csl',
  'us_bis_dpl',
  'un_sc',
  'uk_ofsi',
  'ca_sema',
] as const;

export type SourceId = (typeof SOURCE_IDS)[number];

export function isSourceId(s: string): s is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(s);
}
