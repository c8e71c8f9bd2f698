import type { Entity, Identifier } from './entity.js';

/**
 * Keys that identify a target unambiguously across lists. Records of one target on several
 * lists are linked only through these, never through a similar name: a UN reference number,
 * an IMO number, an ISIN, an LEI, or a passport / national id together with its country.
 */
export function identityKeys(entity: Entity): string[] {
  const keys = new Set<string>();
  for (const id of entity.identifiers) {
    const key = identityKey(id);
    if (key) keys.add(key);
  }
  return [...keys];
}

export function identityKey(id: Identifier): string | undefined {
  const compact = id.value.toUpperCase().replace(/[\s.\-/]/g, '');
  switch (id.type) {
    case 'un_ref':
      return /^[A-Z]{2}[IE]\d+$/.test(compact) ? `un_ref:${compact}` : undefined;
    case 'imo': {
      const digits = compact.replace(/^IMO/, '');
      return /^\d{7}$/.test(digits) ? `imo:${digits}` : undefined;
    }
    case 'isin':
      return /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(compact) ? `isin:${compact}` : undefined;
    case 'lei':
      return /^[A-Z0-9]{20}$/.test(compact) ? `lei:${compact}` : undefined;
    case 'passport':
    case 'national_id':
      return id.country && compact.length >= 5 ? `${id.type}:${id.country}:${compact}` : undefined;
    default:
      return undefined;
  }
}
