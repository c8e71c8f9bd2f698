import type { MeasureType } from '../../model/entity.js';

/**
 * The UN sanctions regimes as the Consolidated List names them (its UN_LIST_TYPE), with the
 * committee that keeps each list, the resolutions that established the regime, and the
 * targeted measures that apply to the individuals and entities the committee lists.
 *
 * The regimes differ: Guinea-Bissau (2048) imposes only a travel ban, Iraq (1518) only an
 * asset freeze, and a targeted arms embargo on listed parties exists only where the Council
 * imposed one (ISIL/Al-Qaida, Taliban, Al-Shabaab, CAR, Yemen, Haiti; in the DRC and Darfur
 * the embargo covers every non-governmental party operating there). A travel ban binds
 * individuals only. A list type missing here still gives a listing with the three usual
 * measures and a warning; the test checks that every list type in the real file is here.
 */
export interface UnRegime {
  /** The regime in plain words. */
  name: string;
  /** The sanctions committee, as the UN names it. */
  committee: string;
  /** Resolutions establishing the regime, as one citation. */
  resolutions: string;
  measures: MeasureType[];
  /** Why a measure applies, where the resolution words it narrowly. */
  details?: Partial<Record<MeasureType, string>>;
}

const FREEZE_BAN_EMBARGO: MeasureType[] = ['asset_freeze', 'travel_ban', 'arms_embargo'];
const FREEZE_BAN: MeasureType[] = ['asset_freeze', 'travel_ban'];

export const UN_REGIMES: Record<string, UnRegime> = {
  'Al-Qaida': {
    name: "ISIL (Da'esh) and Al-Qaida",
    committee:
      "Security Council Committee pursuant to resolutions 1267 (1999), 1989 (2011) and 2253 (2015) concerning ISIL (Da'esh), Al-Qaida and associated individuals, groups, undertakings and entities",
    resolutions: 'UNSCR 1267 (1999) / 1989 (2011) / 2253 (2015)',
    measures: FREEZE_BAN_EMBARGO,
  },
  Taliban: {
    name: 'Taliban',
    committee: 'Security Council Committee established pursuant to resolution 1988 (2011)',
    resolutions: 'UNSCR 1988 (2011)',
    measures: FREEZE_BAN_EMBARGO,
  },
  DPRK: {
    name: "Democratic People's Republic of Korea",
    committee: 'Security Council Committee established pursuant to resolution 1718 (2006)',
    resolutions: 'UNSCR 1718 (2006)',
    measures: FREEZE_BAN,
  },
  Iran: {
    name: 'Iran',
    committee: 'Security Council Committee established pursuant to resolution 1737 (2006)',
    resolutions: 'UNSCR 1737 (2006)',
    measures: FREEZE_BAN,
  },
  Iraq: {
    name: 'Iraq',
    committee: 'Security Council Committee established pursuant to resolution 1518 (2003)',
    resolutions: 'UNSCR 1483 (2003)',
    measures: ['asset_freeze'],
  },
  DRC: {
    name: 'Democratic Republic of the Congo',
    committee: 'Security Council Committee established pursuant to resolution 1533 (2004) concerning the Democratic Republic of the Congo',
    resolutions: 'UNSCR 1533 (2004) / 1596 (2005)',
    measures: FREEZE_BAN_EMBARGO,
    details: { arms_embargo: 'The arms embargo covers all non-governmental entities and individuals operating in the territory of the DRC' },
  },
  Libya: {
    name: 'Libya',
    committee: 'Security Council Committee established pursuant to resolution 1970 (2011) concerning Libya',
    resolutions: 'UNSCR 1970 (2011)',
    measures: FREEZE_BAN,
  },
  Somalia: {
    name: 'Al-Shabaab',
    committee: 'Security Council Committee pursuant to resolution 2713 (2023) concerning Al-Shabaab',
    resolutions: 'UNSCR 751 (1992) / 2713 (2023)',
    measures: FREEZE_BAN_EMBARGO,
  },
  CAR: {
    name: 'Central African Republic',
    committee: 'Security Council Committee established pursuant to resolution 2127 (2013) concerning the Central African Republic',
    resolutions: 'UNSCR 2127 (2013) / 2134 (2014)',
    measures: FREEZE_BAN_EMBARGO,
  },
  GB: {
    name: 'Guinea-Bissau',
    committee: 'Security Council Committee established pursuant to resolution 2048 (2012)',
    resolutions: 'UNSCR 2048 (2012)',
    measures: ['travel_ban'],
  },
  Yemen: {
    name: 'Yemen',
    committee: 'Security Council Committee established pursuant to resolution 2140 (2014)',
    resolutions: 'UNSCR 2140 (2014) / 2216 (2015)',
    measures: FREEZE_BAN_EMBARGO,
  },
  Haiti: {
    name: 'Haiti',
    committee: 'Security Council Committee established pursuant to resolution 2653 (2022) concerning Haiti',
    resolutions: 'UNSCR 2653 (2022)',
    measures: FREEZE_BAN_EMBARGO,
  },
  Sudan: {
    name: 'Sudan',
    committee: 'Security Council Committee established pursuant to resolution 1591 (2005) concerning the Sudan',
    resolutions: 'UNSCR 1591 (2005)',
    measures: FREEZE_BAN_EMBARGO,
    details: { arms_embargo: 'The arms embargo covers all non-governmental entities and individuals operating in Darfur' },
  },
  SouthSudan: {
    name: 'South Sudan',
    committee: 'Security Council Committee established pursuant to resolution 2206 (2015) concerning South Sudan',
    resolutions: 'UNSCR 2206 (2015)',
    measures: FREEZE_BAN,
  },
};
