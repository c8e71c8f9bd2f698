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
import { registerBatch } from './batch.js';
import { registerWorker } from './worker.js';
import { registerCustomers } from './customers.js';
import { registerAlerts } from './alerts.js';
import { registerAudit } from './audit.js';
import { registerWebhooks } from './webhooks.js';
import { registerMonitor } from './monitor.js';
import { registerCompare } from './compare.js';

/** Every subcommand's register function, in the order `clearance --help` lists them. */
export const COMMANDS: Array<(program: Command) => void> = [
  registerUpdate,
  registerSources,
  registerChanges,
  registerEntity,
  registerExport,
  registerScreen,
  registerCompare,
  registerOwnership,
  registerServe,
  registerKeys,
  registerBatch,
  registerWorker,
  registerCustomers,
  registerAlerts,
  registerAudit,
  registerWebhooks,
  registerMonitor,
];
