// Prints how many sample entries remain, so a service knows what it still has to replace.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SAMPLE_LINE = /^\s*sample:\s*true\s*$/m;

/** Counts entries marked `sample: true` under a folder, per top-level collection folder. */
async function countSamples(root) {
  const counts = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|ya?ml)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const matches = text.match(new RegExp(SAMPLE_LINE.source, 'gm'))?.length ?? 0;
    if (!matches) continue;
    const collection = relative(root, file).split(sep)[0].replace(/\.ya?ml$/, '');
    counts[collection] = (counts[collection] ?? 0) + matches;
  }
  return counts;
}

export function sampleCount() {
  return {
    name: 'voices:sample-count',
    hooks: {
      'astro:build:done': async ({ logger }) => {
        const counts = await countSamples(join(process.cwd(), 'content'));
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const detail = Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ');
        logger.info(total ? `${total} sample entries remain (${detail}). Replace them with the service's own.` : 'No sample entries remain.');
      },
    },
  };
}
