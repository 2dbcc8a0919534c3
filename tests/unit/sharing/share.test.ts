// receiveShare end to end on a real store in a temporary DATA_DIR. share.ts reads its settings
// from the environment when it is imported, so the environment is set first and the module is
// imported dynamically.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FORM_TOKEN_TTL_MS, issueFormToken, readFormToken } from '../../../src/lib/sharing/formToken.ts';
import { hashReceiptCode } from '../../../src/lib/sharing/receipt.ts';
import type { Store } from '../../../src/lib/store/store.ts';
import type { VoicesData } from '../../../src/lib/store/lowStore.ts';
import type { Submission } from '../../../src/lib/sharing/submission.ts';
import { shareSchema } from '../../../src/lib/sharing/shareForm.ts';
import { typedValues } from '../../../src/lib/forms.ts';
import { closeSharedStore, holder, STORE_KEY } from '../support/sharedStore';

type ShareModule = typeof import('../../../src/lib/sharing/share.ts');


const PLACE_IDS = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'];
/** The form as typed, as receiveShare gives it back. */
const readShareValues = (form: FormData) => typedValues(shareSchema(PLACE_IDS), form);
const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

let root: string;
let dir: string;
let share: ShareModule;
let store: Store;


beforeAll(async () => {
  await closeSharedStore();
  root = mkdtempSync(join(tmpdir(), 'voices-share-'));
  dir = join(root, 'data');
  // Made too open on purpose: the store must tighten it.
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  vi.stubEnv('DATA_DIR', dir);
  vi.stubEnv('SHARE_MIN_SECONDS', '3');
  vi.stubEnv('SHARE_LIMIT_10MIN', '2');
  vi.stubEnv('SHARE_LIMIT_DAY', '20');
  vi.stubEnv('STATUS_LIMIT_10MIN', '3');
  vi.resetModules();
  share = await import('../../../src/lib/sharing/share.ts');
  const { getStore } = await import('../../../src/lib/store/store.ts');
  store = await getStore();
});

afterAll(async () => {
  await closeSharedStore();
  vi.unstubAllEnvs();
  vi.resetModules();
  rmSync(root, { recursive: true, force: true });
});

