import type { Source } from './types.js';
import { CONS_CSV_FILES } from './ofac/csv.js';
import { ADVANCED_FORMATS } from './ofac/advanced.js';
import { csvFormat, legacyXmlFormat, parseOfac } from './ofac/parse.js';

/**
 * US Treasury OFAC: Consolidated Sanctions List, the non-SDN lists (NS-CMIC, SSI, FSE,
 * NS-PLC, NS-MBS, CAPTA ...).
 */
export const source: Source = {
  id: 'us_ofac_cons',
  title: 'OFAC Consolidated Sanctions List (non-SDN lists)',
  publisher: 'US Department of the Treasury, Office of Foreign Assets Control (OFAC)',
  homepage: 'https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists',
  // The first format is the one downloaded; a folder holding another one is read as it is.
  formats: [
    csvFormat(CONS_CSV_FILES, 'OFAC legacy CSV (CONS_PRIM.CSV, CONS_ADD.CSV, CONS_ALT.CSV, CONS_COMMENTS.CSV)'),
    legacyXmlFormat('consolidated.xml', 'OFAC legacy XML (CONSOLIDATED.XML)'),
    ADVANCED_FORMATS.us_ofac_cons,
  ],
  parse: (ctx) => parseOfac(ctx, 'us_ofac_cons', CONS_CSV_FILES),
};
