// The server under load with autocannon: requests per second, p50/p99 latency, non-2xx.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueFormToken } from '../src/lib/sharing/formToken.ts';
import { random, wordsFor } from './seed.mjs';

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

/**
 * Share-form submissions as the form sends them (no JavaScript): each with a fresh form token
 * signed with the server's secret, as /share/ would have issued it. A response counts as accepted
 * when it shows a receipt; the receipts are kept so the caller can find each one in the store.
 */
export async function loadShare(base, dataDir, { connections, amount, seed, places }) {
  const secret = readFileSync(join(dataDir, 'secret.key'));
  const rand = random(seed);
  const receipts = [];
  let refused = 0;
  const body = () =>
    new URLSearchParams({
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
  const result = await autocannon({
    url: base,
    connections,
    amount,
    requests: [
      {
        method: 'POST',
        path: '/share/?_action=share',
        // Plain text back, so the receipt can be read from the page.
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'sec-fetch-site': 'same-origin', 'user-agent': 'voices-bench' },
        setupRequest: (req) => ({ ...req, body: body() }),
        onResponse: (_status, text) => {
          const receipt = /data-receipt[^>]*>([A-Z0-9-]{19})</.exec(text)?.[1];
          if (receipt) receipts.push(receipt);
          else refused++;
        },
      },
    ],
  });
  return { connections, amount, ...summary(result), accepted: receipts.length, withoutReceipt: refused, receipts };
}
