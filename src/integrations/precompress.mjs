// Writes brotli and gzip copies of every compressible built file (after the search index, so
// Pagefind's scripts are included). server.mjs serves them from memory instead of compressing on
// each request; a reverse proxy can serve the same copies (nginx: gzip_static on).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|txt|vtt|svg)$/i;
const MIN_BYTES = 256;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) yield path;
  }
}

async function precompressFile(file) {
  const plain = await readFile(file);
  if (plain.length < MIN_BYTES) return 0;
  const [br, gzipped] = await Promise.all([
    brotli(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } }),
    gz(plain, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // Written after the file itself, so a copy is never older than what it copies.
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
  return 1;
}

export function precompress() {
  return {
    name: 'voices:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        // zlib's async calls run on libuv's thread pool: a few at a time keeps every core busy.
        const queue = [];
        for await (const file of files(root)) queue.push(file);
        let done = 0;
        const workers = Math.max(2, availableParallelism());
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (let file = queue.pop(); file; file = queue.pop()) {
              const made = await precompressFile(file);
              done += made;
            }
          }),
        );
        logger.info(`Compressed copies (brotli, gzip) of ${done} files.`);
      },
    },
  };
}
