// What the browser and soak tests take from the application's own code: the only place they name
// a path under src/lib, so a move there changes this file alone.
export { openStore, newSubmissionId, type Prompt, type Submission, type VoicesData, type WorkshopCode } from '../../../src/lib/server/store';
export { MAX_PEN_NAME, SHARE_KINDS } from '../../../src/lib/shared/shareForm';
export { isSearchable } from '../../../src/lib/content/searchScope';
