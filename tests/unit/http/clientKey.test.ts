import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createClientKeyer } from '../../../src/lib/http/clientKey.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A keyer on a clock of its own, with day keys kept as the embedded store keeps them (one random key per day, in memory). */
function keyerAt(start: number) {
  const c = { t: start };
  const days = new Map<number, Buffer>();
  const dailyKey = async (day: number) => days.get(day) ?? days.set(day, randomBytes(32)).get(day)!;
  return { c, key: createClientKeyer({ now: () => c.t, dailyKey }) };
}

describe('createClientKeyer', () => {
  it('gives the same IP the same key all UTC day, and a new one the next day', async () => {
    const midnight = Date.UTC(2025, 0, 2);
    const { c, key } = keyerAt(midnight);
    const morning = await key('203.0.113.7');
    c.t = midnight + DAY - 1;
    expect(await key('203.0.113.7')).toBe(morning);
    c.t = midnight + DAY;
    expect(await key('203.0.113.7')).not.toBe(morning);
  });

  it('gives different IPs different keys', async () => {
    const { key } = keyerAt(0);
    expect(await key('203.0.113.7')).not.toBe(await key('203.0.113.8'));
  });

  it('never reveals the IP', async () => {
    const { key } = keyerAt(0);
    for (const ip of ['203.0.113.7', '2001:db8::1', '::1', '1.1.1.1']) {
      const k = await key(ip);
      expect(k).not.toBe(ip);
      expect(k).not.toContain(ip);
      expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('has a fresh random key in each keyer, so keys cannot be recomputed elsewhere', () => {
    expect(keyerAt(0).key('203.0.113.7')).not.toBe(keyerAt(0).key('203.0.113.7'));
  });

  it('keys an IPv6 client by its /64, and IPv4-mapped addresses as IPv4', async () => {
    const { key } = keyerAt(0);
    expect(await key('2001:db8:1:2::1')).toBe(await key('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(await key('2001:db8:1:2::1')).not.toBe(await key('2001:db8:1:3::1'));
    expect(await key('::ffff:203.0.113.7')).toBe(await key('203.0.113.7'));
  });
});

describe('the part of an address that is keyed', () => {
  // [address, one it shares a key with (the same subscriber), one it does not]
  it.each([
    ['203.0.113.7', '203.0.113.7', '203.0.113.8'],
    ['::ffff:203.0.113.7', '203.0.113.7', '::ffff:203.0.113.8'],
    ['2001:db8::1', '2001:db8:0:0:ffff:ffff:ffff:ffff', '2001:db8:0:1::1'],
    ['2001:DB8:0001:0002:3:4:5:6', '2001:db8:1:2::', '2001:db8:1:3::'],
    ['fe80::1%eth0', 'fe80::2', 'fe80:0:0:1::1'],
    ['::1', '::2', '0:0:0:1::1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::198.51.100.1', '64:ff9b:1::192.0.2.33'],
    ['not an address', ' not an address ', 'not another address'],
  ])('%s is keyed like %s, not like %s', async (ip, same, other) => {
    const { key } = keyerAt(0);
    expect(await key(ip)).toBe(await key(same));
    expect(await key(ip)).not.toBe(await key(other));
  });
});
