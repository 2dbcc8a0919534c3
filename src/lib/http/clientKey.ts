import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Returns a function that turns a client's IP address into an opaque key for
 * rate limiting: an HMAC under a random key that lives only in memory and is
 * replaced when the UTC day changes, so keys cannot be linked across days or
 * reversed from a memory dump after the day ends. Nothing is written or logged.
 */
export function createClientKeyer(options: { now?: () => number } = {}): (ip: string) => string {
  const now = options.now ?? Date.now;
  let day = Number.NaN;
  let key = Buffer.alloc(0);
  return (ip) => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) {
      day = today;
      key = randomBytes(32);
    }
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
