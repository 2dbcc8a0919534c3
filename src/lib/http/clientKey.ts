import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { getStore } from '../store/store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

interface KeyerOptions {
  now?: () => number;
  /** The random key of a UTC day (days since the epoch): the store's by default (store.ts rateLimits.dailyKey). */
  dailyKey?: (day: number) => Promise<Buffer>;
}

/**
 * Returns a function that turns a client's IP address into an opaque key for rate limiting: an
 * HMAC under a random key that is replaced when the UTC day changes, so keys cannot be linked
 * across days or reversed once the day's key is gone. The embedded store keeps the key only in
 * memory; PostgreSQL keeps today's in the database, so that every server keys a client alike
 * (docs/safeguarding.md). The address itself is never written or logged.
 */
export function createClientKeyer(options: KeyerOptions = {}): (ip: string) => Promise<string> {
  const now = options.now ?? Date.now;
  const dailyKey = options.dailyKey ?? (async (day: number) => (await getStore()).rateLimits.dailyKey(day));
  return async (ip) => {
    const key = await dailyKey(Math.floor(now() / DAY_MS));
    return createHmac('sha256', key).update(networkOf(ip)).digest('base64url');
  };
}

/**
 * The part of an address that identifies one subscriber: an IPv4 address as
 * it is, an IPv6 address's /64 (one home or phone gets a whole /64, so keying
 * on the full address would let one person use billions of keys).
 */
function networkOf(ip: string): string {
  const address = ip.trim().replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  // A dotted IPv4 tail stands for two groups; it is in the dropped half anyway.
  const [head = '', tail = ''] = address.replace(/\d+\.\d+\.\d+\.\d+$/, '0:0').split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = address.includes('::') ? [...headGroups, ...zeros, ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
