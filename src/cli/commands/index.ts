import type { Command } from 'commander';
import { registerUpdate } from './update.js';
import { registerSources } from './sources.js';
import { registerChanges } from './changes.js';
import { registerEntity } from './entity.js';
import { registerExport } from './export.js';
import { registerScreen } from './screen.js';
import { registerOwnership } from './ownership.js';
import { registerServe } from './serve.js';
import { registerKeys } from './keys.js';

/** Every subcommand's register function, in the order `clearance --help` lists them. */
export const COMMANDS: Array<(program: Command) => void> = [
  registerUpdate,
  registerSources,
  registerChanges,
  registerEntity,
  registerExport,
  registerScreen,
  registerOwnership,
  registerServe,
  registerKeys,
];
