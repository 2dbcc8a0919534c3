// A facilitator's own alert settings: the digest on or off, and nothing else.
import { describe, expect, it } from 'vitest';
import { alertSettingsForm } from '../../../src/lib/alerts/alertSettingsForm.ts';
import { checkValues, errorLinks } from '../../../src/lib/forms.ts';

describe('alert settings', () => {
  it.each(['on', 'off'])('takes the digest %s', (digest) => {
    expect(checkValues(alertSettingsForm, { digest })).toMatchObject({ ok: true, data: { digest } });
  });

  it.each(['', 'urgent-off', 'OFF'])('refuses %j, linking to the first choice', (digest) => {
    const checked = checkValues(alertSettingsForm, { digest });
    expect(!checked.ok && errorLinks(alertSettingsForm, checked.errors)).toEqual([{ href: '#digest', message: 'Choose whether to get the digest emails' }]);
  });
});