// Each test sends from its own address, so the per-client rate limit only bites where it is tested.
let clients = 0;
const newClient = () => `10.0.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

function context(now: number, clientAddress = newClient()) {
  return { placeIds: PLACE_IDS, localPlaces: ['Meadowhall'], clientAddress, now };
}

const secret = () => readFileSync(join(dir, 'secret.key'));

/** A token for a form shown `ageMs` before `now`. */
const tokenAged = (now: number, ageMs: number) => share.newFormToken(now - ageMs);

function shareForm(token: string, fields: Record<string, string | string[]> = {}): FormData {
  const all: Record<string, string | string[]> = {
    token,
    website: '',
    kind: 'poem',
    body: `A poem, ${Math.random()}\nsecond line`,
    title: '',
    penName: '',
    place: 'none',
    publish: 'yes',
    ...fields,
  };
  const form = new FormData();
  for (const [name, value] of Object.entries(all)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return form;
}

// The store's writes are on disk before they resolve: the file is what it holds.
const submissions = (): Submission[] => onDisk().submissions;
const withBody = (body: string) => submissions().filter((s) => s.body === body);
const onDisk = (): VoicesData => JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8')) as VoicesData;
const mode = (path: string) => statSync(path).mode & 0o777;

function sentReceipt(outcome: Awaited<ReturnType<ShareModule['receiveShare']>>): string {
  if (outcome.status !== 'sent') throw new Error(`expected sent, got ${JSON.stringify(outcome)}`);
  return outcome.receipt;
}

function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, keys);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

describe('receiveShare: a good send', () => {
  it("returns 'sent' with a receipt, and stores the words with only the receipt's keyed hash", async () => {
    const now = Date.now();
    const client = '203.0.113.77';
    const body = 'The bus is late again\nI count the windows\n  and wait';
    const outcome = await share.receiveShare(
      shareForm(await tokenAged(now, 10_000), {
        kind: 'story',
        body,
        title: '  Late  ',
        penName: ' Quiet Fox ',
        place: 'barnsley',
        warnings: ['bullying', 'mental-health'],
        publish: 'no',
      }),
      context(now, client),
    );
    expect(outcome).toEqual({ status: 'sent', receipt: expect.stringMatching(RECEIPT), urgent: false });
    const receipt = sentReceipt(outcome);

    const [stored, ...others] = withBody(body);
    expect(others).toEqual([]);
    expect(stored).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      kind: 'story',
      title: 'Late',
      body,
      penName: 'Quiet Fox',
      place: 'barnsley',
      promptId: null,
      warnings: ['bullying', 'mental-health'],
      publish: false,
      flags: [],
      urgent: false,
      status: 'pending',
      receiptHash: hashReceiptCode(receipt, secret()),
      createdAt: new Date(now).toISOString(),
      decidedAt: null,
      message: null,
      published: null,
    });
    expect(stored).not.toHaveProperty('receipt');

    // It is on disk once the call resolves, and neither the code nor anything about the sender is.
    const fileText = readFileSync(join(dir, 'voices.json'), 'utf8');
    expect(onDisk().submissions.find((s) => s.id === stored!.id)).toEqual(stored);
    for (const text of [fileText, JSON.stringify(await store.exportAll())]) {
      expect(text).not.toContain(receipt);
      expect(text).not.toContain(receipt.replaceAll('-', ''));
      expect(text).not.toContain(client);
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toMatch(/Mozilla|user.?agent/i);
    }
    const senderish = [...allKeys(onDisk())].filter((k) =>
      /^(ip|ips|ipaddress|address|clientaddress|client|useragent|user-agent|ua|agent|headers?|referr?er|origin|host|forwarded)$/i.test(k),
    );
    expect(senderish).toEqual([]);
  });

  it('keeps the body exactly as typed, and place "none" as no place', async () => {
    const now = Date.now();
    const body = '   spaced\n\n\tout   ';
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 5000), { body, place: 'none' }), context(now)));
    expect(withBody(body)).toEqual([expect.objectContaining({ place: null, title: null, penName: null, publish: true, warnings: [] })]);
  });

  it('gives every send a different receipt', async () => {
    const now = Date.now();
    const receipts = new Set<string>();
    for (let i = 0; i < 2; i++) receipts.add(sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 5000)), context(now))));
    expect(receipts.size).toBe(2);
  });
});

describe('receiveShare: single-use token', () => {
  it("answers the same token twice with 'duplicate' and stores one", async () => {
    const now = Date.now();
    const token = await tokenAged(now, 10_000);
    const body = `once only ${Math.random()}`;
    expect((await share.receiveShare(shareForm(token, { body }), context(now))).status).toBe('sent');
    expect(await share.receiveShare(shareForm(token, { body }), context(now + 1000))).toEqual({ status: 'duplicate' });
    // Even with different words: the form was already sent.
    expect(await share.receiveShare(shareForm(token, { body: `${body} again` }), context(now + 2000))).toEqual({ status: 'duplicate' });
    expect(withBody(body)).toHaveLength(1);
    expect(withBody(`${body} again`)).toHaveLength(0);
  });

  it('stores exactly one when the same token arrives many times at once (a double tap)', async () => {
    const now = Date.now();
    const token = await tokenAged(now, 10_000);
    const body = `double tap ${Math.random()}`;
    const client = newClient();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => share.receiveShare(shareForm(token, { body }), context(now, client))),
    );
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(9);
    expect(withBody(body)).toHaveLength(1);
    expect(onDisk().submissions.filter((s) => s.body === body)).toHaveLength(1);
  });

  it('spends the token in the same write as the submission, so a check that raced still stores one', async () => {
    // A store that has not yet seen the token being spent: as if two requests checked at once.
    const stale: Store = { ...store, secret: store.secret, formTokens: { spent: async () => false } };
    const real = holder[STORE_KEY];
    holder[STORE_KEY] = Promise.resolve(stale);
    try {
      const now = Date.now();
      const token = await tokenAged(now, 10_000);
      const body = `raced ${Math.random()}`;
      const client = newClient();
      expect((await share.receiveShare(shareForm(token, { body }), context(now, client))).status).toBe('sent');
      expect(await share.receiveShare(shareForm(token, { body }), context(now, client))).toEqual({ status: 'duplicate' });
      expect(withBody(body)).toHaveLength(1);
    } finally {
      holder[STORE_KEY] = real;
    }
  });

  it('records the used token with its expiry, and nothing else about it', async () => {
    const now = Date.now();
    const token = await tokenAged(now, 10_000);
    sentReceipt(await share.receiveShare(shareForm(token), context(now)));
    const { id, issuedAt } = readFormToken(token, secret())!;
    expect(onDisk().usedFormTokens[id]).toBe(issuedAt + FORM_TOKEN_TTL_MS);
  });
});

describe('receiveShare: refused kindly', () => {
  it("refuses a filled honeypot, keeps the words and stores nothing", async () => {
    const now = Date.now();
    const before = submissions().length;
    const form = shareForm(await tokenAged(now, 10_000), { website: 'http://spam.example', body: 'buy now' });
    const outcome = await share.receiveShare(form, context(now));
    expect(outcome).toEqual({ status: 'refused', reason: 'honeypot', values: readShareValues(form), token: expect.any(String) });
    expect(submissions()).toHaveLength(before);
    expect(withBody('buy now')).toEqual([]);
  });

  it("refuses a form sent sooner than SHARE_MIN_SECONDS (3) after it was shown, with a fresh token", async () => {
    const now = Date.now();
    const before = submissions().length;
    for (const age of [0, 1000, 2999]) {
      const token = await tokenAged(now, age);
      const form = shareForm(token);
      const outcome = await share.receiveShare(form, context(now));
      expect(outcome, `age ${age}`).toEqual({ status: 'refused', reason: 'too-fast', values: readShareValues(form), token: expect.any(String) });
      if (outcome.status !== 'refused') throw new Error('unreachable');
      expect(outcome.token).not.toBe(token);
      expect(readFormToken(outcome.token, secret())?.issuedAt).toBe(now);
    }
    expect(submissions()).toHaveLength(before);
    // Exactly three seconds is enough.
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 3000)), context(now)));
  });

  it('lets a form refused as too fast be sent once enough time has passed (the token is not spent)', async () => {
    const issued = Date.now();
    const token = await share.newFormToken(issued);
    const body = `patient ${Math.random()}`;
    expect(await share.receiveShare(shareForm(token, { body }), context(issued + 500))).toMatchObject({ reason: 'too-fast' });
    sentReceipt(await share.receiveShare(shareForm(token, { body }), context(issued + 5000)));
    expect(withBody(body)).toHaveLength(1);
  });

  it("refuses a form shown more than 24 hours ago as 'expired'", async () => {
    const now = Date.now();
    const before = submissions().length;
    for (const age of [FORM_TOKEN_TTL_MS + 1, FORM_TOKEN_TTL_MS + 60_000, 7 * FORM_TOKEN_TTL_MS]) {
      const form = shareForm(await tokenAged(now, age));
      expect(await share.receiveShare(form, context(now)), `age ${age}`).toEqual({
        status: 'refused',
        reason: 'expired',
        values: readShareValues(form),
        token: expect.any(String),
      });
    }
    expect(submissions()).toHaveLength(before);
    // Just inside the day is still good.
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, FORM_TOKEN_TTL_MS - 60_000)), context(now)));
  });

  it("treats a missing, forged or foreign token as 'expired', not as an error", async () => {
    const now = Date.now();
    const before = submissions().length;
    const good = await tokenAged(now, 10_000);
    const [id, time] = good.split('.');
    const tokens = ['', 'garbage', `${id}.${time}.forged`, issueFormToken(Buffer.alloc(32, 7), now - 10_000)];
    for (const token of tokens) {
      expect(await share.receiveShare(shareForm(token), context(now)), token).toMatchObject({ status: 'refused', reason: 'expired' });
    }
    const noToken = shareForm('');
    noToken.delete('token');
    expect(await share.receiveShare(noToken, context(now))).toMatchObject({ status: 'refused', reason: 'expired' });
    expect(submissions()).toHaveLength(before);
  });
});

describe('receiveShare: invalid input', () => {
  it("returns 'invalid' with the errors, the words exactly as typed and a fresh token; stores nothing", async () => {
    const now = Date.now();
    const before = submissions().length;
    const token = await tokenAged(now, 10_000);
    const form = shareForm(token, {
      kind: '',
      body: `  ${'x'.repeat(8001)}  `,
      title: '  my title ',
      penName: ' me ',
      place: 'atlantis',
      warnings: ['violence', 'self-harm'],
      publish: '',
    });
    const outcome = await share.receiveShare(form, context(now));
    expect(outcome).toEqual({
      status: 'invalid',
      errors: {
        kind: 'kind',
        body: 'bodyTooLong',
        place: 'place',
        publish: 'publish',
      },
      values: readShareValues(form),
      token: expect.any(String),
    });
    if (outcome.status !== 'invalid') throw new Error('unreachable');
    expect(outcome.values.body).toBe(`  ${'x'.repeat(8001)}  `);
    expect(outcome.values.title).toBe('  my title ');
    expect(outcome.values.warnings).toEqual(['violence', 'self-harm']);
    expect(outcome.token).not.toBe(token);
    expect(readFormToken(outcome.token, secret())?.issuedAt).toBe(now);
    expect(submissions()).toHaveLength(before);
  });

  it('a blank body is invalid; the corrected form is then accepted', async () => {
    const now = Date.now();
    const outcome = await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body: '     ' }), context(now));
    expect(outcome).toMatchObject({ status: 'invalid', errors: { body: 'body' } });
    if (outcome.status !== 'invalid') throw new Error('unreachable');
    const body = `fixed ${Math.random()}`;
    sentReceipt(await share.receiveShare(shareForm(outcome.token, { body }), context(now + 10_000)));
    expect(withBody(body)).toHaveLength(1);
  });
});

describe('receiveShare: rate limit (SHARE_LIMIT_10MIN=2)', () => {
  it("refuses the third send from one client in ten minutes with 'rate-limited', keeping the words", async () => {
    const now = Date.now();
    const client = newClient();
    const before = submissions().length;
    for (let i = 0; i < 2; i++) sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 10_000)), context(now, client)));
    const body = `third ${Math.random()}`;
    const form = shareForm(await tokenAged(now, 10_000), { body });
    const outcome = await share.receiveShare(form, context(now, client));
    expect(outcome).toEqual({ status: 'rate-limited', retryAfterSeconds: expect.any(Number), values: readShareValues(form) });
    if (outcome.status !== 'rate-limited') throw new Error('unreachable');
    expect(outcome.retryAfterSeconds).toBeGreaterThan(0);
    expect(outcome.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(outcome.values.body).toBe(body);
    expect(submissions()).toHaveLength(before + 2);
    expect(withBody(body)).toEqual([]);
    // Someone else is not held up.
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 10_000)), context(now, newClient())));
  });

  it('does not count refused or invalid sends against the limit', async () => {
    const now = Date.now();
    const client = newClient();
    for (let i = 0; i < 3; i++) {
      expect((await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body: '' }), context(now, client))).status).toBe('invalid');
      expect((await share.receiveShare(shareForm(await tokenAged(now, 0)), context(now, client))).status).toBe('refused');
    }
    for (let i = 0; i < 2; i++) sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 10_000)), context(now, client)));
  });
});

describe('receiveShare: safeguarding screens', () => {
  it('marks urgent text urgent, in the answer and in the store, and still stores it', async () => {
    const now = Date.now();
    const body = `I want to die ${Math.random()}`;
    const outcome = await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body }), context(now));
    expect(outcome).toEqual({ status: 'sent', receipt: expect.stringMatching(RECEIPT), urgent: true });
    expect(withBody(body)).toEqual([expect.objectContaining({ urgent: true, status: 'pending' })]);
  });

  it('screens the title too', async () => {
    const now = Date.now();
    const body = `a quiet poem ${Math.random()}`;
    const outcome = await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body, title: 'Going to kill myself' }), context(now));
    expect(outcome).toMatchObject({ status: 'sent', urgent: true });
    expect(withBody(body)[0]?.urgent).toBe(true);
  });

  it('does not mark ordinary text urgent', async () => {
    const now = Date.now();
    const body = `I love my dog and the park ${Math.random()}`;
    expect(await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body }), context(now))).toMatchObject({ urgent: false });
    expect(withBody(body)[0]?.urgent).toBe(false);
  });

  it('stores identifying-information flags with where they are in the body (never blocking)', async () => {
    const now = Date.now();
    const body = `My name is Jess Smith. Text me on 07700 900123 or find me at Meadowhall. ${Math.random()}`;
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 10_000), { body }), context(now)));
    const [stored] = withBody(body);
    const kinds = stored!.flags.map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['name', 'phone', 'place']));
    for (const flag of stored!.flags) expect(body.slice(flag.start, flag.end)).toBe(flag.text);
    expect(stored!.flags.find((f) => f.kind === 'phone')?.text).toBe('07700 900123');
    expect(stored!.flags.find((f) => f.kind === 'place')?.text).toBe('Meadowhall');
  });
});

describe('the files on disk', () => {
  it('keeps DATA_DIR 0700, voices.json 0600 and a 32-byte secret.key 0600', async () => {
    const now = Date.now();
    sentReceipt(await share.receiveShare(shareForm(await tokenAged(now, 10_000)), context(now)));
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'voices.json'))).toBe(0o600);
    expect(mode(join(dir, 'secret.key'))).toBe(0o600);
    expect(statSync(join(dir, 'secret.key')).size).toBe(32);
    expect(mode(join(dir, 'voices.lock'))).toBe(0o600);
  });
});

describe('share settings from the environment', () => {
  it('SHARE_LIMIT_10MIN=0 and SHARE_LIMIT_DAY=0 mean no limit', async () => {
    vi.stubEnv('SHARE_LIMIT_10MIN', '0');
    vi.stubEnv('SHARE_LIMIT_DAY', '0');
    vi.resetModules();
    const unlimited: ShareModule = await import('../../../src/lib/sharing/share.ts');
    const now = Date.now();
    const client = newClient();
    for (let i = 0; i < 6; i++) {
      const outcome = await unlimited.receiveShare(shareForm(await unlimited.newFormToken(now - 10_000)), context(now, client));
      expect(outcome.status, `send ${i + 1}`).toBe('sent');
    }
  });

  it('SHARE_MIN_SECONDS=0 accepts a form at once', async () => {
    vi.stubEnv('SHARE_MIN_SECONDS', '0');
    vi.resetModules();
    const quick: ShareModule = await import('../../../src/lib/sharing/share.ts');
    const now = Date.now();
    expect((await quick.receiveShare(shareForm(await quick.newFormToken(now)), context(now))).status).toBe('sent');
  });

  it('a typo in a setting fails loudly at import', async () => {
    for (const [name, value] of [
      ['SHARE_MIN_SECONDS', '3s'],
      ['SHARE_LIMIT_10MIN', '-1'],
      ['SHARE_LIMIT_DAY', '2.5'],
    ] as const) {
      vi.stubEnv('SHARE_MIN_SECONDS', '3');
      vi.stubEnv('SHARE_LIMIT_10MIN', '2');
      vi.stubEnv('SHARE_LIMIT_DAY', '20');
      vi.stubEnv(name, value);
      vi.resetModules();
      await expect(import('../../../src/lib/sharing/share.ts'), name).rejects.toThrow(`${name} must be a whole number`);
    }
  });
});
