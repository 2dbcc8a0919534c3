// The server under load with autocannon: requests per second, p50/p99 latency, non-2xx.
import autocannon from 'autocannon';
import { issueFormToken } from '../src/lib/sharing/formToken.ts';
import { wordsFor } from './seed.mjs';
import { random } from '../tests/support/seededRandom.ts';

const BROWSER = { 'accept-encoding': 'br, gzip', 'user-agent': 'voices-bench' };

function summary(result) {
  return {
    rps: Math.round(result.requests.average),
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** A short warm-up (not kept, so the JIT and caches are ready), then the measured run. */
export async function loadGet(url, { connections, seconds, warmSeconds = 2, headers = {} }) {
  const options = { url, connections, headers: { ...BROWSER, ...headers } };
  await autocannon({ ...options, duration: warmSeconds });
  return { url: new URL(url).pathname + new URL(url).search, connections, seconds, ...summary(await autocannon({ ...options, duration: seconds })) };
}

/** A share form's body as the form sends it without JavaScript, with a fresh token signed with the server's secret. */
function shareBody(secret, rand, places) {
  return new URLSearchParams({
    token: issueFormToken(secret, Date.now()),
    prompt: '',
    website: '',
    kind: 'poem',
    body: wordsFor(rand),
    title: '',
    penName: '',
    place: places[Math.floor(rand() * places.length)],
    publish: rand() < 0.7 ? 'yes' : 'no',
  }).toString();
}

/**
 * Share-form POSTs, each with a fresh form token as /share/ would have issued it. A response counts
 * as accepted when it shows a receipt; the receipts are kept so the caller can find each one in the
 * store. Closed loop (`connections` each waiting for its answer, `amount` in all), or open loop with
 * `rate` (autocannon's overallRate for `seconds`: requests are sent at that rate whether or not
 * answers keep up, and latency counts from when each should have been sent).
 */
export async function loadShare(base, secret, { connections, amount, rate, seconds, seed, places }) {
  const rand = random(seed);
  const receipts = [];
  let refused = 0;
  const options = rate ? { connections: Math.max(connections, 100), overallRate: rate, duration: seconds } : { connections, amount };
  const result = await autocannon({
    url: base,
    ...options,
    requests: [
      {
        method: 'POST',
        path: '/share/?_action=share',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'sec-fetch-site': 'same-origin', 'user-agent': 'voices-bench' },
        setupRequest: (req) => ({ ...req, body: shareBody(secret, rand, places) }),
        onResponse: (_status, text) => {
          const receipt = /data-receipt[^>]*>([A-Z0-9-]{19})</.exec(text)?.[1];
          if (receipt) receipts.push(receipt);
          else refused++;
        },
      },
    ],
  });
  return { connections: options.connections, ...(rate ? { rate, seconds } : { amount }), ...summary(result), accepted: receipts.length, withoutReceipt: refused, receipts };
}
