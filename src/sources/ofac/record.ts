/**
 * One OFAC entry as the legacy formats state it, before it becomes an Entity. The legacy CSV
 * set and the legacy XML are two spellings of the same database rows; both readers produce
 * this record, and one builder (entity.ts) turns it into an Entity, so an entry read from
 * XML and the same entry read from CSV come out equal.
 *
 * Facts that the CSV writes into its Remarks column and the XML spreads over idList,
 * dateOfBirthList, nationalityList ... are kept here in the CSV's wording ("Passport X
 * (Iran)", "DOB 1961", "nationality China"): that is the one form both formats can reach.
 */

export type OfacEntryType = 'individual' | 'entity' | 'vessel' | 'aircraft';

export type OfacAliasType = 'a.k.a.' | 'f.k.a.' | 'n.k.a.';

export interface OfacName {
  /** "LAST, First" for people, as OFAC writes it. */
  full: string;
  /** The parts when OFAC splits the name (people: last name, then first names). */
  family?: string;
  given?: string;
}

export interface OfacAlias extends OfacName {
  /** OFAC's own number for the alias (alt_num / aka uid); weak aliases in CSV remarks have none. */
  uid?: string;
  type: OfacAliasType;
  /** OFAC: weak a.k.a.s are low-quality names that should not be used alone. */
  category: 'strong' | 'weak';
  /** The CSV's alt_remarks column. */
  note?: string;
}

export interface OfacAddress {
  /** Add_num / address uid. */
  uid: string;
  /** Address lines joined with ", " (the CSV's Address column). */
  street?: string;
  /** City, state or province and postal code as one line (the CSV's combined column). */
  cityLine?: string;
  country?: string;
  /** The CSV's Add_remarks column. */
  note?: string;
}

export interface OfacVesselInfo {
  callSign?: string;
  vesselType?: string;
  tonnage?: string;
  grossRegisteredTonnage?: string;
  flag?: string;
  owner?: string;
}

export interface OfacRecord {
  /** ent_num / uid: OFAC's stable record number. */
  uid: string;
  type: OfacEntryType;
  name: OfacName;
  programs: string[];
  title?: string;
  vessel: OfacVesselInfo;
  aliases: OfacAlias[];
  addresses: OfacAddress[];
  /** Remark facts, one per "; "-separated part, without "alt. " and the closing full stop. */
  facts: string[];
  /** Where the record starts, for messages ("sdn.csv line 12"). */
  origin: { file: string; line?: number };
}
