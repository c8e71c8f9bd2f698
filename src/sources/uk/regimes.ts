/**
 * The UK sanctions regimes as the OFSI Consolidated List names them (its `Regime` column),
 * with the legislation that imposes each and whether it excludes designated individuals from
 * the UK. Regulations made under the Sanctions and Anti-Money Laundering Act 2018 impose
 * immigration measures (travel bans) on designated individuals as well as the asset freeze;
 * the counter-terrorism regimes freeze assets only.
 *
 * A regime missing here still gives a listing (every UK regime freezes assets) but without
 * its legislation, and a warning; the test checks that every regime in the real file is here.
 */
export interface UkRegime {
  legislation: string;
  /** Designated individuals are excluded persons under section 8B of the Immigration Act 1971. */
  travelBan: boolean;
}

export const UK_REGIMES: Record<string, UkRegime> = {
  Afghanistan: { legislation: 'The Afghanistan (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Belarus: { legislation: 'The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  'Bosnia and Herzegovina': { legislation: 'The Bosnia and Herzegovina (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  'Central African Republic': { legislation: 'The Central African Republic (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  'Chemical Weapons': { legislation: 'The Chemical Weapons (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  'Counter-Terrorism (Domestic)': { legislation: 'Terrorist Asset-Freezing etc. Act 2010', travelBan: false },
  'Counter-Terrorism (International)': { legislation: 'The Counter-Terrorism (International Sanctions) (EU Exit) Regulations 2019', travelBan: false },
  Cyber: { legislation: 'The Cyber (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  "Democratic People's Republic of Korea": { legislation: "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019", travelBan: true },
  'Democratic Republic of the Congo': { legislation: 'The Democratic Republic of the Congo (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  'Global Anti-Corruption': { legislation: 'The Global Anti-Corruption Sanctions Regulations 2021', travelBan: true },
  'Global Human Rights': { legislation: 'The Global Human Rights Sanctions Regulations 2020', travelBan: true },
  'Global Irregular Migration and Trafficking in Persons': {
    legislation: 'The Global Irregular Migration and Trafficking in Persons Sanctions Regulations 2025',
    travelBan: true,
  },
  Guinea: { legislation: 'The Guinea (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  'Guinea-Bissau': { legislation: 'The Guinea-Bissau (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  Haiti: { legislation: 'The Haiti (Sanctions) Regulations 2022', travelBan: true },
  Iran: { legislation: 'The Iran (Sanctions) Regulations 2023', travelBan: true },
  'Iran (Human Rights)': { legislation: 'The Iran (Sanctions) (Human Rights) (EU Exit) Regulations 2019', travelBan: true },
  'Iran (Nuclear)': { legislation: 'The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019', travelBan: true },
  Iraq: { legislation: 'The Iraq (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  "ISIL (Da'esh) and Al-Qaida": {
    legislation: "The ISIL (Da'esh) and Al-Qaida (United Nations Sanctions) (EU Exit) Regulations 2019",
    travelBan: true,
  },
  Lebanon: { legislation: 'The Lebanon (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  'Lebanon (Assassination of Rafiq Hariri and others)': {
    legislation: 'The Lebanon (Sanctions) (Assassination of Rafiq Hariri and others) (EU Exit) Regulations 2019',
    travelBan: true,
  },
  Libya: { legislation: 'The Libya (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Mali: { legislation: 'The Mali (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Myanmar: { legislation: 'The Myanmar (Sanctions) Regulations 2021', travelBan: true },
  Nicaragua: { legislation: 'The Nicaragua (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Russia: { legislation: 'The Russia (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  Somalia: { legislation: 'The Somalia (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  'South Sudan': { legislation: 'The South Sudan (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  Sudan: { legislation: 'The Sudan (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Syria: { legislation: 'The Syria (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  Venezuela: { legislation: 'The Venezuela (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
  Yemen: { legislation: 'The Yemen (Sanctions) (EU Exit) Regulations 2020', travelBan: true },
  Zimbabwe: { legislation: 'The Zimbabwe (Sanctions) (EU Exit) Regulations 2019', travelBan: true },
};

export function ukRegime(name: string): UkRegime | undefined {
  return UK_REGIMES[name.trim()];
}
