// Starts the built server for the browser tests on an empty DATA_DIR.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

if (!process.env.DATA_DIR) throw new Error('DATA_DIR must be set for the test server');
rmSync(process.env.DATA_DIR, { recursive: true, force: true });
process.env.NODE_ENV ??= 'production';

// The main test server (playwright.config.ts) keeps a copy of its output, and starts the run's
// log folder afresh, for the privacy check at the end of the run (support/privacyTeardown.ts).
const log = process.env.E2E_SERVER_LOG;
if (log) {
  rmSync(dirname(log), { recursive: true, force: true });
  mkdirSync(dirname(log), { recursive: true });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      appendFileSync(log, typeof chunk === 'string' ? chunk : Buffer.from(chunk));
      return write(chunk, ...rest);
    };
  }
}
await import('../../../server.mjs');
