// Astro serves a language's own 404 and 500 pages only from the fixed routes /<code>/404 and
// /<code>/500, so each language gets both, rendered from the same pages as English.
import { LANGUAGES, SOURCE_LANGUAGE } from '../i18n/languages.ts';

export function errorPagesByLanguage() {
  return {
    name: 'voices:error-pages-by-language',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const { code } of LANGUAGES) {
          if (code === SOURCE_LANGUAGE) continue;
          injectRoute({ pattern: `/${code}/404`, entrypoint: new URL('../pages/404.astro', import.meta.url) });
          injectRoute({ pattern: `/${code}/500`, entrypoint: new URL('../pages/500.astro', import.meta.url) });
        }
      },
    },
  };
}
