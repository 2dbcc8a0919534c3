// Looking up and withdrawing with a receipt code, on a real store in a temporary DATA_DIR.
// receipt.ts reads STATUS_LIMIT_10MIN when it is imported: the environment is set first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateReceiptCode } from '../../../src/lib/sharing/receipt.ts';
import type { Store, SubmissionChange } from '../../../src/lib/store/store.ts';
import type { VoicesData } from '../../../src/lib/store/lowStore.ts';
import type { Submission } from '../../../src/lib/sharing/submission.ts';
import { closeSharedStore } from '../support/sharedStore';

type ShareModule = typeof import('../../../src/lib/sharing/share.ts');
type StatusModule = typeof import('../../../src/lib/sharing/receipt.ts');


const PLACE_IDS = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'];

let root: string;
let dir: string;
let share: ShareModule;
let status: StatusModule;
let store: Store;


beforeAll(async () => {
  await closeSharedStore();
  root = mkdtempSync(join(tmpdir(), 'voices-receipt-'));
  dir = join(root, 'data');
  vi.stubEnv('DATA_DIR', dir);
  vi.stubEnv('SHARE_MIN_SECONDS', '3');
  vi.stubEnv('SHARE_LIMIT_10MIN', '0');
  vi.stubEnv('SHARE_LIMIT_DAY', '0');
  vi.stubEnv('STATUS_LIMIT_10MIN', '3');
  vi.resetModules();
  const { getStore } = await import('../../../src/lib/store/store.ts');
  // As server.mjs does: the store (and DATA_DIR) first.
  store = await getStore();
  share = await import('../../../src/lib/sharing/share.ts');
  status = await import('../../../src/lib/sharing/receipt.ts');
});

afterAll(async () => {
  await closeSharedStore();
  vi.unstubAllEnvs();
  vi.resetModules();
  rmSync(root, { recursive: true, force: true });
});

