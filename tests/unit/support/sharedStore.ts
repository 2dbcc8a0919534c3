import type { Store } from '../../../src/lib/store/store.ts';

// getStore() keeps the process-wide store on globalThis (see store.ts): tests that load modules
// with their own DATA_DIR close it and clear it between files.
export const STORE_KEY = Symbol.for('voices.store');
export const holder = globalThis as { [STORE_KEY]?: Promise<Store> };

export async function closeSharedStore(): Promise<void> {
  const pending = holder[STORE_KEY];
  delete holder[STORE_KEY];
  if (pending) await (await pending).close();
}
