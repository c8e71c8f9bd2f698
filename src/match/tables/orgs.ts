/**
 * Organisation name tables: legal forms across languages (made equal, and kept out of the
 * name comparison) and words that many organisation names share (weak evidence).
 */

/**
 * Legal forms, written as the normalised tokens they become ("S.A. de C.V." -> "s a de c v"
 * and "sa de cv" both match "sa de cv" because forms are compared with spaces removed).
 * Each maps to a family, so an explanation can say "Inc and Limited are both companies".
 */
export const LEGAL_FORMS: Record<string, string> = {
  // English and common-law
  'limited': 'company', 'ltd': 'company', 'ltda': 'company', 'llc': 'company', 'l l c': 'company', 'inc': 'company', 'incorporated': 'company',
  'corp': 'company', 'corporation': 'company', 'co': 'company', 'company': 'company', 'co ltd': 'company', 'co limited': 'company',
  'company limited': 'company', 'pty': 'company', 'pty ltd': 'company', 'pvt': 'company', 'pvt ltd': 'company', 'private limited': 'company',
  'plc': 'public company', 'public limited company': 'public company', 'llp': 'partnership', 'lp': 'partnership', 'l p': 'partnership',
  'limited liability company': 'company', 'limited liability partnership': 'partnership', 'fze': 'free zone company', 'fzco': 'free zone company',
  'fzc': 'free zone company', 'fz llc': 'free zone company', 'dmcc': 'free zone company', 'jlt': 'free zone company', 'est': 'establishment',
  'establishment': 'establishment', 'wll': 'company', 'w l l': 'company', 'spc': 'company', 'psc': 'public company', 'pjsc': 'public company',
  'pte': 'company', 'pte ltd': 'company', 'sdn bhd': 'company', 'bhd': 'company', 'berhad': 'company', 'tbk': 'public company', 'pt': 'company',
  'cv': 'partnership', 'ulc': 'company', 'gp': 'partnership',
  // Russian, Ukrainian, Belarusian and other post-Soviet forms (Latin and transliterated Cyrillic)
  'ooo': 'company', 'oao': 'joint-stock company', 'zao': 'joint-stock company', 'pao': 'joint-stock company', 'ao': 'joint-stock company',
  'jsc': 'joint-stock company', 'ojsc': 'joint-stock company', 'cjsc': 'joint-stock company',
  'tov': 'company', 'pat': 'joint-stock company', 'prat': 'joint-stock company', 'tdv': 'company', 'ip': 'sole trader', 'chup': 'unitary enterprise',
  'fgup': 'unitary enterprise', 'gup': 'unitary enterprise', 'mup': 'unitary enterprise', 'ano': 'non-profit organisation', 'nko': 'non-profit organisation',
  'joint stock company': 'joint-stock company', 'open joint stock company': 'joint-stock company', 'closed joint stock company': 'joint-stock company',
  'public joint stock company': 'joint-stock company',
  'obshchestvo s ogranichennoy otvetstvennostyu': 'company', 'aktsionernoe obshchestvo': 'joint-stock company',
  'publichnoe aktsionernoe obshchestvo': 'joint-stock company', 'otkrytoe aktsionernoe obshchestvo': 'joint-stock company',
  'zakrytoe aktsionernoe obshchestvo': 'joint-stock company',
  // German, Dutch, Nordic, Central European
  'gmbh': 'company', 'ag': 'joint-stock company', 'kg': 'partnership', 'gmbh co kg': 'partnership', 'ohg': 'partnership', 'ug': 'company',
  'gesellschaft mit beschrankter haftung': 'company', 'gesellschaft mit beschraenkter haftung': 'company', 'aktiengesellschaft': 'joint-stock company',
  'kommanditgesellschaft': 'partnership', 'offene handelsgesellschaft': 'partnership',
  'se': 'joint-stock company', 'bv': 'company', 'b v': 'company', 'nv': 'joint-stock company', 'n v': 'joint-stock company', 'ab': 'company', 'as': 'company',
  'a s': 'company', 'asa': 'joint-stock company', 'oy': 'company', 'oyj': 'joint-stock company', 'aps': 'company', 'kft': 'company', 'zrt': 'joint-stock company',
  'nyrt': 'joint-stock company', 'sro': 'company', 's r o': 'company', 'spol s r o': 'company', 'doo': 'company', 'd o o': 'company', 'dd': 'joint-stock company',
  'sp z o o': 'company', 'sp zoo': 'company', 'spzoo': 'company', 'sa': 'joint-stock company', 'srl': 'company', 'sarl': 'company', 'sas': 'company',
  'eurl': 'company', 'snc': 'partnership',
  // Romance languages and Latin America
  's a': 'joint-stock company', 'sa de cv': 'company', 's a de c v': 'company', 'sab de cv': 'company', 'sapi de cv': 'company',
  's de rl de cv': 'company', 'sl': 'company', 's l': 'company', 'slu': 'company', 'spa': 'joint-stock company', 's p a': 'joint-stock company',
  's r l': 'company', 'eireli': 'company', 'sociedad anonima': 'joint-stock company', 'societe anonyme': 'joint-stock company',
  'cia': 'company', 'cia ltda': 'company', 'sac': 'company', 'saa': 'joint-stock company', 'sae': 'joint-stock company', 'sal': 'joint-stock company',
  // Turkish, Middle East, South Asia
  'anonim sirketi': 'joint-stock company', 'limited sirketi': 'company', 'ltd sti': 'company', 'sti': 'company',
  'tic': 'company', 'tic ltd sti': 'company', 'san ve tic ltd sti': 'company', 've tic ltd sti': 'company', 'san tic ltd sti': 'company',
  'sherkat': 'company', 'shrkt': 'company', 'sherkate': 'company', 'private': 'company',
  // Chinese, Japanese, Korean (as the transliteration renders them)
  'youxiangongsi': 'company', 'you xian gong si': 'company', 'gu fen you xian gong si': 'joint-stock company', 'you xian ze ren gong si': 'company',
  'gong si': 'company', 'zhu shi hui she': 'joint-stock company', 'kabushiki kaisha': 'joint-stock company', 'kk': 'joint-stock company',
  'yugen kaisha': 'company', 'godo kaisha': 'company', 'chusik hoesa': 'joint-stock company', 'jusik hoesa': 'joint-stock company',
};

