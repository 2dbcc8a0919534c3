// Prompts and workshop codes on the way in: receiveShare on a real store in a temporary DATA_DIR,
// and the store opening a data file written before prompts and codes existed.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import type { Submission } from '../../../src/lib/sharing/submission.ts';
import { participationScopeOf } from '../../../src/lib/scope.ts';
import { closeSharedStore } from '../support/sharedStore';

type ShareModule = typeof import('../../../src/lib/sharing/share.ts');
type PromptsModule = typeof import('../../../src/lib/participation/prompts.ts');
type CodesModule = typeof import('../../../src/lib/participation/workshopCodes.ts');

const PLACES = [
  { id: 'sheffield', kind: 'hub' as const },
  { id: 'barnsley', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'doncaster', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'derby', kind: 'hub' as const },
];
const PLACE_IDS = PLACES.map((p) => p.id);
const admin = participationScopeOf({ role: 'admin', place: null }, PLACES, 'sheffield');
const HOUR = 3_600_000;
// What is wrong with a code, which the page says kindly in its language (README: "a kind message with the words kept").
const UNKNOWN = 'workshopUnknown';
const EXPIRED = 'workshopExpired';

let root: string;
let share: ShareModule;
let prompts: PromptsModule;
let codes: CodesModule;
let store: Store;


beforeAll(async () => {
  await closeSharedStore();
  root = mkdtempSync(join(tmpdir(), 'voices-share-p6-'));
  vi.stubEnv('DATA_DIR', join(root, 'data'));
  vi.stubEnv('SHARE_MIN_SECONDS', '0');
  vi.stubEnv('SHARE_LIMIT_10MIN', '0');
  vi.stubEnv('SHARE_LIMIT_DAY', '0');
  vi.resetModules();
  share = await import('../../../src/lib/sharing/share.ts');
  prompts = await import('../../../src/lib/participation/prompts.ts');
  codes = await import('../../../src/lib/participation/workshopCodes.ts');
  store = await (await import('../../../src/lib/store/store.ts')).getStore();
});

afterAll(async () => {
  await closeSharedStore();
  vi.unstubAllEnvs();
  vi.resetModules();
  rmSync(root, { recursive: true, force: true });
});

