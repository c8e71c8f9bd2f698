import type { Command } from 'commander';

/** Every subcommand's register function, in the order `clearance --help` lists them. */
export const COMMANDS: Array<(program: Command) => void> = [];
