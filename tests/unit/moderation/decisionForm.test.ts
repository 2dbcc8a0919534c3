// The item page's form: what to publish is checked only when Publish is pressed; the message always.
import { describe, expect, it } from 'vitest';
import { decisionForm } from '../../../src/lib/moderation/decisionForm.ts';
import { checkValues, errorLinks, type Typed } from '../../../src/lib/forms.ts';

const form = (overrides: Partial<Typed<typeof decisionForm>> = {}): Typed<typeof decisionForm> => ({
  id: 'item-1', expected: 'pending', title: '', body: 'Call me on [number removed]', penName: '', warnings: [], message: '', decision: 'publish', ...overrides,
});

describe('deciding on an item', () => {
  it('gives the decision and the fields as typed (decisions.ts trims what is published)', () => {
    expect(checkValues(decisionForm, form({ title: ' T ', warnings: ['bullying'] }))).toMatchObject({
      ok: true, data: { id: 'item-1', decision: 'publish', title: ' T ', warnings: ['bullying'] },
    });
  });

  it.each([
    [{ body: '  ' }, 'body', 'Enter the text to publish'],
    [{ body: 'x'.repeat(8001) }, 'body', 'The text must be 8,000 characters or fewer'],
    [{ title: ` ${'t'.repeat(121)} ` }, 'title', 'The title must be 120 characters or fewer'],
    [{ penName: 'n'.repeat(61) }, 'penName', 'The name to show must be 60 characters or fewer'],
    [{ warnings: ['bullying', 'spiders'] }, 'warnings', 'Choose content warnings from the list'],
    [{ message: 'm'.repeat(2001) }, 'message', 'The message must be 2,000 characters or fewer'],
    [{ decision: 'ignore' }, 'decision', 'Choose what to do with it'],
    [{ decision: '' }, 'decision', 'Choose what to do with it'],
  ])('refuses %j', (change, field, message) => {
    const checked = checkValues(decisionForm, form(change));
    expect(checked).toMatchObject({ ok: false, errors: { [field]: message } });
    expect(!checked.ok && Object.keys(checked.errors)).toEqual([field]);
  });

  it('checks what is published only for Publish; a long message for any decision', () => {
    const unpublishable = { body: '', title: 't'.repeat(200), warnings: ['spiders'] };
    for (const decision of ['mark-read', 'decline', 'concern', 'delete']) expect(checkValues(decisionForm, form({ ...unpublishable, decision })).ok, decision).toBe(true);
    expect(checkValues(decisionForm, form({ decision: 'decline', message: 'm'.repeat(2001) })).ok).toBe(false);
  });

  it('lists every problem in the summary in the order of the page, each linking to its field', () => {
    const checked = checkValues(decisionForm, form({ body: '', penName: 'n'.repeat(61), title: 't'.repeat(121), message: 'm'.repeat(2001) }));
    expect(!checked.ok && errorLinks(decisionForm, checked.errors).map((link) => link.href)).toEqual(['#title', '#body', '#penName', '#message']);
  });
});
