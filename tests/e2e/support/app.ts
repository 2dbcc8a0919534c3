// What the browser and soak tests take from the application's own code: the only place they name
// a path under src/lib or src/i18n, so a move there changes this file alone.
export type { VoicesData } from '../../../src/lib/store/lowStore';
export { newSubmissionId, SUBMISSION_KINDS, type Submission } from '../../../src/lib/sharing/submission';
export type { Prompt } from '../../../src/lib/participation/prompts';
export type { WorkshopCode } from '../../../src/lib/participation/workshopCodes';
export { MAX_PEN_NAME } from '../../../src/lib/sharing/shareForm';
export { isSearchable } from '../../../src/lib/content/searchScope';
export { openStore, type Store } from '../../../src/lib/store/store';
export { confirmTotp, keepPasskey } from '../../../src/lib/accounts/secondFactors';
export { findFacilitatorByEmail } from '../../../src/lib/accounts/facilitators';
export { LANGUAGES, SOURCE_LANGUAGE } from '../../../src/i18n/languages';
export { isTranslatedPath, withoutLanguage } from '../../../src/i18n/paths';
export { default as ENGLISH_STRINGS } from '../../../src/i18n/strings/en';
export { isPlural } from '../../../src/i18n/plural';

/** A translation's strings file, as written (no English filled in). */
export async function translationFile(code: string): Promise<Record<string, unknown> & { reviewed: boolean }> {
  return (await import(`../../../src/i18n/strings/${code}.ts`)).default;
}
