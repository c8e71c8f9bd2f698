import { dirname } from 'node:path';
import { startThrowawayServer, type ThrowawayServer } from '../../src/bench/pgserver.js';

/**
 * A PostgreSQL server of the test's own, for the tests that restart the server under a running
 * job: restarting the shared test server would break the other test files running beside them.
 * It uses the binaries of the server .ci/run started: CLEARANCE_TEST_PGCTL (pg_ctl's path;
 * initdb sits beside it) and CLEARANCE_TEST_PGUSER (the system user the server runs as).
 */
export const PG_CTL = process.env.CLEARANCE_TEST_PGCTL;

export type OwnServer = ThrowawayServer;

export function startOwnServer(): Promise<OwnServer> {
  if (!PG_CTL) throw new Error('CLEARANCE_TEST_PGCTL is not set');
  return startThrowawayServer(dirname(PG_CTL), process.env.CLEARANCE_TEST_PGUSER || 'postgres');
}
