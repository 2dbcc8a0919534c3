// Prints, after each build, what each translation still leaves in English and which languages
// nobody who speaks them has checked yet, as the sample count does for content.
import { LANGUAGES, SOURCE_LANGUAGE } from '../i18n/languages.ts';
import { missingKeys } from '../i18n/fallback.ts';

const SHOWN = 8;

export function translationReport() {
  return {
    name: 'voices:translation-report',
    hooks: {
      'astro:build:done': async ({ logger }) => {
        const { default: source } = await import('../i18n/strings/en.ts');
        const unreviewed = [];
        const complete = [];
        for (const { code, name } of LANGUAGES) {
          if (code === SOURCE_LANGUAGE) continue;
          const { default: file } = await import(`../i18n/strings/${code}.ts`);
          const missing = missingKeys(source, file);
          if (!file.reviewed) unreviewed.push(`${code} (${name})`);
          if (missing.length === 0) {
            complete.push(code);
            continue;
          }
          const listed = missing.slice(0, SHOWN).join(', ') + (missing.length > SHOWN ? `, and ${missing.length - SHOWN} more` : '');
          logger.warn(`${code}: ${missing.length} strings not translated, shown in English: ${listed}.`);
        }
        if (complete.length) logger.info(`Every string translated: ${complete.join(', ')}.`);
        logger.info(
          unreviewed.length
            ? `Translations awaiting review by someone who speaks the language: ${unreviewed.join(', ')}. Set reviewed: true in src/i18n/strings/<code>.ts once checked.`
            : 'Every translation has been reviewed.',
        );
      },
    },
  };
}