/** Legal forms that may stand first ("OOO Romashka", "PT Maju", "LLC Ukrnafta"). */
export const LEADING_LEGAL_FORMS = new Set([
  'ooo', 'oao', 'zao', 'pao', 'ao', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'tov', 'pat', 'prat', 'tdv', 'ip', 'chup', 'fgup', 'gup', 'mup', 'ano', 'nko', 'pt', 'cv', 'llc',
  'joint stock company', 'open joint stock company', 'closed joint stock company', 'public joint stock company', 'limited liability company',
  'obshchestvo s ogranichennoy otvetstvennostyu', 'aktsionernoe obshchestvo', 'publichnoe aktsionernoe obshchestvo', 'otkrytoe aktsionernoe obshchestvo',
  'zakrytoe aktsionernoe obshchestvo', 'kabushiki kaisha', 'zhu shi hui she', 'sherkat', 'sherkate', 'shrkt', 'chusik hoesa', 'jusik hoesa',
]);

/**
 * Words that many organisation names share: weak evidence. "Leon Technology" must not hit
 * every technology company, so such words weigh at most COMMON_WORD_WEIGHT.
 */
export const COMMON_ORG_WORDS = new Set([
  'group', 'groups', 'holding', 'holdings', 'technology', 'technologies', 'tech', 'trading', 'trade', 'traders', 'international', 'intl', 'industrial',
  'industry', 'industries', 'bank', 'banking', 'enterprise', 'enterprises', 'services', 'service', 'development', 'investment', 'investments', 'import',
  'export', 'imports', 'exports', 'shipping', 'general', 'global', 'science', 'sciences', 'scientific', 'engineering', 'electronics', 'electronic',
  'manufacturing', 'research', 'institute', 'university', 'center', 'centre', 'commercial', 'commerce', 'management', 'system', 'systems', 'solutions',
  'logistics', 'energy', 'oil', 'gas', 'petroleum', 'petrochemical', 'chemical', 'chemicals', 'construction', 'resources', 'partners', 'capital',
  'finance', 'financial', 'foundation', 'association', 'organization', 'organisation', 'national', 'state', 'federal', 'ministry', 'office', 'department',
  'agency', 'authority', 'committee', 'council', 'union', 'network', 'media', 'marine', 'maritime', 'navigation', 'airlines', 'aviation', 'air', 'metals',
  'metal', 'steel', 'mining', 'machinery', 'equipment', 'products', 'product', 'factory', 'plant', 'works', 'business', 'consulting', 'consultants',
  'agro', 'agricultural', 'fund', 'bureau', 'laboratory', 'lab', 'labs', 'software', 'communications', 'communication', 'telecom', 'power', 'electric',
  'automation', 'instruments', 'precision', 'materials', 'material', 'new', 'united', 'first', 'china', 'chinese', 'russian', 'iran', 'iranian',
  'korea', 'korean', 'syrian', 'hong', 'kong', 'shenzhen', 'beijing', 'shanghai', 'moscow', 'tehran', 'dubai', 'co', 'sa', 'branch', 'unit', 'project',
  'transport', 'transportation', 'freight', 'cargo', 'tankers', 'tanker', 'line', 'lines', 'petro', 'medical', 'pharmaceutical', 'health', 'bio',
  'design', 'defense', 'defence', 'military', 'security', 'aerospace', 'space', 'nuclear', 'armed', 'forces', 'army', 'corps', 'front', 'movement',
  'party', 'brigade', 'brigades', 'battalion', 'jsc', 'open', 'joint', 'stock', 'limited', 'liability', 'public', 'private',
  'ke', 'ji', 'you', 'xian', 'gong', 'si', 'jituan', 'keji', 'maoyi', 'guoji', 'youxian', 'gongsi', 'fazhan', 'shiye', 'kongu',
]);

export const COMMON_WORD_WEIGHT = 0.25;
