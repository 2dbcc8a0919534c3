// The Nu Html Checker (npm vnu-jar, on the machine's Java) once per run: the JVM is slow to
// start, so it reads every built page in dist/ and every on-demand page the tests saved
// (markup.ts) in one go, after the run. Errors must be zero; warnings are not counted. (Its one
// warning here, that each page's inline <style> breaks the CSP in its <meta>, is wrong: Astro puts
// the style's hash in that policy, and the checker does not compute hashes.)
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './content';
import { BUILT_PAGES, SAVED_PAGES } from './markup';

const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

interface NuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
}

/** Every error the Nu checker reports in these folders, one line each. */
export async function nuErrors(folders: string[]): Promise<string[]> {
  let output: string;
  try {
    ({ stderr: output } = await promisify(execFile)('java', ['-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', ...folders], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT') throw new Error('The Nu Html Checker needs Java: apt-get install default-jre-headless');
    // It exits 1 when it found errors; they are in its output all the same.
    if (!failed.stderr?.startsWith('{')) throw error;
    output = failed.stderr;
  }
  const { messages } = JSON.parse(output) as { messages: NuMessage[] };
  return messages
    .filter((m) => m.type !== 'info')
    .map((m) => `${relative(ROOT, new URL(m.url).pathname)}${m.lastLine ? `:${m.lastLine}` : ''}: ${m.message}`);
}

/** Starts each run with no saved pages; afterwards, Nu over the built pages and the saved ones. */
export default async function markupCheck(): Promise<() => Promise<void>> {
  rmSync(SAVED_PAGES, { recursive: true, force: true });
  mkdirSync(SAVED_PAGES, { recursive: true });
  return async () => {
    const errors = await nuErrors([BUILT_PAGES, SAVED_PAGES]);
    if (errors.length > 0) throw new Error(`The Nu Html Checker found ${errors.length} errors:\n${errors.join('\n')}`);
    console.log(`Nu Html Checker: no errors in the built pages or the ${readdirSync(SAVED_PAGES).length} on-demand pages the tests saved.`);
  };
}
