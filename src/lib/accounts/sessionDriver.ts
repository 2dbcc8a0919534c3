// Astro session driver (astro.config.mjs `session.driver`): facilitators' sessions live in the
// store (store.ts sessions), so with the rest of the data, and shared by every server on PostgreSQL.
import { IDLE_MS } from './session.ts';
import { getStore } from '../store/store.ts';

interface SessionDriver {
  getItem: (key: string) => Promise<string | null>;
  setItem: (key: string, value: string) => Promise<void>;
  removeItem: (key: string) => Promise<void>;
}

/** What Astro calls with the driver's (empty) config. */
export default function sessionDriver(): SessionDriver {
  return {
    async getItem(key) {
      return (await getStore()).sessions.get(key, Date.now());
    },
    async setItem(key, value) {
      const now = Date.now();
      // Records outlive their last write by the idle timeout; the middleware checks both timeouts itself.
      await (await getStore()).sessions.set({ id: key, value, expiresAt: now + IDLE_MS }, now);
    },
    async removeItem(key) {
      await (await getStore()).sessions.remove(key);
    },
  };
}
