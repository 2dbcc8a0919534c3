// The prompt forms' rules, from what a facilitator typed: a new question, and what changed.
import { describe, expect, it } from 'vitest';
import { newPromptForm, outcomeForm } from '../../../src/lib/participation/promptForms.ts';
import { NETWORK } from '../../../src/lib/participation/prompts.ts';
import { checkValues, type Typed } from '../../../src/lib/forms.ts';
import { scopeOf } from '../support/places';

const admin = scopeOf('admin', null);
const sheffield = scopeOf('facilitator', 'sheffield');
const barnsley = scopeOf('facilitator', 'barnsley');
// 24 November 2026 in the UK.
const TODAY = '2026-11-24';

describe('a new prompt', () => {
  const fields = (overrides: Partial<Typed<ReturnType<typeof newPromptForm>>> = {}) => ({
    question: 'What should police know when they talk to you?', context: 'We take your answers to the police training day.', place: 'barnsley', opensOn: '2026-11-20', closesOn: '2026-11-30', ...overrides,
  });
  const check = (f: ReturnType<typeof fields>, scope = barnsley) => checkValues(newPromptForm(scope, TODAY), f);

  it('accepts a good prompt, trimmed, with NETWORK meaning the whole network (admins only)', () => {
    expect(check(fields({ question: '  Why?  ', context: ' Line one\r\nline two ' }))).toMatchObject({ ok: true, data: { question: 'Why?', context: 'Line one\nline two', place: 'barnsley' } });
    expect(check(fields({ place: NETWORK }), admin)).toMatchObject({ ok: true, data: { place: null } });
    expect(check(fields({ place: NETWORK }), sheffield)).toMatchObject({ ok: false, errors: { place: 'Choose who the question is for' } });
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
    // One message for a field: a closing date in the past says so, whatever the opening date.
    [{ opensOn: '2026-12-10', closesOn: '2026-11-01' }, 'closesOn', 'The closing date must be today or later'],
  ])('refuses %j', (change, field, message) => {
    const checked = check(fields(change));
    expect(checked).toMatchObject({ ok: false, errors: { [field]: message } });
    expect(!checked.ok && Object.keys(checked.errors)).toEqual([field]);
  });

  it('gives every problem at once, and keeps what was typed', () => {
    const typed = fields({ question: '', place: '', opensOn: 'x', closesOn: 'y' });
    expect(check(typed)).toEqual({
      ok: false,
      values: typed,
      errors: {
        question: 'Enter the question',
        place: 'Choose who the question is for',
        opensOn: 'Enter the opening date as a real date, for example 2026-12-01',
        closesOn: 'Enter the closing date as a real date, for example 2026-12-31',
      },
    });
  });

  it('lets a hub facilitator ask the hub or one of its spokes, never another hub', () => {
    for (const place of ['sheffield', 'barnsley', 'doncaster']) expect(check(fields({ place }), sheffield).ok).toBe(true);
    expect(check(fields({ place: 'derby' }), sheffield).ok).toBe(false);
    expect(check(fields({ place: 'sheffield' }), barnsley).ok).toBe(false);
  });
});

describe('what changed', () => {
  const check = (weDid: string, answers: string[] = []) => checkValues(outcomeForm, { id: 'p1', weDid, answers });

  it('is trimmed, with plain line ends, and the answers picked once each', () => {
    expect(check('  We changed it.\r\nFor you. ', ['a', 'b', 'a'])).toMatchObject({ ok: true, data: { weDid: 'We changed it.\nFor you.', answers: ['a', 'b'] } });
  });

  it.each([
    [' ', [], 'weDid', 'Write what changed because of the answers'],
    ['x'.repeat(2001), [], 'weDid', 'What changed must be 2,000 characters or fewer'],
    ['Changed.', ['1', '2', '3', '4', '5', '6', '7'], 'answers', 'Choose at most 6 answers'],
  ])('refuses %j with %j', (weDid, answers, field, message) => {
    expect(check(weDid, answers)).toMatchObject({ ok: false, errors: { [field]: message } });
  });

  it('takes 6 answers, counted after a repeated one is dropped', () => {
    expect(check('Changed.', ['1', '2', '3', '4', '5', '6', '6']).ok).toBe(true);
  });
});
