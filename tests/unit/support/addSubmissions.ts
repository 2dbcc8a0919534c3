import { randomBytes } from 'node:crypto';
import type { Store } from '../../../src/lib/store/store.ts';
import type { Submission } from '../../../src/lib/sharing/submission.ts';

/** Stores submissions as the share form does, each with a form token of its own, all at once (so in few writes), in order. */
export async function addSubmissions(store: Store, ...items: Submission[]): Promise<void> {
  await Promise.all(items.map((item) => store.submissions.create(item, { id: randomBytes(9).toString('base64url'), expiresAt: Date.now() + 86_400_000 })));
}
