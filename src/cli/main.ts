#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { reportError } from './output.js';

/**
 * The `clearance` command. Each subcommand lives in src/cli/commands/<name>.ts and registers
 * itself on the program, so adding one touches only its own file and the list in index.ts.
 */
const program = new Command()
  .name('clearance')
  .description('Sanctions-compliance screening: official lists, explainable matching, screening and monitoring')
  .version('0.1.0')
  .option('--home <dir>', 'data folder holding the store (env CLEARANCE_HOME; default ~/.clearance)')
  .showHelpAfterError()
  // Commander would exit with 1 on a bad option, which `screen` uses for "something matched".
  .exitOverride();

for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Commander has printed its own message (or the help or version asked for).
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
    return;
  }
  reportError(err);
  process.exitCode = 2;
});
