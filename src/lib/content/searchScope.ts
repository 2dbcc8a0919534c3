// Which pages the site's own search (Pagefind) may index. Shared by the layout, which marks a
// page's searchable text, and by the build step that writes the index. Plain TypeScript with no
// Astro imports, so astro.config.mjs and the tests can load it too.
import { withoutLanguage } from '../../i18n/paths.ts';

/**
 * Never indexed, in any language: young people's words and the moderation area (private, on
 * demand), the search page itself, the error pages, and filter pages that only repeat entries
 * that are indexed already.
 */
const NOT_SEARCHED: readonly RegExp[] = [
  /^\/(share|moderate|voices)(\/|$)/,
  // Rendered on demand from the store (prompts and their outcomes), so never files in the build.
  /^\/(have-your-say|you-said-we-did)(\/|$)/,
  /^\/search\/?$/,
  /^\/(404|500)(\.html|\/)?$/,
  /^\/poems\/theme\//,
  /^\/resources\/(audience|topic)\//,
];

/** True when the page at this path (in any language: "/ar/help/") belongs in the search index. */
export function isSearchable(path: string): boolean {
  const page = withoutLanguage(path);
  return !NOT_SEARCHED.some((pattern) => pattern.test(page));
}
