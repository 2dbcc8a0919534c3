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
} from '../../../src/lib/participation/prompts.ts';
import { newPromptForm } from '../../../src/lib/participation/promptForms.ts';
import { checkValues, type Typed } from '../../../src/lib/forms.ts';
import { canManagePrompt, canViewPrompt, promptReaches } from '../../../src/lib/scope.ts';
import { ukDay } from '../../../src/lib/dates.ts';
import { PLACES, scopeOf } from '../support/places';
import { addSubmissions } from '../support/addSubmissions.ts';
import { inScope } from '../support/inScope.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 UK time on Tuesday 24 November 2026 (GMT).
const NOW = Date.parse('2026-11-24T10:00:00Z');
const admin = scopeOf('admin', null);
const sheffield = scopeOf('facilitator', 'sheffield');
const barnsley = scopeOf('facilitator', 'barnsley');
const derby = scopeOf('facilitator', 'derby');
type PromptFields = Typed<ReturnType<typeof newPromptForm>>;
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
    store = await openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function answer(promptId: string, overrides: Partial<Submission> = {}): Submission {
    return {
      id: newSubmissionId(), kind: 'view', title: null, body: null, penName: null, place: 'barnsley', promptId, warnings: [], publish: true, flags: [], urgent: false,
      status: 'published', receiptHash: newSubmissionId(), createdAt: new Date(NOW - DAY).toISOString(), decidedAt: new Date(NOW - HOUR).toISOString(), message: null,
      published: { title: null, body: 'Listen first.', penName: 'Robin', warnings: [], at: new Date(NOW - HOUR).toISOString() },
      ...overrides,
    };
  }

  /** A prompt as a facilitator in scope makes it: through its form, then createPrompt. */
  async function made(f: Partial<PromptFields> = {}, scope = barnsley) {
    const form = checkValues(newPromptForm(scope, ukDay(NOW)), fields(f));
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    return createPrompt(store, 'fac-1', form.data, NOW);
  }

  it('creates with a random url-safe id and an audit entry without text; lists what each facilitator may see', async () => {
    const prompt = await made();
    expect(prompt).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), place: 'barnsley', closedAt: null, outcome: null, createdBy: 'fac-1' });
    expect((await store.exportAll()).audit).toEqual([{ at: new Date(NOW).toISOString(), actor: 'fac-1', action: 'prompt-create', target: prompt.id }]);
    expect((await listPrompts(store, sheffield)).map((p) => p.id)).toEqual([prompt.id]);
    expect((await listPrompts(store, derby))).toEqual([]);
    expect((await promptFor(store, derby, prompt.id))).toBeNull();
    expect((await promptFor(store, barnsley, prompt.id))?.id).toBe(prompt.id);
  });

  it('lists only open prompts publicly, closing soonest first, and hides one not yet open', async () => {
    const later = await made({ opensOn: '2026-12-01', closesOn: '2026-12-31' });
    const soon = await made({ closesOn: '2026-11-25' });
    const open = await made();
    expect((await openPrompts(store, NOW)).map((p) => p.id)).toEqual([soon.id, open.id]);
    expect((await publicPrompt(store, later.id, NOW))).toBeNull();
    expect((await publicPrompt(store, open.id, NOW))).toEqual({ prompt: open, state: 'open' });
    expect((await openPrompts(store, Date.parse('2026-11-26T00:30:00Z'))).map((p) => p.id)).toEqual([open.id]);
  });

  it('closes once, in scope; another place’s prompt is not found', async () => {
    const prompt = await made();
    expect(await closePrompt(store, 'fac-9', derby, prompt.id, NOW)).toEqual({ ok: false, notFound: true });
    expect(await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW)).toEqual({ ok: true });
    expect(await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW)).toEqual({ ok: false, error: 'This question is already closed at 24 Nov 2026, 10:00' });
    expect((await openPrompts(store, NOW))).toEqual([]);
    expect((await publicPrompt(store, prompt.id, NOW))?.state).toBe('closed');
    expect((await store.exportAll()).audit.at(-1)).toEqual({ at: new Date(NOW).toISOString(), actor: 'fac-2', action: 'prompt-close', target: prompt.id });
  });

  it('writes "You said, we did" once closed, from published answers in scope; shows only those still published', async () => {
    const prompt = await made({ place: 'sheffield' }, sheffield);
    const fromBarnsley = answer(prompt.id);
    const fromDoncaster = answer(prompt.id, { place: 'doncaster', published: { title: 'Time', body: 'Give us time.', penName: null, warnings: ['violence'], at: new Date(NOW - 2 * HOUR).toISOString() } });
    const pending = answer(prompt.id, { status: 'pending', published: null, body: 'not yet' });
    const otherPrompt = answer('another');
    await addSubmissions(store, fromBarnsley, fromDoncaster, pending, otherPrompt);
    const everywhere = inScope(null);
    const outcome = { weDid: 'Police trainers now start with your words.', answerIds: [fromBarnsley.id] };

    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, outcome, NOW)).toEqual({ ok: false, errors: { weDid: 'Close the question before writing what changed' } });
    await closePrompt(store, 'fac-2', sheffield, prompt.id, NOW);
    expect((await answerChoices(store, prompt, everywhere)).map((s) => s.id)).toEqual([fromDoncaster.id, fromBarnsley.id]);
    expect((await answerChoices(store, prompt, inScope(['barnsley']))).map((s) => s.id)).toEqual([fromBarnsley.id]);
    // A spoke facilitator sees the hub's prompt but cannot write its outcome.
    expect(await saveOutcome(store, 'fac-3', barnsley, everywhere, prompt.id, outcome, NOW)).toEqual({ ok: false, notFound: true });
    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, { ...outcome, answerIds: [pending.id] }, NOW)).toEqual({
      ok: false, errors: { answers: expect.stringContaining('no longer published') },
    });
    expect(await saveOutcome(store, 'fac-2', sheffield, inScope(['barnsley']), prompt.id, { ...outcome, answerIds: [fromDoncaster.id] }, NOW)).toMatchObject({ ok: false });
    expect(await saveOutcome(store, 'fac-2', sheffield, everywhere, prompt.id, { ...outcome, answerIds: [fromBarnsley.id, fromDoncaster.id] }, NOW + 1000)).toEqual({ ok: true });

    const saved = (await store.prompts.get(prompt.id))!;
    expect(saved.outcome).toEqual({ weDid: outcome.weDid, answerIds: [fromBarnsley.id, fromDoncaster.id], at: new Date(NOW + 1000).toISOString(), by: 'fac-2' });
    expect((await shownAnswers(store, saved)).map((s) => s.id)).toEqual([fromDoncaster.id, fromBarnsley.id]);
    expect((await liveOutcomes(store, NOW)).map((p) => p.id)).toEqual([prompt.id]);
    const audit = (await store.exportAll()).audit;
    expect(audit.at(-1)).toEqual({ at: new Date(NOW + 1000).toISOString(), actor: 'fac-2', action: 'prompt-outcome', target: prompt.id });
    expect(JSON.stringify(audit)).not.toMatch(/police|Listen|time/i);

    // An answer the author withdraws later disappears from the outcome.
    await store.submissions.decide(fromDoncaster.id, 'published', { status: 'withdrawn', published: null }, { at: new Date(NOW).toISOString(), actor: 'author', action: 'withdraw', target: fromDoncaster.id });
    expect((await shownAnswers(store, saved)).map((s) => s.id)).toEqual([fromBarnsley.id]);
  });

  it('does not overwrite an outcome someone else saved after the page was opened', async () => {
    const prompt = await made();
    await closePrompt(store, 'f', barnsley, prompt.id, NOW);
    // Both opened the page before any outcome was written ('' is what the form sends then).
    expect(await saveOutcome(store, 'fac-a', barnsley, inScope(null), prompt.id, { weDid: 'First.', answerIds: [], seen: '' }, NOW)).toEqual({ ok: true });
    expect(await saveOutcome(store, 'fac-b', barnsley, inScope(null), prompt.id, { weDid: 'Second.', answerIds: [], seen: '' }, NOW + 1000)).toEqual({
      ok: false,
      errors: { weDid: 'Someone else saved what changed at 24 Nov 2026, 10:00, after you opened this page, so yours was not saved. Yours is still below: save it again to replace theirs' },
    });
    expect((await store.prompts.get(prompt.id))!.outcome).toMatchObject({ weDid: 'First.', by: 'fac-a' });
    // Sent again from the page as it now is, it replaces theirs.
    expect(await saveOutcome(store, 'fac-b', barnsley, inScope(null), prompt.id, { weDid: 'Second.', answerIds: [], seen: new Date(NOW).toISOString() }, NOW + 2000)).toEqual({ ok: true });
  });
});

describe('search scope', () => {
  it('keeps the on-demand prompt pages and "You said, we did" out of the build-time index (they are not files in the build)', async () => {
    const { isSearchable } = await import('../../../src/lib/content/searchScope.ts');
    for (const path of ['/have-your-say/', '/have-your-say/abc/', '/you-said-we-did/']) expect(isSearchable(path)).toBe(false);
    expect(isSearchable('/participation/')).toBe(true);
  });
});
