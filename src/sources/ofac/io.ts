import { readdir } from 'node:fs/promises';
import type { ParseContext } from '../types.js';

/**
 * The name a publication file really has in the folder. OFAC's download URLs are upper case
 * (SDN.CSV) while mirrors and our own downloads use lower case; detectFormat matches either,
 * so the parser must open whichever is there.
 */
export async function fileNameIn(ctx: ParseContext, name: string): Promise<string> {
  const present = await readdir(ctx.dir).catch(() => [] as string[]);
  return present.find((p) => p === name) ?? present.find((p) => p.toLowerCase() === name.toLowerCase()) ?? name;
}
