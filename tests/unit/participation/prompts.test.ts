import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import {
  answerChoices,
  closePrompt,
  createPrompt,
  listPrompts,
  liveOutcomes,
  openPrompts,
  promptFor,
  promptState,
  publicPrompt,
  saveOutcome,
  shownAnswers,
  NETWORK,
  type PromptFields,
} from '../../../src/lib/participation/prompts.ts';
import { canManagePrompt, canViewPrompt, participationScopeOf, promptReaches } from '../../../src/lib/scope.ts';
import { ukDay } from '../../../src/lib/dates.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 UK time on Tuesday 24 November 2026 (GMT).
const NOW = Date.parse('2026-11-24T10:00:00Z');
const PLACES = [
  { id: 'sheffield', kind: 'hub' as const },
  { id: 'barnsley', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'doncaster', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'derby', kind: 'hub' as const },
];
const scopeOf = (role: 'admin' | 'facilitator', place: string | null) => participationScopeOf({ role, place }, PLACES, 'sheffield');
const admin = scopeOf('admin', null);
const sheffield = scopeOf('facilitator', 'sheffield');
const barnsley = scopeOf('facilitator', 'barnsley');
const derby = scopeOf('facilitator', 'derby');
const fields = (overrides: Partial<PromptFields> = {}): PromptFields => ({
  question: 'What should police know when they talk to you?', context: 'We take your answers to the police training day.', place: 'barnsley', opensOn: '2026-11-20', closesOn: '2026-11-30', ...overrides,
});

