// Astro serves a language's own 404 and 500 pages only from the fixed routes /<code>/404 and
// /<code>/500, so each language gets both, from the pages English uses. They are rendered on
// demand: @astrojs/node (11.1) reads any prerendered error page from the root 404.html and
// 500.html, whatever the language. English keeps its prerendered ones (src/pages/404.astro, 500.astro).
import { LANGUAGES, SOURCE_LANGUAGE } from '../i18n/languages.ts';

export function errorPagesByLanguage() {
  return {
    name: 'voices:error-pages-by-language',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const { code } of LANGUAGES) {
          if (code === SOURCE_LANGUAGE) continue;
          injectRoute({ pattern: `/${code}/404`, entrypoint: new URL('../components/errors/NotFoundPage.astro', import.meta.url), prerender: false });
          injectRoute({ pattern: `/${code}/500`, entrypoint: new URL('../components/errors/ServerErrorPage.astro', import.meta.url), prerender: false });
        }
      },
    },
  };
}
