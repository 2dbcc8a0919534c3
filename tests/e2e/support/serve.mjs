// Starts the built server for the browser tests on an empty DATA_DIR.
import { rmSync } from 'node:fs';

if (!process.env.DATA_DIR) throw new Error('DATA_DIR must be set for the test server');
rmSync(process.env.DATA_DIR, { recursive: true, force: true });
process.env.NODE_ENV ??= 'production';
await import('../../../server.mjs');
