// Astro session driver (astro.config.mjs `session.driver`): facilitators' sessions live in the
// store's `sessions`, so under DATA_DIR with the rest of the data, written durably, one process.
import { IDLE_MS } from './session.ts';
import { getStore, type VoicesData } from '../store/store.ts';

interface SessionDriver {
  getItem: (key: string) => Promise<string | null>;
  setItem: (key: string, value: string) => Promise<void>;
  removeItem: (key: string) => Promise<void>;
}

// Records outlive their last write by the idle timeout; the middleware checks both timeouts itself.
function dropExpired(data: VoicesData, now: number): void {
  if (data.sessions.some((s) => s.expiresAt <= now)) data.sessions = data.sessions.filter((s) => s.expiresAt > now);
}

/** What Astro calls with the driver's (empty) config. */
export default function sessionDriver(): SessionDriver {
  return {
    async getItem(key) {
      const store = await getStore();
      const t = Date.now();
      return store.read((data) => data.sessions.find((s) => s.id === key && s.expiresAt > t)?.value ?? null);
    },
    async setItem(key, value) {
      const store = await getStore();
      const t = Date.now();
      await store.update((data) => {
        dropExpired(data, t);
        const record = data.sessions.find((s) => s.id === key);
        if (record) {
          record.value = value;
          record.expiresAt = t + IDLE_MS;
        } else {
          data.sessions.push({ id: key, value, expiresAt: t + IDLE_MS });
        }
      });
    },
    async removeItem(key) {
      const store = await getStore();
      if (!store.read((data) => data.sessions.some((s) => s.id === key))) return;
      await store.update((data) => {
        data.sessions = data.sessions.filter((s) => s.id !== key);
      });
    },
  };
}
