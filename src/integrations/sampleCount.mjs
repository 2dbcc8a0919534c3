// Prints how many sample entries remain, so a service knows what it still has to replace.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SAMPLE_LINE = /^\s*sample:\s*true\s*$/m;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.(md|ya?ml)$/.test(entry.name)) yield path;
  }
}

/** Counts entries marked `sample: true` under a folder, per top-level collection folder. */
export async function countSamples(root) {
  const counts = {};
  for await (const file of walk(root)) {
    const text = await readFile(file, 'utf8');
    const matches = text.match(new RegExp(SAMPLE_LINE.source, 'gm'))?.length ?? 0;
    if (!matches) continue;
    const collection = file.slice(root.length + 1).split(/[\\/]/)[0].replace(/\.ya?ml$/, '');
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
        const detail = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
        logger.info(total ? `${total} sample entries remain (${detail}). Replace them with the service's own.` : 'No sample entries remain.');
      },
    },
  };
}
