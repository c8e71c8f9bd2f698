/**
 * OFAC sanctions program codes (the tags in brackets after an SDN entry, e.g. "[SDGT]") and
 * the law each one rests on. Every OFAC parser (legacy CSV, legacy XML, advanced XML) reads
 * legal bases from this one table, so the same entry cites the same law whatever the format.
 *
 * Sources: OFAC's "Program Tag Definitions for OFAC Sanctions Lists" and the executive orders
 * and statutes they cite.
 */

export interface OfacProgram {
  code: string;
  /** The program in plain words. */
  name: string;
  /** Executive orders, statutes and regulations the program rests on. */
  legalBasis: string[];
}

const eo = (...numbers: number[]) => numbers.map((n) => `E.O. ${n}`);

const TABLE: Record<string, Omit<OfacProgram, 'code'>> = {
  '561-Related': { name: 'Iran: foreign financial institutions under section 561 (CAPTA list)', legalBasis: ['Iranian Financial Sanctions Regulations, 31 CFR 561.201', 'CISADA (Pub. L. 111-195), section 104'] },
  BALKANS: { name: 'Western Balkans', legalBasis: ['E.O. 13219, as amended by E.O. 13304'] },
  'BALKANS-EO14033': { name: 'Western Balkans (E.O. 14033)', legalBasis: eo(14033) },
  BELARUS: { name: 'Belarus', legalBasis: eo(13405) },
  'BELARUS-EO14038': { name: 'Belarus (E.O. 14038)', legalBasis: eo(14038) },
  'BPI-RUSSIA-EO14024': { name: 'Russia: blocked pending investigation (E.O. 14024)', legalBasis: eo(14024) },
  'BURMA-EO14014': { name: 'Burma (E.O. 14014)', legalBasis: eo(14014) },
  'CAATSA - IRAN': { name: "Countering America's Adversaries Through Sanctions Act: Iran", legalBasis: ["Countering America's Adversaries Through Sanctions Act (Pub. L. 115-44), Title I"] },
  'CAATSA - RUSSIA': { name: "Countering America's Adversaries Through Sanctions Act: Russia", legalBasis: ["Countering America's Adversaries Through Sanctions Act (Pub. L. 115-44), Title II", 'E.O. 13849'] },
  CAR: { name: 'Central African Republic', legalBasis: eo(13667) },
  'CMIC-EO13959': { name: 'Chinese Military-Industrial Complex companies', legalBasis: ['E.O. 13959, as amended by E.O. 14032'] },
  CUBA: { name: 'Cuba', legalBasis: ['Trading with the Enemy Act', 'Cuban Assets Control Regulations, 31 CFR 515'] },
  CYBER2: { name: 'Malicious cyber-enabled activities', legalBasis: ['E.O. 13694, as amended by E.O. 13757'] },
  DARFUR: { name: 'Darfur', legalBasis: eo(13400) },
  DPRK: { name: 'North Korea (E.O. 13551)', legalBasis: ['E.O. 13551', 'North Korea Sanctions Regulations, 31 CFR 510'] },
  DPRK2: { name: 'North Korea (E.O. 13687)', legalBasis: eo(13687) },
  DPRK3: { name: 'North Korea (E.O. 13722)', legalBasis: eo(13722) },
  DPRK4: { name: 'North Korea (E.O. 13810)', legalBasis: eo(13810) },
  'DPRK-NKSPEA': { name: 'North Korea Sanctions and Policy Enhancement Act', legalBasis: ['North Korea Sanctions and Policy Enhancement Act of 2016 (Pub. L. 114-122)'] },
  DRCONGO: { name: 'Democratic Republic of the Congo', legalBasis: ['E.O. 13413, as amended by E.O. 13671'] },
  'ELECTION-EO13848': { name: 'Foreign interference in US elections', legalBasis: eo(13848) },
  'ETHIOPIA-EO14046': { name: 'Ethiopia (E.O. 14046)', legalBasis: eo(14046) },
  'FSE-IR': { name: 'Foreign sanctions evaders: Iran', legalBasis: eo(13608) },
  'FSE-SY': { name: 'Foreign sanctions evaders: Syria', legalBasis: eo(13608) },
  FTO: { name: 'Foreign terrorist organizations', legalBasis: ['Immigration and Nationality Act, section 219 (8 U.S.C. 1189)', 'Foreign Terrorist Organizations Sanctions Regulations, 31 CFR 597'] },
  GLOMAG: { name: 'Global Magnitsky: serious human rights abuse and corruption', legalBasis: eo(13818) },
  HIFPAA: { name: 'Hizballah International Financing Prevention Amendments Act', legalBasis: ['Hizballah International Financing Prevention Amendments Act of 2018 (Pub. L. 115-272)'] },
  'HK-EO13936': { name: 'Hong Kong normalization (E.O. 13936)', legalBasis: eo(13936) },
  'HOSTAGES-EO14078': { name: 'Hostage-taking and wrongful detention (E.O. 14078)', legalBasis: eo(14078) },
  'HRIT-IR': { name: 'Human rights abuses via information technology: Iran', legalBasis: eo(13606) },
  'HRIT-SY': { name: 'Human rights abuses via information technology: Syria', legalBasis: eo(13606) },
  'ICC-EO14203': { name: 'International Criminal Court (E.O. 14203)', legalBasis: eo(14203) },
  IFCA: { name: 'Iran Freedom and Counter-Proliferation Act', legalBasis: ['Iran Freedom and Counter-Proliferation Act of 2012 (22 U.S.C. 8801 et seq.)'] },
  IFSR: { name: 'Iranian Financial Sanctions Regulations', legalBasis: ['Iranian Financial Sanctions Regulations, 31 CFR 561'] },
  'ILLICIT-DRUGS-EO14059': { name: 'Illicit drug trade (E.O. 14059)', legalBasis: eo(14059) },
  IRAN: { name: 'Iran: Government of Iran and Iranian financial institutions', legalBasis: ['E.O. 13599', 'Iranian Transactions and Sanctions Regulations, 31 CFR 560'] },
  'IRAN-CON-ARMS-EO': { name: 'Iran conventional arms (E.O. 13949)', legalBasis: eo(13949) },
  'IRAN-EO13846': { name: 'Iran (E.O. 13846)', legalBasis: eo(13846) },
  'IRAN-EO13871': { name: 'Iran: iron, steel, aluminum and copper sectors (E.O. 13871)', legalBasis: eo(13871) },
  'IRAN-EO13876': { name: 'Iran: Supreme Leader and his office (E.O. 13876)', legalBasis: eo(13876) },
  'IRAN-EO13902': { name: 'Iran: additional sectors (E.O. 13902)', legalBasis: eo(13902) },
  'IRAN-HR': { name: 'Iran: human rights abuses', legalBasis: eo(13553) },
  'IRAN-TRA': { name: 'Iran Threat Reduction and Syria Human Rights Act', legalBasis: ['E.O. 13628', 'Iran Threat Reduction and Syria Human Rights Act of 2012 (Pub. L. 112-158)'] },
  IRAQ2: { name: 'Iraq: former regime', legalBasis: eo(13315) },
  IRAQ3: { name: 'Iraq: threats to stability', legalBasis: eo(13438) },
  IRGC: { name: 'Islamic Revolutionary Guard Corps and its affiliates', legalBasis: ['Iranian Financial Sanctions Regulations, 31 CFR 561', 'Iran Freedom and Counter-Proliferation Act of 2012, section 1244'] },
  ISA: { name: 'Iran Sanctions Act', legalBasis: ['Iran Sanctions Act of 1996 (Pub. L. 104-172), as amended'] },
  LEBANON: { name: 'Lebanon', legalBasis: eo(13441) },
  LIBYA2: { name: 'Libya (E.O. 13566)', legalBasis: eo(13566) },
  LIBYA3: { name: 'Libya (E.O. 13726)', legalBasis: eo(13726) },
  MAGNIT: { name: 'Sergei Magnitsky Rule of Law Accountability Act', legalBasis: ['Sergei Magnitsky Rule of Law Accountability Act of 2012 (Pub. L. 112-208)'] },
  'MALI-EO13882': { name: 'Mali (E.O. 13882)', legalBasis: eo(13882) },
  NICARAGUA: { name: 'Nicaragua', legalBasis: eo(13851) },
  'NICARAGUA-NHRAA': { name: 'Nicaragua Human Rights and Anticorruption Act', legalBasis: ['Nicaragua Human Rights and Anticorruption Act of 2018 (Pub. L. 115-335)'] },
  NPWMD: { name: 'Weapons of mass destruction proliferators and their supporters', legalBasis: eo(13382) },
  'NS-PLC': { name: 'Non-SDN Palestinian Legislative Council members', legalBasis: ['Global Terrorism Sanctions Regulations, 31 CFR 594'] },
  'PEESA-EO14039': { name: "Protecting Europe's Energy Security Act (Nord Stream 2)", legalBasis: ["Protecting Europe's Energy Security Act of 2019, as amended", 'E.O. 14039'] },
  'RUSSIA-EO14024': { name: 'Russia: harmful foreign activities (E.O. 14024)', legalBasis: eo(14024) },
  'RUSSIA-EO14065': { name: 'Russia-occupied regions of Ukraine (E.O. 14065)', legalBasis: eo(14065) },
  SDGT: { name: 'Specially Designated Global Terrorists', legalBasis: ['E.O. 13224, as amended by E.O. 13886'] },
  SDNT: { name: 'Specially Designated Narcotics Traffickers', legalBasis: eo(12978) },
  SDNTK: { name: 'Narcotics kingpins', legalBasis: ['Foreign Narcotics Kingpin Designation Act (21 U.S.C. 1901-1908)'] },
  SOMALIA: { name: 'Somalia', legalBasis: eo(13536) },
  'SOUTH SUDAN': { name: 'South Sudan', legalBasis: eo(13664) },
  SSIDES: { name: 'Sanctioning the Use of Civilians as Defenseless Shields Act', legalBasis: ['Sanctioning the Use of Civilians as Defenseless Shields Act (Pub. L. 115-348)'] },
  'SUDAN-EO14098': { name: 'Sudan (E.O. 14098)', legalBasis: eo(14098) },
  SYRIA: { name: 'Syria', legalBasis: ['E.O. 13338', 'E.O. 13572', 'E.O. 13573', 'E.O. 13582', 'Syrian Sanctions Regulations, 31 CFR 542'] },
  'SYRIA-CAESAR': { name: 'Caesar Syria Civilian Protection Act', legalBasis: ['Caesar Syria Civilian Protection Act of 2019'] },
  'SYRIA-EO13894': { name: 'Syria: military offensive in north-east Syria (E.O. 13894)', legalBasis: eo(13894) },
  TCO: { name: 'Transnational criminal organizations', legalBasis: ['E.O. 13581, as amended by E.O. 13863'] },
  UHRPA: { name: 'Uyghur Human Rights Policy Act', legalBasis: ['Uyghur Human Rights Policy Act of 2020 (Pub. L. 116-145)'] },
  'UKRAINE-EO13660': { name: 'Ukraine (E.O. 13660)', legalBasis: eo(13660) },
  'UKRAINE-EO13661': { name: 'Ukraine (E.O. 13661)', legalBasis: eo(13661) },
  'UKRAINE-EO13662': { name: 'Ukraine: Russian sectors (E.O. 13662)', legalBasis: eo(13662) },
  'UKRAINE-EO13685': { name: 'Ukraine: Crimea (E.O. 13685)', legalBasis: eo(13685) },
  VENEZUELA: { name: 'Venezuela (E.O. 13692)', legalBasis: eo(13692) },
  'VENEZUELA-EO13850': { name: 'Venezuela (E.O. 13850)', legalBasis: eo(13850) },
  'VENEZUELA-EO13884': { name: 'Venezuela: Government of Venezuela (E.O. 13884)', legalBasis: eo(13884) },
  YEMEN: { name: 'Yemen', legalBasis: eo(13611) },
  ZIMBABWE: { name: 'Zimbabwe', legalBasis: ['E.O. 13288', 'E.O. 13391', 'E.O. 13469'] },
};

/** The program behind a code, or undefined when OFAC uses a code this table does not know. */
export function ofacProgram(code: string): OfacProgram | undefined {
  const known = TABLE[code];
  if (known) return { code, ...known };
  // New codes mostly name the executive order they rest on ("RUSSIA-EO14071"); that is enough
  // for a legal basis until the table learns the code.
  const m = code.match(/EO\s?(\d{5})/);
  return m ? { code, name: code, legalBasis: [`E.O. ${m[1]}`] } : undefined;
}

/** True when the code is in the table itself, not only derived from its name. */
export function isKnownOfacProgram(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(TABLE, code);
}

/** Legal bases of a set of programs, in program order, and the codes nothing is known about. */
export function ofacLegalBasis(codes: readonly string[]): { legalBasis: string[]; unknown: string[] } {
  const legalBasis: string[] = [];
  const unknown: string[] = [];
  for (const code of codes) {
    const p = ofacProgram(code);
    if (!p) unknown.push(code);
    else for (const b of p.legalBasis) if (!legalBasis.includes(b)) legalBasis.push(b);
  }
  return { legalBasis, unknown };
}

export const OFAC_PROGRAM_CODES: readonly string[] = Object.keys(TABLE);
