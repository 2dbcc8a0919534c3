// Builds the Pagefind search index from the prerendered pages, after Astro has written them.
// Only public pages go in (see searchScope.ts); on-demand pages (sharing, moderation) are never
// files in the build, and are refused by path as well in case one is ever prerendered.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIndex, close } from 'pagefind';
import { isSearchable } from '../lib/content/searchScope.ts';

/** "poems/mirror/index.html" → "/poems/mirror/", the URL the page is served at. */
const urlOf = (file) => `/${file.split(sep).join('/')}`.replace(/(^|\/)index\.html$/, '$1');

export function searchIndex() {
  return {
    name: 'voices:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        // A warned poem's or film's text stays out of result excerpts, as it stays out of lists.
        // Each language gets its own index, by <html lang>: /ar/search/ searches the Arabic pages.
        const { index, errors } = await createIndex({ excludeSelectors: ['[data-content-warning]'] });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        let pages = 0;
        for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
          const file = join(entry.parentPath, entry.name);
          const url = urlOf(relative(root, file));
          if (url.startsWith('/pagefind/') || !isSearchable(url)) continue;
          const added = await index.addHTMLFile({ url, content: await readFile(file, 'utf8') });
          if (added.errors.length) throw new Error(`Pagefind could not index ${url}: ${added.errors.join('; ')}`);
          pages += 1;
        }
        const written = await index.writeFiles({ outputPath: join(root, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await close();
        logger.info(`Search index: ${pages} pages.`);
      },
    },
  };
}