// Every look-up counts against a per-client limit of 3: each test uses fresh addresses.
let clients = 0;
const newClient = () => `10.9.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

const onDisk = (): VoicesData => JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8')) as VoicesData;
const fileText = () => readFileSync(join(dir, 'voices.json'), 'utf8');
const audit = async () => (await store.exportAll()).audit;
/** A facilitator's decision, as the store makes it. */
const decided = (id: string, expected: Submission['status'], change: SubmissionChange) =>
  store.submissions.decide(id, expected, change, { at: new Date().toISOString(), actor: 'fac-1', action: 'decide', target: id });

/** Sends a share and returns its receipt and the stored record's id. */
async function sent(fields: Record<string, string> = {}): Promise<{ receipt: string; id: string; body: string }> {
  const now = Date.now();
  const body = fields.body ?? `My words ${Math.random()}\nMy name is Jess Smith`;
  const form = new FormData();
  const all: Record<string, string> = {
    token: await share.newFormToken(now - 10_000),
    kind: 'poem',
    title: 'A private title',
    penName: 'Quiet Fox',
    place: 'derby',
    publish: 'yes',
    ...fields,
    body,
  };
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  form.append('warnings', 'violence');
  const outcome = await share.receiveShare(form, { placeIds: PLACE_IDS, localPlaces: ['Meadowhall'], clientAddress: '127.0.0.1', now });
  if (outcome.status !== 'sent') throw new Error(`expected sent, got ${JSON.stringify(outcome)}`);
  const id = (await store.exportAll()).submissions.find((s) => s.body === body)!.id;
  return { receipt: outcome.receipt, id, body };
}

const record = async (id: string): Promise<Submission> => (await store.submissions.get(id))!;

describe('lookUpReceipt', () => {
  it('finds a submission by its code and says where it stands', async () => {
    const { receipt } = await sent();
    expect(await status.lookUpReceipt(receipt, newClient())).toEqual({
      status: 'found',
      view: { code: receipt, status: 'pending', message: null, publishedId: null, canWithdraw: true },
    });
  });

  it('finds it however the code is typed: any case, spaces, dashes or none', async () => {
    const { receipt } = await sent();
    const bare = receipt.replaceAll('-', '');
    for (const typed of [
      receipt.toLowerCase(),
      bare,
      bare.toLowerCase(),
      receipt.replaceAll('-', ' '),
      `  ${receipt.replaceAll('-', '  ').toLowerCase()}\n`,
      bare.replace(/(.)/g, '$1 '),
      `${receipt.slice(0, 2).toLowerCase()}${receipt.slice(2)}`,
    ]) {
      expect(await status.lookUpReceipt(typed, newClient()), typed).toMatchObject({ status: 'found', view: { code: receipt } });
    }
  });

  it("answers a wrong code with 'not-found'", async () => {
    const { receipt } = await sent();
    let other = generateReceiptCode();
    while (other === receipt) other = generateReceiptCode();
    // One character off.
    const last = receipt.at(-1) === '2' ? '3' : '2';
    for (const wrong of [other, `${receipt.slice(0, -1)}${last}`, '', 'hello', receipt.slice(0, -1), `${receipt}2`, '0000-0000-0000-0000']) {
      expect(await status.lookUpReceipt(wrong, newClient()), JSON.stringify(wrong)).toEqual({ status: 'not-found' });
    }
  });

  it('shows a facilitator’s message, and the published id only while published', async () => {
    const { receipt, id } = await sent();
    await decided(id, 'pending', { status: 'published', message: 'Thank you, this is on the site now.' });
    expect(await status.lookUpReceipt(receipt, newClient())).toEqual({
      status: 'found',
      view: { code: receipt, status: 'published', message: 'Thank you, this is on the site now.', publishedId: id, canWithdraw: true },
    });
    await decided(id, 'published', { status: 'declined' });
    expect(await status.lookUpReceipt(receipt, newClient())).toMatchObject({
      status: 'found',
      view: { status: 'declined', publishedId: null, canWithdraw: false },
    });
  });

  it('does not change anything', async () => {
    const { receipt, id } = await sent();
    const before = (await record(id));
    const auditBefore = (await audit()).length;
    await status.lookUpReceipt(receipt, newClient());
    expect((await record(id))).toEqual(before);
    expect((await audit())).toHaveLength(auditBefore);
  });
});

describe('withdrawByReceipt', () => {
  it('deletes the words at once and keeps only the status', async () => {
    const { receipt, id, body } = await sent();
    const before = (await record(id));
    expect(before.flags.length).toBeGreaterThan(0);

    expect(await status.withdrawByReceipt(receipt.toLowerCase(), newClient())).toEqual({
      status: 'found',
      view: { code: receipt, status: 'withdrawn', message: null, publishedId: null, canWithdraw: false },
    });

    const after = (await record(id));
    expect(after).toEqual({
      ...before,
      status: 'withdrawn',
      body: null,
      title: null,
      penName: null,
      flags: [],
      published: null,
    });
    // On disk too, by the time the call resolves.
    expect(onDisk().submissions.find((s) => s.id === id)).toEqual(after);
    // (Other tests' submissions share the flagged name, so look for this body only.)
    expect(fileText()).not.toContain(body.split('\n')[0]);
  });

  it("leaves an audit entry by 'author' with no text", async () => {
    const { receipt, id, body } = await sent({ title: `Title ${Math.random()}` });
    const title = (await record(id)).title!;
    await status.withdrawByReceipt(receipt, newClient());
    const entries = (await audit()).filter((e) => e.target === id);
    expect(entries).toEqual([{ at: expect.any(String), actor: 'author', action: 'withdraw', target: id }]);
    expect(Object.keys(entries[0]!).sort()).toEqual(['action', 'actor', 'at', 'target']);
    expect(Number.isNaN(Date.parse(entries[0]!.at))).toBe(false);
    const auditText = JSON.stringify((await audit()));
    for (const secretish of [body, title, 'Quiet Fox', receipt, receipt.replaceAll('-', ''), '127.0.0.1']) {
      expect(auditText).not.toContain(secretish);
    }
    expect(onDisk().audit.filter((e) => e.target === id)).toEqual(entries);
  });

  it('afterwards the code still says what happened', async () => {
    const { receipt } = await sent();
    await status.withdrawByReceipt(receipt, newClient());
    expect(await status.lookUpReceipt(receipt, newClient())).toEqual({
      status: 'found',
      view: { code: receipt, status: 'withdrawn', message: null, publishedId: null, canWithdraw: false },
    });
  });

  it('leaves a declined or already withdrawn item as it is, with no new audit entry', async () => {
    const { receipt, id } = await sent();
    await decided(id, 'pending', { status: 'declined' });
    const auditBefore = (await audit()).length;
    expect(await status.withdrawByReceipt(receipt, newClient())).toMatchObject({ status: 'found', view: { status: 'declined', canWithdraw: false } });
    expect((await record(id)).status).toBe('declined');
    expect((await audit())).toHaveLength(auditBefore);
  });

  it('removes a published version too', async () => {
    const { receipt, id } = await sent();
    await decided(id, 'pending', { status: 'published', published: { title: null, body: 'edited', penName: null, warnings: [], at: new Date().toISOString() } });
    await status.withdrawByReceipt(receipt, newClient());
    expect((await record(id))).toMatchObject({ status: 'withdrawn', published: null, body: null });
  });

  it("answers a wrong code with 'not-found' and changes nothing", async () => {
    const { id } = await sent();
    const before = (await record(id));
    const auditBefore = (await audit()).length;
    expect(await status.withdrawByReceipt(generateReceiptCode(), newClient())).toEqual({ status: 'not-found' });
    expect(await status.withdrawByReceipt('nonsense', newClient())).toEqual({ status: 'not-found' });
    expect((await record(id))).toEqual(before);
    expect((await audit())).toHaveLength(auditBefore);
  });
});

describe('look-up rate limit (STATUS_LIMIT_10MIN=3)', () => {
  it("refuses the fourth look-up from one client, right code or wrong", async () => {
    const { receipt } = await sent();
    const client = newClient();
    expect((await status.lookUpReceipt(generateReceiptCode(), client)).status).toBe('not-found');
    expect((await status.lookUpReceipt('garbage', client)).status).toBe('not-found');
    expect((await status.lookUpReceipt(receipt, client)).status).toBe('found');
    const fourth = await status.lookUpReceipt(receipt, client);
    expect(fourth).toEqual({ status: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    if (fourth.status !== 'rate-limited') throw new Error('unreachable');
    expect(fourth.retryAfterSeconds).toBeGreaterThan(0);
    expect(fourth.retryAfterSeconds).toBeLessThanOrEqual(600);
    // Another client is not held up.
    expect((await status.lookUpReceipt(receipt, newClient())).status).toBe('found');
  });

  it('counts withdrawals too, and a refused withdrawal deletes nothing', async () => {
    const { receipt, id, body } = await sent();
    const client = newClient();
    for (let i = 0; i < 3; i++) expect((await status.lookUpReceipt(generateReceiptCode(), client)).status).toBe('not-found');
    expect(await status.withdrawByReceipt(receipt, client)).toMatchObject({ status: 'rate-limited' });
    expect((await record(id))).toMatchObject({ status: 'pending', body });
    expect((await audit()).filter((e) => e.target === id)).toEqual([]);
  });
});
