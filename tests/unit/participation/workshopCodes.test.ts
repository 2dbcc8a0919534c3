import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { checkWorkshopCode, createWorkshopCode, endWorkshopCode, listWorkshopCodes, type WorkshopCode } from '../../../src/lib/participation/workshopCodes.ts';
import { createPrompt } from '../../../src/lib/participation/prompts.ts';
import { PLACES, scopeOf } from '../support/places';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const NOW = Date.parse('2026-11-24T10:00:00Z');
const sheffield = scopeOf('facilitator', 'sheffield');
const barnsley = scopeOf('facilitator', 'barnsley');
/** README's alphabet: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

describe('checkWorkshopCode with an injected clock', () => {
  const code: WorkshopCode = {
    id: 'c1', code: 'AB3K7Q', place: 'barnsley', promptId: null, createdBy: 'f', createdAt: new Date(NOW).toISOString(), expiresAt: new Date(NOW + 2 * HOUR).toISOString(),
  };

  it('is valid until it expires, typed any way, and expired from that moment on', () => {
    expect(checkWorkshopCode([code], 'ab3 k7q', NOW)).toEqual({ status: 'valid', code });
    expect(checkWorkshopCode([code], 'AB3K7Q', NOW + 2 * HOUR - 1)).toEqual({ status: 'valid', code });
    expect(checkWorkshopCode([code], 'AB3K7Q', NOW + 2 * HOUR)).toEqual({ status: 'expired' });
    expect(checkWorkshopCode([code], 'AB3K7Q', NOW + 30 * HOUR)).toEqual({ status: 'expired' });
  });

  it.each(['ab3k7q', ' AB3 K7Q ', 'ab3-k7q', 'a b 3 k 7 q', 'AB3\tK7Q\n', 'ab3–k7q'])('finds %j: case, spaces and dashes do not matter', (typed) => {
    expect(checkWorkshopCode([code], typed, NOW)).toEqual({ status: 'valid', code });
  });

  it.each(['AB3K7', 'AB3K7QQ', 'AB0K7Q', 'ABIK7Q', 'AB K7Q!', ''])('%j is not a well-formed code, even if one like it were listed', (typed) => {
    const listed = [typed, typed.toUpperCase().replace(/[\s-]+/g, '')].map((text, i) => ({ ...code, id: `c${i}`, code: text }));
    expect(checkWorkshopCode(listed, typed, NOW)).toEqual({ status: 'unknown' });
  });

  it('does not know a code nobody made, or anything that is not a code', () => {
    expect(checkWorkshopCode([code], 'AB3K7R', NOW)).toEqual({ status: 'unknown' });
    expect(checkWorkshopCode([code], 'hello there', NOW)).toEqual({ status: 'unknown' });
    expect(checkWorkshopCode([], 'AB3K7Q', NOW)).toEqual({ status: 'unknown' });
  });
});

describe('making and ending codes', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-codes-'));
    store = await openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are 6 characters from an alphabet without look-alikes, every one of them used', async () => {
    expect(ALPHABET).not.toMatch(/[01ILO]/);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const made = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW });
      if (!made.ok) throw new Error('not made');
      expect(made.code.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
      for (const c of made.code.code) seen.add(c);
    }
    // Every character turns up: nothing is left out of the draw.
    expect(seen.size).toBe(ALPHABET.length);
  });

  it('skip bytes that would bias the draw (rejection sampling)', async () => {
    // 248 and above are thrown away (248 = 8 × 31); 0 → '2', 31 → '2', 30 → 'Z'.
    const bytes = [255, 248, 0, 31, 30, 250, 1, 2, 3, 4, 5, 6];
    let calls = 0;
    const random = (size: number) => Uint8Array.from({ length: size }, (_, i) => bytes[(calls++ * size + i) % bytes.length]!);
    const made = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW, random });
    expect(made.ok && made.code.code).toBe('22Z345');
  });

  it('lasts the hours chosen (at most 12, shorter if the service says so) and is audited without the code', async () => {
    const made = await createWorkshopCode(store, 'fac-1', barnsley, { place: 'barnsley', prompt: null, hours: 12 }, { places: PLACES, now: NOW });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.code).toMatchObject({ place: 'barnsley', promptId: null, createdBy: 'fac-1', expiresAt: new Date(NOW + 12 * HOUR).toISOString() });
    const short = await createWorkshopCode(store, 'fac-1', barnsley, { place: 'barnsley', prompt: null, hours: 3 }, { places: PLACES, now: NOW, maxHours: 0.5 });
    expect(short.ok && short.code.expiresAt).toBe(new Date(NOW + 30 * MINUTE).toISOString());
    const audit = (await store.exportAll()).audit;
    expect(audit.map((a) => a.action)).toEqual(['workshop-code-create', 'workshop-code-create']);
    expect(JSON.stringify(audit)).not.toContain(made.code.code);
  });

  it('is only for an open prompt the facilitator sees that reaches the place', async () => {
    const admin = scopeOf('admin', null);
    const dates = { opensOn: '2026-11-20', closesOn: '2026-11-30' };
    const derbyPrompt = await createPrompt(store, 'a', { question: 'Derby?', context: '', place: 'derby', ...dates }, NOW);
    const hubPrompt = await createPrompt(store, 'a', { question: 'Sheffield?', context: '', place: 'sheffield', ...dates }, NOW);
    const later = await createPrompt(store, 'a', { question: 'Later?', context: '', place: 'sheffield', opensOn: '2026-12-01', closesOn: '2026-12-31' }, NOW);
    const make = (scope: typeof admin, prompt: string) => createWorkshopCode(store, 'f', scope, { place: 'barnsley', prompt, hours: 2 }, { places: PLACES, now: NOW });
    // Barnsley cannot see Derby's prompt; an admin can, but it does not reach Barnsley.
    expect(await make(barnsley, derbyPrompt.id)).toEqual({ ok: false, errors: { prompt: 'Choose an open question, or none' } });
    expect(await make(admin, derbyPrompt.id)).toEqual({ ok: false, errors: { prompt: 'That question is for another place: choose one for this place, or none' } });
    expect(await make(barnsley, later.id)).toEqual({ ok: false, errors: { prompt: 'Choose an open question, or none' } });
    expect(await make(barnsley, 'no-such-prompt')).toEqual({ ok: false, errors: { prompt: 'Choose an open question, or none' } });
    expect((await store.exportAll()).workshopCodes).toEqual([]);
    // A hub's prompt reaches its spokes.
    const made = await make(barnsley, hubPrompt.id);
    expect(made.ok && made.code.promptId).toBe(hubPrompt.id);
  });

  it('never hands out a code that is still listed', async () => {
    const draws = ['AAAAAA', 'AAAAAA', 'BBBBBB'];
    let i = 0;
    // Each draw asks for 12 bytes; feed the characters of the next planned code.
    const random = (size: number) => Uint8Array.from({ length: size }, (_, j) => ALPHABET.indexOf(draws[i]![j % 6]!) + (j === size - 1 ? (i++, 0) : 0));
    const first = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW, random });
    const second = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW, random });
    expect(first.ok && first.code.code).toBe('AAAAAA');
    expect(second.ok && second.code.code).toBe('BBBBBB');
  });

  it('ends a live code now; another place’s code by id does not exist for you', async () => {
    const made = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 6 }, { places: PLACES, now: NOW });
    if (!made.ok) throw new Error('not made');
    expect(await endWorkshopCode(store, 'g', scopeOf('facilitator', 'doncaster'), made.code.id, NOW + HOUR)).toEqual({ ok: false, notFound: true });
    expect(await endWorkshopCode(store, 'h', sheffield, made.code.id, NOW + HOUR)).toEqual({ ok: true });
    // Ended twice (two facilitators at once, or a second click): the second is told when it stopped.
    expect(await endWorkshopCode(store, 'i', barnsley, made.code.id, NOW + HOUR + MINUTE)).toEqual({ ok: false, alreadyEnded: 'That code had already stopped working at 24 Nov 2026, 11:00: someone ended it, or its time ran out.' });
    expect(checkWorkshopCode((await store.exportAll()).workshopCodes, made.code.code, NOW + HOUR)).toEqual({ status: 'expired' });
    expect((await store.exportAll()).audit.at(-1)).toEqual({ at: new Date(NOW + HOUR).toISOString(), actor: 'h', action: 'workshop-code-end', target: made.code.id });
  });

  it('lists your codes, live first; drops codes a day after they expired', async () => {
    const old = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW - 30 * HOUR });
    const recent = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 1 }, { places: PLACES, now: NOW - 3 * HOUR });
    const live = await createWorkshopCode(store, 'f', barnsley, { place: 'barnsley', prompt: null, hours: 2 }, { places: PLACES, now: NOW });
    const elsewhere = await createWorkshopCode(store, 'f', scopeOf('facilitator', 'derby'), { place: 'derby', prompt: null, hours: 2 }, { places: PLACES, now: NOW });
    if (!old.ok || !recent.ok || !live.ok || !elsewhere.ok) throw new Error('not made');
    // The old one went when the later ones were made.
    expect((await store.exportAll()).workshopCodes.map((c) => c.id)).not.toContain(old.code.id);
    expect((await listWorkshopCodes(store, barnsley, NOW)).map((c) => [c.id, c.live])).toEqual([[live.code.id, true], [recent.code.id, false]]);
    expect((await listWorkshopCodes(store, sheffield, NOW)).map((c) => c.id)).not.toContain(elsewhere.code.id);
  });
});
