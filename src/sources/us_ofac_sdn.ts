import type { Source } from './types.js';
import { SDN_CSV_FILES } from './ofac/csv.js';
import { ADVANCED_FORMATS } from './ofac/advanced.js';
import { csvFormat, legacyXmlFormat, parseOfac } from './ofac/parse.js';

/** US Treasury OFAC: Specially Designated Nationals and Blocked Persons List. */
export const source: Source = {
  id: 'us_ofac_sdn',
  title: 'OFAC Specially Designated Nationals and Blocked Persons List (SDN)',
  publisher: 'US Department of the Treasury, Office of Foreign Assets Control (OFAC)',
  homepage: 'https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists',
  // The first format is the one downloaded; a folder holding another one is read as it is.
  formats: [
    csvFormat(SDN_CSV_FILES, 'OFAC legacy CSV (SDN.CSV, ADD.CSV, ALT.CSV, SDN_COMMENTS.CSV)'),
    legacyXmlFormat('sdn.xml', 'OFAC legacy XML (SDN.XML)'),
    ADVANCED_FORMATS.us_ofac_sdn,
  ],
  parse: (ctx) => parseOfac(ctx, 'us_ofac_sdn', SDN_CSV_FILES),
};
