// Reads the Pagefind index the build wrote, so tests can check what is (and is not) searchable.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './content';

const PAGEFIND = join(ROOT, 'dist', 'client', 'pagefind');

export interface IndexedPage {
  url: string;
  /** The page's indexed text, as search results quote it. */
  content: string;
}

/** Every page in the index: one gzipped fragment per page, "pagefind_dcd" then JSON. */
export function indexedPages(): IndexedPage[] {
  const dir = join(PAGEFIND, 'fragment');
  return readdirSync(dir).map((name) => {
    const text = gunzipSync(readFileSync(join(dir, name))).toString('utf8');
    return JSON.parse(text.replace(/^pagefind_dcd/, '')) as IndexedPage;
  });
}

/** How many pages Pagefind says it indexed, from its entry file. */
export function indexedPageCount(): number {
  const entry = JSON.parse(readFileSync(join(PAGEFIND, 'pagefind-entry.json'), 'utf8'));
  return Object.values(entry.languages as Record<string, { page_count: number }>).reduce((n, l) => n + l.page_count, 0);
}
