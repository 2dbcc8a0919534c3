import { resolve } from 'node:path';

/** The DATA_DIR the browser tests' server uses; emptied when that server starts. */
export const E2E_DATA_DIR = resolve(process.env.E2E_DATA_DIR ?? '.e2e-data');