describe('ukDay', () => {
  it('is the UK calendar day, in GMT and in BST', () => {
    expect(ukDay(Date.parse('2026-11-24T23:30:00Z'))).toBe('2026-11-24');
    // 23:30 UTC in July is 00:30 the next day in the UK.
    expect(ukDay(Date.parse('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
  });
});

describe('promptState', () => {
  const prompt = { opensOn: '2026-11-20', closesOn: '2026-11-30', closedAt: null };
  it.each([
    ['2026-11-19', 'upcoming'],
    ['2026-11-20', 'open'],
    ['2026-11-24', 'open'],
    ['2026-11-30', 'open'],
    ['2026-12-01', 'closed'],
  ])('on %s it is %s', (today, state) => expect(promptState(prompt, today)).toBe(state));

  it('is closed once a facilitator closed it, whatever the dates say', () => {
    expect(promptState({ ...prompt, closedAt: '2026-11-22T09:00:00Z' }, '2026-11-24')).toBe('closed');
    expect(promptState({ ...prompt, closedAt: '2026-11-18T09:00:00Z' }, '2026-11-19')).toBe('closed');
  });
});

describe('who sees and changes a prompt', () => {
  it('sees their own places’ prompts, their hub’s and the network’s; changes only their own (admins: all)', () => {
    const at = (place: string | null) => ({ place });
    expect([admin, sheffield, barnsley, derby].map((s) => [null, 'sheffield', 'barnsley', 'doncaster', 'derby'].map((p) => canViewPrompt(s, at(p))))).toEqual([
      [true, true, true, true, true],
      [true, true, true, true, false],
      [true, true, true, false, false],
      [true, false, false, false, true],
    ]);
    expect([admin, sheffield, barnsley, derby].map((s) => [null, 'sheffield', 'barnsley', 'doncaster', 'derby'].map((p) => canManagePrompt(s, at(p))))).toEqual([
      [true, true, true, true, true],
      [false, true, true, true, false],
      [false, false, true, false, false],
      [false, false, false, false, true],
    ]);
  });

  it('a prompt reaches its place and, for a hub, its spokes', () => {
    expect(promptReaches({ place: 'sheffield' }, 'barnsley', PLACES)).toBe(true);
    expect(promptReaches({ place: 'barnsley' }, 'sheffield', PLACES)).toBe(false);
    expect(promptReaches({ place: null }, 'derby', PLACES)).toBe(true);
  });
});

describe('prompts in the store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-prompts-'));
    store = await openStore(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the fields of a new prompt', () => {
    // Checked before anything is written: a refused prompt leaves the store as it was.
    // NOW is 2026-11-24 in the UK.
    const check = async (f: PromptFields, scope: typeof admin) => {
      const written = () => store.read((d) => d.prompts.length + d.audit.length);
      const before = written();
      const made = await createPrompt(store, 'f', scope, f, NOW);
      if (!made.ok) expect(written()).toBe(before);
      return made;
    };

    it('accepts a good prompt, trimmed, with NETWORK meaning the whole network (admins only)', async () => {
      expect(await check(fields({ question: '  Why?  ' }), barnsley)).toEqual({ ok: true, prompt: expect.objectContaining({ question: 'Why?', place: 'barnsley' }) });
      expect(await check(fields({ place: NETWORK }), admin)).toEqual({ ok: true, prompt: expect.objectContaining({ place: null }) });
      expect(await check(fields({ place: NETWORK }), sheffield)).toEqual({ ok: false, errors: { place: 'Choose who the question is for' } });
    });

    it.each([
      [{ question: ' ' }, 'question', 'Enter the question'],
      [{ question: 'x'.repeat(201) }, 'question', 'The question must be 200 characters or fewer'],
      [{ context: 'x'.repeat(2001) }, 'context', 'The context must be 2,000 characters or fewer'],
      [{ place: '' }, 'place', 'Choose who the question is for'],
      [{ place: 'derby' }, 'place', 'Choose who the question is for'],
      [{ place: 'nowhere' }, 'place', 'Choose who the question is for'],
      [{ opensOn: '2026-02-30' }, 'opensOn', 'Enter the opening date as a real date, for example 2026-12-01'],
      [{ closesOn: 'soon' }, 'closesOn', 'Enter the closing date as a real date, for example 2026-12-31'],
      [{ closesOn: '2026-11-23' }, 'closesOn', 'The closing date must be today or later'],
      [{ opensOn: '2026-12-10', closesOn: '2026-12-01' }, 'closesOn', 'The closing date must be the same as or after the opening date'],
    ])('refuses %j', async (change, field, message) => {
      expect(await check(fields(change), barnsley)).toEqual({ ok: false, errors: { [field]: message } });
    });

    it('lets a hub facilitator ask the hub or one of its spokes, never another hub', async () => {
      for (const place of ['sheffield', 'barnsley', 'doncaster']) expect((await check(fields({ place }), sheffield)).ok).toBe(true);
      expect((await check(fields({ place: 'derby' }), sheffield)).ok).toBe(false);
      expect((await check(fields({ place: 'sheffield' }), barnsley)).ok).toBe(false);
    });
  });

  function answer(promptId: string, overrides: Partial<Submission> = {}): Submission {
    return {
      id: newSubmissionId(), kind: 'view', title: null, body: null, penName: null, place: 'barnsley', promptId, warnings: [], publish: true, flags: [], urgent: false,
      status: 'published', receiptHash: newSubmissionId(), createdAt: new Date(NOW - DAY).toISOString(), decidedAt: new Date(NOW - HOUR).toISOString(), message: null,
      published: { title: null, body: 'Listen first.', penName: 'Robin', warnings: [], at: new Date(NOW - HOUR).toISOString() },
      ...overrides,
    };
  }

  async function made(f: Partial<PromptFields> = {}, scope = barnsley) {
    const result = await createPrompt(store, 'fac-1', scope, fields(f), NOW);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.prompt;
  }

  it('creates with a random url-safe id and an audit entry without text; lists what each facilitator may see', async () => {
    const prompt = await made();
    expect(prompt).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), place: 'barnsley', closedAt: null, outcome: null, createdBy: 'fac-1' });
    expect(store.read((d) => d.audit)).toEqual([{ at: new Date(NOW).toISOString(), actor: 'fac-1', action: 'prompt-create', target: prompt.id }]);
    expect(listPrompts(store, sheffield).map((p) => p.id)).toEqual([prompt.id]);
    expect(listPrompts(store, derby)).toEqual([]);
    expect(promptFor(store, derby, prompt.id)).toBeNull();
    expect(promptFor(store, barnsley, prompt.id)?.id).toBe(prompt.id);
  });

  it('lists only open prompts publicly, closing soonest first, and hides one not yet open', async () => {
    const later = await made({ opensOn: '2026-12-01', closesOn: '2026-12-31' });
    const soon = await made({ closesOn: '2026-11-25' });
    const open = await made();
    expect(openPrompts(store, NOW).map((p) => p.id)).toEqual([soon.id, open.id]);
    expect(publicPrompt(store, later.id, NOW)).toBeNull();
    expect(publicPrompt(store, open.id, NOW)).toEqual({ prompt: open, state: 'open' });
    expect(openPrompts(store, Date.parse('2026-11-26T00:30:00Z')).map((p) => p.id)).toEqual([open.id]);
  });

  it('closes once, in scope; another place’s prompt is not found', async () => {
    const prompt = await made();
    expect(await closePrompt(store, 'fac-9', derby, prompt.id, NOW)).toEqual({ ok: false, notFound: true });
    expect(await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW)).toEqual({ ok: true });
    expect(await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW)).toEqual({ ok: false, error: 'This question is already closed' });
    expect(openPrompts(store, NOW)).toEqual([]);
    expect(publicPrompt(store, prompt.id, NOW)?.state).toBe('closed');
    expect(store.read((d) => d.audit).at(-1)).toEqual({ at: new Date(NOW).toISOString(), actor: 'fac-2', action: 'prompt-close', target: prompt.id });
  });

  it('writes "You said, we did" once closed, from published answers in scope; shows only those still published', async () => {
    const prompt = await made({ place: 'sheffield' }, sheffield);
    const fromBarnsley = answer(prompt.id);
    const fromDoncaster = answer(prompt.id, { place: 'doncaster', published: { title: 'Time', body: 'Give us time.', penName: null, warnings: ['violence'], at: new Date(NOW - 2 * HOUR).toISOString() } });
    const pending = answer(prompt.id, { status: 'pending', published: null, body: 'not yet' });
    const otherPrompt = answer('another');
    await store.update((d) => void d.submissions.push(fromBarnsley, fromDoncaster, pending, otherPrompt));
    const everywhere = () => true;
    const outcome = { weDid: 'Police trainers now start with your words.', answerIds: [fromBarnsley.id] };

    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, outcome, NOW)).toEqual({ ok: false, errors: { weDid: 'Close the question before writing what changed' } });
    await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW);
    expect(answerChoices(store, prompt, everywhere).map((s) => s.id)).toEqual([fromDoncaster.id, fromBarnsley.id]);
    expect(answerChoices(store, prompt, (p) => p === 'barnsley').map((s) => s.id)).toEqual([fromBarnsley.id]);
    // A spoke facilitator sees the hub's prompt but cannot write its outcome.
    expect(await saveOutcome(store, 'fac-3', barnsley, everywhere, prompt.id, outcome, NOW)).toEqual({ ok: false, notFound: true });
    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, { weDid: ' ', answerIds: [pending.id] }, NOW)).toEqual({
      ok: false, errors: { weDid: 'Write what changed because of the answers', answers: expect.stringContaining('no longer published') },
    });
    expect(await saveOutcome(store, 'fac-2', sheffield, (p) => p === 'barnsley', prompt.id, { ...outcome, answerIds: [fromDoncaster.id] }, NOW)).toMatchObject({ ok: false });
    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, { ...outcome, answerIds: [fromBarnsley.id, fromDoncaster.id] }, NOW + 1000)).toEqual({ ok: true });

    const saved = store.read((d) => d.prompts.find((p) => p.id === prompt.id))!;
    expect(saved.outcome).toEqual({ weDid: outcome.weDid, answerIds: [fromBarnsley.id, fromDoncaster.id], at: new Date(NOW + 1000).toISOString(), by: 'fac-2' });
    expect(shownAnswers(store, saved).map((s) => s.id)).toEqual([fromDoncaster.id, fromBarnsley.id]);
    expect(liveOutcomes(store, NOW).map((p) => p.id)).toEqual([prompt.id]);
    const audit = store.read((d) => d.audit);
    expect(audit.at(-1)).toEqual({ at: new Date(NOW + 1000).toISOString(), actor: 'fac-2', action: 'prompt-outcome', target: prompt.id });
    expect(JSON.stringify(audit)).not.toMatch(/police|Listen|time/i);

    // An answer the author withdraws later disappears from the outcome.
    await store.update(() => void Object.assign(store.findSubmission(fromDoncaster.id)!, { status: 'withdrawn', published: null }));
    expect(shownAnswers(store, saved).map((s) => s.id)).toEqual([fromBarnsley.id]);
  });

  it('shows at most 6 answers', async () => {
    const prompt = await made();
    const answers = Array.from({ length: 7 }, () => answer(prompt.id));
    await store.update((d) => void d.submissions.push(...answers));
    await closePrompt(store, 'f', barnsley, prompt.id, NOW);
    const result = await saveOutcome(store, 'f', barnsley, () => true, prompt.id, { weDid: 'Changed.', answerIds: answers.map((a) => a.id) }, NOW);
    expect(result).toEqual({ ok: false, errors: { answers: 'Choose at most 6 answers' } });
  });
});

describe('search scope', () => {
  it('keeps the on-demand prompt pages and "You said, we did" out of the build-time index (they are not files in the build)', async () => {
    const { isSearchable } = await import('../../../src/lib/content/searchScope.ts');
    for (const path of ['/have-your-say/', '/have-your-say/abc/', '/you-said-we-did/']) expect(isSearchable(path)).toBe(false);
    expect(isSearchable('/participation/')).toBe(true);
  });
});
