import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { isSourceId, type SourceId } from '../model/sources.js';

const IsoDate = z.iso.date();

/** commander argument parser: a calendar date YYYY-MM-DD. */
export function parseIsoDate(value: string): string {
  const r = IsoDate.safeParse(value);
  if (!r.success) throw new InvalidArgumentError(`"${value}" is not a date of the form YYYY-MM-DD`);
  return value;
}

export function parseSourceId(value: string): SourceId {
  if (!isSourceId(value)) throw new InvalidArgumentError(`unknown source "${value}"`);
  return value;
}
