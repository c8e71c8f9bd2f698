import { createRequire } from 'node:module';

/**
 * Country names as the lists write them -> ISO 3166-1 alpha-2 (lower case).
 * i18n-iso-countries knows the standard English names; the table below adds the forms
 * sanctions publishers use that it does not ("Korea, North", "Burma", "Crimea region of Ukraine").
 */
const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries') as {
  getAlpha2Code(name: string, lang: string): string | undefined;
  getName(code: string, lang: string): string | undefined;
  isValid(code: string): boolean;
  registerLocale(locale: unknown): void;
};
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const EXTRA: Record<string, string> = {
  'korea, north': 'kp',
  'north korea': 'kp',
  "democratic people's republic of korea": 'kp',
  'dprk': 'kp',
  'korea, south': 'kr',
  'south korea': 'kr',
  'republic of korea': 'kr',
  'korea': 'kr',
  'burma': 'mm',
  'russia': 'ru',
  'russian federation': 'ru',
  'iran': 'ir',
  'iran (islamic republic of)': 'ir',
  'syria': 'sy',
  'syrian arab republic': 'sy',
  'venezuela': 've',
  'venezuela (bolivarian republic of)': 've',
  'bolivia': 'bo',
  'tanzania': 'tz',
  'united republic of tanzania': 'tz',
  'laos': 'la',
  "lao people's democratic republic": 'la',
  'vietnam': 'vn',
  'viet nam': 'vn',
  'moldova': 'md',
  'republic of moldova': 'md',
  'congo, democratic republic of the': 'cd',
  'democratic republic of the congo': 'cd',
  'congo, republic of the': 'cg',
  'congo': 'cg',
  'cote d ivoire': 'ci',
  "cote d'ivoire": 'ci',
  "côte d'ivoire": 'ci',
  'ivory coast': 'ci',
  'the gambia': 'gm',
  'gambia, the': 'gm',
  'bahamas, the': 'bs',
  'the bahamas': 'bs',
  'palestinian': 'ps',
  'palestine': 'ps',
  'west bank': 'ps',
  'gaza': 'ps',
  'state of palestine': 'ps',
  'kosovo': 'xk',
  'macau': 'mo',
  'macao': 'mo',
  'hong kong': 'hk',
  'taiwan': 'tw',
  'united kingdom': 'gb',
  'uk': 'gb',
  'great britain': 'gb',
  'united states': 'us',
  'usa': 'us',
  'united states of america': 'us',
  'turkey': 'tr',
  'turkiye': 'tr',
  'türkiye': 'tr',
  'czech republic': 'cz',
  'czechia': 'cz',
  'north macedonia': 'mk',
  'north macedonia, the republic of': 'mk',
  'macedonia': 'mk',
  'micronesia, federated states of': 'fm',
  'brunei': 'bn',
  'cabo verde': 'cv',
  'cape verde': 'cv',
  'eswatini': 'sz',
  'swaziland': 'sz',
  'timor-leste': 'tl',
  'east timor': 'tl',
  'vatican city': 'va',
  'holy see': 'va',
  'curacao': 'cw',
  'sint maarten': 'sx',
  'saint kitts and nevis': 'kn',
  'st. kitts and nevis': 'kn',
  'saint vincent and the grenadines': 'vc',
  'st. vincent and the grenadines': 'vc',
  'saint lucia': 'lc',
  'region: crimea': 'ua',
  'crimea': 'ua',
  'crimea region of ukraine': 'ua',
  'soviet union': 'suhh',
  'ussr': 'suhh',
  'yugoslavia': 'yucs',
  'serbia and montenegro': 'csxx',
  'netherlands antilles': 'an',
  'british virgin islands': 'vg',
  'virgin islands, british': 'vg',
  'united arab emirates': 'ae',
  'uae': 'ae',
};

function clean(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '')
    .toLowerCase();
}

/**
 * ISO alpha-2 code (lower case) for a country name or code, or undefined when the text
 * is not recognisably a country. Historic states keep a longer code (suhh, yucs) so that
 * they never equal a present-day country by accident.
 */
export function countryCode(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  // The library searches every country's names each call; a batch asks about a few hundred.
  let code = knownCodes.get(name);
  if (code === undefined && !knownCodes.has(name)) {
    code = lookUpCountryCode(name);
    if (knownCodes.size >= MAX_KNOWN) knownCodes.clear();
    knownCodes.set(name, code);
  }
  return code;
}

const knownCodes = new Map<string, string | undefined>();
const MAX_KNOWN = 10_000;

function lookUpCountryCode(name: string): string | undefined {
  const key = clean(name);
  if (!key) return undefined;
  if (EXTRA[key]) return EXTRA[key];
  if (/^[a-z]{2}$/.test(key) && countries.isValid(key.toUpperCase())) return key;
  const code = countries.getAlpha2Code(name.trim(), 'en');
  return code ? code.toLowerCase() : undefined;
}

/** English name of a country code, for display. */
export function countryName(code: string): string {
  return countries.getName(code.toUpperCase(), 'en') ?? code.toUpperCase();
}
