// What the soak rounds share: seeded randomness (a seed replays a round), the seeds to run, and
// form tokens fetched as the share page gives them.
import { PRIVACY_USER_AGENT } from '../e2e/support/privacy';

/** mulberry32: a small seeded generator, so a seed replays a round. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The seeds to run: those listed (a replay), or `rounds` chained from `first` (or a random one). */
export function roundSeeds(listed: string | undefined, first: string | undefined, rounds: number): number[] {
  if (listed) return listed.split(',').map((s) => Number(s.trim()));
  const next = random(first ? Number(first) : Math.floor(Math.random() * 2 ** 32));
  return Array.from({ length: rounds }, () => Math.floor(next() * 2 ** 32));
}

/** n form tokens from the share page at base, 50 requests at a time. */
export async function formTokens(base: string, n: number): Promise<string[]> {
  const all: string[] = [];
  while (all.length < n) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - all.length) }, async () => {
        const html = await (await fetch(`${base}/share/`, { headers: { 'User-Agent': PRIVACY_USER_AGENT } })).text();
        return /name="token" value="([^"]+)"/.exec(html)![1]!;
      }),
    );
    all.push(...batch);
  }
  return all;
}