let clients = 0;
const newClient = () => `10.1.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

async function form(now: number, fields: Record<string, string> = {}): Promise<FormData> {
  const all: Record<string, string> = {
    token: await share.newFormToken(now - 5000), website: '', kind: 'view', body: `My answer ${Math.random()}`, title: '', penName: '', place: 'none', publish: 'yes', prompt: '', workshop: '',
    ...fields,
  };
  const data = new FormData();
  for (const [name, value] of Object.entries(all)) data.append(name, value);
  return data;
}

const send = async (now: number, fields: Record<string, string> = {}, client = newClient()) =>
  share.receiveShare(await form(now, fields), { placeIds: PLACE_IDS, places: PLACES, localPlaces: [], clientAddress: client, now });

const stored = async (body: string): Promise<Submission | undefined> => (await store.exportAll()).submissions.find((s) => s.body === body);

async function prompt(place: string, dates = { opensOn: '2026-01-01', closesOn: '2099-12-31' }) {
  return prompts.createPrompt(store, 'fac', { question: `For ${place}?`, context: '', place, ...dates });
}

async function code(place: string, promptId = '', now = Date.now()) {
  const made = await codes.createWorkshopCode(store, 'fac', admin, { place, prompt: promptId || null, hours: 2 }, { places: PLACES, now });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.code;
}

describe('answering a prompt', () => {
  it('carries an open prompt’s id; a place-wide prompt keeps the place chosen within its reach', async () => {
    const hub = await prompt('sheffield');
    const now = Date.now();
    const body = `answer ${Math.random()}`;
    expect((await send(now, { prompt: hub.id, place: 'barnsley', body })).status).toBe('sent');
    expect(await stored(body)).toMatchObject({ promptId: hub.id, place: 'barnsley' });
  });

  it('sends an answer from elsewhere, or from nowhere said, to the prompt’s own place; "where are you?" may be skipped', async () => {
    const barnsley = await prompt('barnsley');
    const now = Date.now();
    for (const place of ['derby', 'none', '']) {
      const body = `answer ${Math.random()}`;
      expect((await send(now, { prompt: barnsley.id, place, body })).status).toBe('sent');
      expect(await stored(body)).toMatchObject({ promptId: barnsley.id, place: 'barnsley' });
    }
  });

  it('lets an unknown or closed prompt go kindly: the words arrive without it, and "where are you?" is asked as usual', async () => {
    const closed = await prompt('barnsley');
    await prompts.closePrompt(store, 'fac', admin, closed.id);
    const now = Date.now();
    for (const id of ['no-such-prompt', closed.id]) {
      const body = `answer ${Math.random()}`;
      expect((await send(now, { prompt: id, place: 'doncaster', body })).status).toBe('sent');
      expect(await stored(body)).toMatchObject({ promptId: null, place: 'doncaster' });
      const missing = await send(now, { prompt: id, place: '' });
      expect(missing).toMatchObject({ status: 'invalid', errors: { place: expect.any(String) } });
    }
  });
});

describe('a workshop code', () => {
  it('sends the words to its place and prompt, over the place chosen, typed any way', async () => {
    const hub = await prompt('sheffield');
    const c = await code('doncaster', hub.id);
    const now = Date.now();
    const body = `workshop ${Math.random()}`;
    expect((await send(now, { workshop: ` ${c.code.toLowerCase().slice(0, 3)} ${c.code.toLowerCase().slice(3)} `, place: 'derby', body })).status).toBe('sent');
    expect(await stored(body)).toMatchObject({ place: 'doncaster', promptId: hub.id });
    const unanswered = `workshop ${Math.random()}`;
    expect((await send(now, { workshop: c.code, place: '', body: unanswered })).status).toBe('sent');
    expect(await stored(unanswered)).toMatchObject({ place: 'doncaster' });
  });

  it('without a prompt of its own, keeps the form’s prompt if it reaches the code’s place', async () => {
    const hub = await prompt('sheffield');
    const derby = await prompt('derby');
    const c = await code('barnsley');
    const now = Date.now();
    const kept = `kept ${Math.random()}`;
    const dropped = `dropped ${Math.random()}`;
    await send(now, { workshop: c.code, prompt: hub.id, body: kept });
    await send(now, { workshop: c.code, prompt: derby.id, body: dropped });
    expect(await stored(kept)).toMatchObject({ place: 'barnsley', promptId: hub.id });
    expect(await stored(dropped)).toMatchObject({ place: 'barnsley', promptId: null });
  });

  it('stops working when it expires (fake clock): a kind message, the words kept, nothing stored', async () => {
    const start = Date.now();
    const c = await code('barnsley', '', start);
    const later = start + 2 * HOUR;
    const body = `late ${Math.random()}`;
    const outcome = await send(later, { workshop: c.code, place: 'sheffield', body });
    expect(outcome).toMatchObject({ status: 'invalid', errors: { workshop: EXPIRED }, values: { body, workshop: c.code } });
    expect(outcome).not.toHaveProperty('retryAfterSeconds');
    expect(await stored(body)).toBeUndefined();
    // A minute before, it worked.
    expect((await send(later - 60_000, { workshop: c.code, body: `${body} early` })).status).toBe('sent');
  });

  it('an unknown code is refused kindly with the other errors; the form works without a code', async () => {
    const now = Date.now();
    const client = newClient();
    const outcome = await send(now, { workshop: 'ZZZZZZ', body: ' ', place: '' }, client);
    expect(outcome).toMatchObject({ status: 'invalid', errors: { workshop: UNKNOWN, body: expect.any(String), place: expect.any(String) } });
    const body = `no code ${Math.random()}`;
    expect((await send(now, { workshop: '', body, place: 'derby' }, client)).status).toBe('sent');
    expect(await stored(body)).toMatchObject({ place: 'derby', promptId: null });
  });

  it('after 10 wrong codes from one client, refuses even a right one for a while (429), others unaffected', async () => {
    const c = await code('derby');
    const now = Date.now();
    const guesser = newClient();
    for (let i = 0; i < 10; i++) {
      const outcome = await send(now + i, { workshop: `ZZZZ${'23456789AB'[i]}Z` }, guesser);
      expect(outcome).toMatchObject({ status: 'invalid', errors: { workshop: UNKNOWN } });
    }
    const eleventh = await send(now + 10, { workshop: 'ZZZZZY' }, guesser);
    expect(eleventh).toMatchObject({ status: 'invalid', retryAfterSeconds: expect.any(Number), errors: { workshop: 'workshopLimited' } });
    // The page says "please wait about 10 minutes": the wait, rounded up to whole minutes.
    if (eleventh.status !== 'invalid') throw new Error('unreachable');
    expect(Math.ceil(eleventh.retryAfterSeconds! / 60)).toBe(10);
    expect(await send(now + 11, { workshop: c.code }, guesser)).toMatchObject({ status: 'invalid', retryAfterSeconds: expect.any(Number) });
    expect((await send(now + 12, { workshop: c.code }, newClient())).status).toBe('sent');
    // Without a code, the guesser can still send.
    expect((await send(now + 13, { workshop: '' }, guesser)).status).toBe('sent');
  });

  it('counts only wrong codes as guesses, and looks at codes again once the 10 minutes are over', async () => {
    // The guess limit's window runs on the clock and timers: faked, so 10 minutes pass at once.
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const c = await code('derby');
      const guesser = newClient();
      // A whole group on one connection: right codes are not guesses.
      for (let i = 0; i < 15; i++) expect((await send(Date.now(), { workshop: c.code }, guesser)).status).toBe('sent');
      for (let i = 0; i < 10; i++) {
        expect(await send(Date.now(), { workshop: `ZZZZ${'23456789AB'[i]}Z` }, guesser)).toMatchObject({ status: 'invalid', errors: { workshop: UNKNOWN } });
      }
      expect(await send(Date.now(), { workshop: c.code }, guesser)).toMatchObject({ status: 'invalid', retryAfterSeconds: 600 });
      vi.advanceTimersByTime(10 * 60_000 - 1000);
      expect(await send(Date.now(), { workshop: c.code }, guesser)).toMatchObject({ status: 'invalid', retryAfterSeconds: 1 });
      vi.advanceTimersByTime(1000);
      expect((await send(Date.now(), { workshop: c.code }, guesser)).status).toBe('sent');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps nothing about the code in the submission, and audits its creation without the code', async () => {
    const c = await code('sheffield');
    const body = `plain ${Math.random()}`;
    await send(Date.now(), { workshop: c.code, body });
    expect(JSON.stringify(await stored(body))).not.toContain(c.code);
    expect(JSON.stringify((await store.exportAll()).audit)).not.toContain(c.code);
  });
});

describe('a data file from before prompts and workshop codes', () => {
  it('opens with the new lists and fields added, keeps everything else, and writes them back', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'voices-old-')), 'data');
    mkdirSync(dir, { recursive: true });
    const old = { version: 1, submissions: [], usedFormTokens: {}, facilitators: [{ id: 'f1' }], sessions: [], audit: [{ at: 'x', actor: 'f1', action: 'sign-in', target: 'f1' }] };
    writeFileSync(join(dir, 'voices.json'), JSON.stringify(old));
    const opened = await openStore({ dataDir: dir });
    const data = await opened.exportAll();
    expect({ prompts: data.prompts, codes: data.workshopCodes, audit: data.audit.length, facilitators: data.facilitators }).toEqual({ prompts: [], codes: [], audit: 1, facilitators: [{ id: 'f1', sessionsValidFrom: null }] });
    await opened.sessions.set({ id: 's', value: '{}', expiresAt: Date.now() + 60_000 }, Date.now());
    await opened.close();
    expect(JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8'))).toMatchObject({ ...old, sessions: [{ id: 's' }], prompts: [], workshopCodes: [] });
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('still refuses a file whose new lists are not lists', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'voices-bad-')), 'data');
    mkdirSync(dir, { recursive: true });
    const bad = JSON.stringify({ version: 1, submissions: [], usedFormTokens: {}, facilitators: [], sessions: [], audit: [], prompts: 'oops' });
    writeFileSync(join(dir, 'voices.json'), bad);
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/not a Voices data file/);
    expect(readFileSync(join(dir, 'voices.json'), 'utf8')).toBe(bad);
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
});
