// What the browser and soak tests take from the application's own code: the only place they name
// a path under src/lib, so a move there changes this file alone.
export type { VoicesData } from '../../../src/lib/store/lowStore';
export { newSubmissionId, SUBMISSION_KINDS, type Submission } from '../../../src/lib/sharing/submission';
export type { Prompt } from '../../../src/lib/participation/prompts';
export type { WorkshopCode } from '../../../src/lib/participation/workshopCodes';
export { MAX_PEN_NAME } from '../../../src/lib/sharing/shareForm';
export { isSearchable } from '../../../src/lib/content/searchScope';
export { openStore, type Store } from '../../../src/lib/store/store';
export { confirmTotp, keepPasskey } from '../../../src/lib/accounts/secondFactors';
export { findFacilitatorByEmail } from '../../../src/lib/accounts/facilitators';
