import type { Measure } from '../../model/entity.js';

/**
 * Canada's sanctions regimes as the consolidated list names them (the English half of its
 * bilingual Country field), with the regulations each is made under. The file is called the
 * SEMA list, but one regime in it, the Justice for Victims of Corrupt Foreign Officials
 * Regulations, is made under another Act (the Sergei Magnitsky Law), so it gets its own list.
 *
 * A regime missing here still gives a listing under the Special Economic Measures Act, with a
 * warning; the test checks that every regime in the real file is here.
 */
export interface CaRegime {
  /** The regime in plain words, used as the listing's program. */
  program: string;
  /** The Act: key of the list in src/measures/lists.ts. */
  list: 'SEMA' | 'JVCFOA';
  act: string;
  regulations: string;
  /** Schedules whose listed persons face narrower measures than the dealings ban. */
  scheduleMeasures?: Record<string, Measure[]>;
}

const SEMA = 'Special Economic Measures Act';

function sema(program: string, regulationsName = program): CaRegime {
  return { program, list: 'SEMA', act: SEMA, regulations: `Special Economic Measures (${regulationsName}) Regulations` };
}

/**
 * Russia Regulations, Schedules 2 and 3 (financial and energy sectors, 2014-2015): the
 * prohibition is on dealings in new debt beyond the maturity the Regulations set for the
 * schedule, not a ban on all dealings.
 */
const RUSSIA_SECTORAL: Measure[] = [
  {
    type: 'debt_equity_restriction',
    description:
      'Persons in Canada and Canadians abroad may not transact in, provide financing for or otherwise deal in its new debt of longer than the maturity the Regulations set for its schedule',
  },
];

export const CA_REGIMES: Record<string, CaRegime> = {
  Belarus: sema('Belarus'),
  China: sema('China', "People's Republic of China"),
  'Extremist Settler Violence': sema('Extremist Settler Violence'),
  Guatemala: sema('Guatemala'),
  Haiti: sema('Haiti'),
  'Hamas Terrorist Attacks': sema('Hamas Terrorist Attacks'),
  Iran: sema('Iran'),
  Moldova: sema('Moldova'),
  'Myanmar (Burma)': sema('Myanmar (Burma)', 'Burma'),
  Nicaragua: sema('Nicaragua'),
  Russia: { ...sema('Russia'), scheduleMeasures: { '2': RUSSIA_SECTORAL, '3': RUSSIA_SECTORAL } },
  'South Sudan': sema('South Sudan'),
  'Sri Lanka': sema('Sri Lanka'),
  Sudan: sema('Sudan'),
  Syria: sema('Syria'),
  Ukraine: sema('Ukraine'),
  Venezuela: sema('Venezuela'),
  Zimbabwe: sema('Zimbabwe'),
  'Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)': {
    program: 'Justice for Victims of Corrupt Foreign Officials',
    list: 'JVCFOA',
    act: 'Justice for Victims of Corrupt Foreign Officials Act (Sergei Magnitsky Law)',
    regulations: 'Justice for Victims of Corrupt Foreign Officials Regulations',
  },
};
