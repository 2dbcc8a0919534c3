// Writes brotli and gzip copies of every compressible built file (after the search index, so
// Pagefind's scripts are included), at the highest settings, once. server.mjs (through sirv) sends
// them instead of compressing on each request; a reverse proxy can too (nginx: gzip_static on).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { isCompressibleFile, MIN_COMPRESSED_BYTES } from '../lib/http/compressible.ts';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && isCompressibleFile(entry.name)) yield join(entry.parentPath, entry.name);
  }
}

async function precompressFile(file) {
  const plain = await readFile(file);
  if (plain.length < MIN_COMPRESSED_BYTES) return 0;
  const [br, gzipped] = await Promise.all([
    brotli(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } }),
    gz(plain, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  // A copy that saves nothing is not worth a Content-Encoding: the file goes as it is.
  const copies = [[`${file}.br`, br], [`${file}.gz`, gzipped]].filter(([, bytes]) => bytes.length < plain.length);
  await Promise.all(copies.map(([path, bytes]) => writeFile(path, bytes)));
  return copies.length > 0 ? 1 : 0;
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
