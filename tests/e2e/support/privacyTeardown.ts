// After the whole browser suite: nothing the site promises not to keep is in any server's output
// or DATA_DIR (docs/safeguarding.md, "No traces"). Each server the tests started left its output and findings in
// PRIVACY_LOG_DIR (privacy.ts); the main server's output is there too (serve.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DATA_DIR } from './env';
import { MAIN_SERVER_LOG, PRIVACY_LOG_DIR, privacyProblems } from './privacy';

export default async function privacyTeardown(): Promise<void> {
  if (!existsSync(MAIN_SERVER_LOG)) throw new Error(`privacy check: the main server's output was not kept at ${MAIN_SERVER_LOG}`);
  const problems = privacyProblems(readFileSync(MAIN_SERVER_LOG, 'utf8'), E2E_DATA_DIR).map((p) => `main server: ${p}`);
  const runs = readdirSync(PRIVACY_LOG_DIR).filter((name) => name.endsWith('.problems.json'));
  for (const name of runs) {
    for (const problem of JSON.parse(readFileSync(join(PRIVACY_LOG_DIR, name), 'utf8')) as string[]) problems.push(`${name.replace(/\.problems\.json$/, '')}: ${problem}`);
  }
  if (problems.length > 0) throw new Error(`Privacy check after the suite found:\n${problems.join('\n')}\n(logs in ${PRIVACY_LOG_DIR})`);
  console.log(`Privacy check: the main server and ${runs.length} other server runs kept no address, user agent, typed text, receipt or password.`);
}
