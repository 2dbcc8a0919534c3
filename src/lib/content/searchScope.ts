// Which pages the site's own search (Pagefind) may index. Shared by the layout, which marks a
// page's searchable text, and by the build step that writes the index. Plain TypeScript with no
// Astro imports, so astro.config.mjs and the tests can load it too.

/**
 * Never indexed: young people's words and the moderation area (private, on demand), the search
 * page itself, the 404 page, and filter pages that only repeat entries that are indexed already.
 */
const NOT_SEARCHED: readonly RegExp[] = [
  /^\/(share|moderate|voices)(\/|$)/,
  // Rendered on demand from the store (prompts and their outcomes), so never files in the build.
  /^\/(have-your-say|you-said-we-did)(\/|$)/,
  /^\/search\/?$/,
  /^\/404(\.html|\/)?$/,
  /^\/poems\/theme\//,
  /^\/resources\/(audience|topic)\//,
];

/** True when the page at this path belongs in the search index. */
export function isSearchable(path: string): boolean {
  return !NOT_SEARCHED.some((pattern) => pattern.test(path));
}
