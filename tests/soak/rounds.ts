// What the soak rounds share: the seeds to run (a seed replays a round, through
// tests/support/seededRandom.ts) and form tokens fetched as the share page gives them.
import { PRIVACY_USER_AGENT } from '../e2e/support/privacy';
import { random } from '../support/seededRandom';

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
