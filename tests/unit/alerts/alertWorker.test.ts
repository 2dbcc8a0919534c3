// Alerts end to end with a real SMTP server: words shared through receiveShare on a real store,
// the alert worker on a fake clock (its `now` is a parameter, so 15 minutes or 48 hours pass at
// once), and what arrives read back from the server and checked for anything about a young person.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../../src/lib/store/store.ts';
import type { FacilitatorAccount } from '../../../src/lib/accounts/facilitators.ts';
import type { Prompt } from '../../../src/lib/participation/prompts.ts';
import { SUBMISSION_KINDS, type Submission } from '../../../src/lib/sharing/submission.ts';
import { AlertWorker } from '../../../src/lib/alerts/worker.ts';
import { createMailer } from '../../../src/lib/alerts/mailer.ts';
import { setDigest } from '../../../src/lib/alerts/preferences.ts';
import { viewItem } from '../../../src/lib/moderation/presence.ts';
import { addNote } from '../../../src/lib/moderation/notes.ts';
import { scopeOf } from '../../../src/lib/scope.ts';
import { placeName, places, site } from '../../../src/lib/config.ts';
import { auditEntry } from '../../../src/lib/moderation/audit.ts';
import { Mailbox, type ReceivedEmail } from '../support/mailbox.ts';
import { closeSharedStore } from '../support/sharedStore.ts';

type ShareModule = typeof import('../../../src/lib/sharing/share.ts');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-11-24T09:00:00Z');
const SITE = 'https://voices.example';

let share: ShareModule;
let mailbox: Mailbox;
let root: string;
let store: Store;
let clock: number;
let worker: AlertWorker;
let logs: string[];
/** Everything any test shared, and every email that arrived: the leak check at the end reads both. */
const shared: { submission: Submission; receipt: string }[] = [];
const everyEmail: ReceivedEmail[] = [];
let prompt: Prompt;

interface Team {
  sheffield: FacilitatorAccount;
  barnsley: FacilitatorAccount;
  doncaster: FacilitatorAccount;
  derby: FacilitatorAccount;
  admin: FacilitatorAccount;
  gone: FacilitatorAccount;
}
let team: Team;

function account(email: string, role: 'admin' | 'facilitator', place: string | null, disabled = false): FacilitatorAccount {
  return { id: `id-${email.split('@')[0]}`, email, role, place, passwordHash: '$argon2id$not-used', disabled, createdAt: new Date(START).toISOString(), sessionsValidFrom: null };
}

beforeAll(async () => {
  mailbox = await Mailbox.start();
  root = mkdtempSync(join(tmpdir(), 'voices-alerts-'));
  vi.stubEnv('SHARE_MIN_SECONDS', '0');
  vi.stubEnv('SHARE_LIMIT_10MIN', '0');
  vi.stubEnv('SHARE_LIMIT_DAY', '0');
  vi.resetModules();
  share = await import('../../../src/lib/sharing/share.ts');
});

afterAll(async () => {
  await closeSharedStore();
  await mailbox.down();
  vi.unstubAllEnvs();
  vi.resetModules();
  rmSync(root, { recursive: true, force: true });
});

// Each test has a store of its own, so no test's items are waiting in another's.
let stores = 0;
beforeEach(async () => {
  await closeSharedStore();
  vi.stubEnv('DATA_DIR', join(root, `data-${++stores}`));
  const { getStore } = await import('../../../src/lib/store/store.ts');
  store = await getStore();
  clock = START;
  logs = [];
  mailbox.take();
  team = {
    sheffield: account('sheffield-team@example.org', 'facilitator', 'sheffield'),
    barnsley: account('barnsley-team@example.org', 'facilitator', 'barnsley'),
    doncaster: account('doncaster-team@example.org', 'facilitator', 'doncaster'),
    derby: account('derby-team@example.org', 'facilitator', 'derby'),
    admin: account('admin@example.org', 'admin', null),
    gone: account('left@example.org', 'facilitator', 'barnsley', true),
  };
  for (const f of Object.values(team)) await store.facilitators.add(f, auditEntry('cli', 'facilitator-add', f.id, START));
  prompt = { id: 'prompt-lighthouse', question: 'What would make the drop-in feel like a lighthouse?', context: '', place: null, opensOn: '2026-11-01', closesOn: '2026-12-31', closedAt: null, createdBy: team.admin.id, createdAt: new Date(START).toISOString(), outcome: null };
  await store.prompts.create(prompt, auditEntry(team.admin.id, 'prompt-create', prompt.id, START));
  worker = new AlertWorker({
    store,
    mailer: createMailer({ smtpUrl: mailbox.url, from: 'alerts@voices.example' }),
    email: { siteName: site.name, siteUrl: SITE, placeName },
    places: { places, defaultHub: site.defaultHub },
    now: () => clock,
    log: (line) => logs.push(line),
  });
});

afterEach(async () => {
  await worker.stop();
  everyEmail.push(...mailbox.take());
});

let words = 0;
/** Shares through receiveShare as the form does, at the fake clock's time; returns what was stored. */
async function shareAt(fields: Record<string, string>): Promise<Submission> {
  const form = new FormData();
  const all = { website: '', kind: 'story', body: `Marmalade thunder ${++words}\nthe quiet kestrel hums`, title: '', penName: '', place: 'barnsley', publish: 'yes', ...fields };
  form.append('token', await share.newFormToken(clock - 5_000));
  for (const [name, value] of Object.entries(all)) form.append(name, value);
  const outcome = await share.receiveShare(form, { placeIds: places.map((p) => p.id), places, localPlaces: [], clientAddress: '198.51.100.7', now: clock });
  if (outcome.status !== 'sent') throw new Error(`not sent: ${outcome.status}`);
  const page = await store.submissions.queue({ scope: null, status: 'all', offset: 0, limit: 1000 });
  const stored = page.items.find((s) => s.body === all.body.replace(/\r\n/g, '\n'))!;
  shared.push({ submission: stored, receipt: outcome.receipt });
  return stored;
}

/** Runs the worker at the clock's time and returns the emails that arrived, one per recipient. */
async function tickAt(time: number): Promise<ReceivedEmail[]> {
  clock = time;
  await worker.tick();
  return mailbox.take().map((email) => {
    everyEmail.push(email);
    return email;
  });
}
const recipients = (emails: ReceivedEmail[]) => emails.flatMap((e) => e.to).sort();

describe('digests and urgent alerts', () => {
  it('go to the facilitators whose scope includes the place, admins too; not to other places or disabled accounts', async () => {
    await shareAt({ place: 'barnsley' });
    await shareAt({ place: 'derby' });
    await shareAt({ place: 'none' });
    const emails = await tickAt(START + MINUTE);
    const to = (place: string) => recipients(emails.filter((e) => e.text.includes(`queue for ${place}`)));
    expect(to('Barnsley')).toEqual(['admin@example.org', 'sheffield-team@example.org', 'barnsley-team@example.org'].sort());
    expect(to('Derby')).toEqual(['admin@example.org', 'derby-team@example.org'].sort());
    // No place given: the default hub's team.
    expect(to('no place given')).toEqual(['admin@example.org', 'sheffield-team@example.org'].sort());
    expect(emails).toHaveLength(7);
    for (const email of emails) {
      expect(email.from).toBe('alerts@voices.example');
      expect(email.text).toContain(`${SITE}/moderate/`);
      expect(email.text).toContain('Waiting: 1\nUrgent: 0');
    }
  });

  it('sends one digest a place for several shares within 15 minutes, with the counts', async () => {
    await shareAt({ place: 'doncaster' });
    expect(recipients(await tickAt(START + 10_000))).toEqual(['admin@example.org', 'sheffield-team@example.org', 'doncaster-team@example.org'].sort());
    await shareAt({ place: 'doncaster' });
    clock = START + 5 * MINUTE;
    await shareAt({ place: 'doncaster' });
    await shareAt({ place: 'doncaster' });
    expect(await tickAt(START + 6 * MINUTE)).toEqual([]);
    expect(await tickAt(START + 15 * MINUTE)).toEqual([]);
    const digest = await tickAt(START + 10_000 + 15 * MINUTE);
    expect(recipients(digest)).toEqual(['admin@example.org', 'sheffield-team@example.org', 'doncaster-team@example.org'].sort());
    expect(digest[0]!.text).toContain('Waiting: 4\nUrgent: 0');
    // Nothing new arrived: nothing more is sent.
    expect(await tickAt(START + HOUR)).toEqual([]);
  });

  it('sends an urgent item at once, inside the 15 minutes and to those who turned the digest off', async () => {
    await setDigest(store, team.barnsley.id, false, clock);
    await shareAt({ place: 'barnsley' });
    expect(recipients(await tickAt(START + 10_000))).toEqual(['admin@example.org', 'sheffield-team@example.org'].sort());
    clock = START + 2 * MINUTE;
    await shareAt({ place: 'barnsley', body: "I'm scared tonight he says he is outside the hostel" });
    const urgent = await tickAt(START + 2 * MINUTE + 5_000);
    expect(recipients(urgent)).toEqual(['admin@example.org', 'sheffield-team@example.org', 'barnsley-team@example.org'].sort());
    expect(urgent[0]!.subject).toBe(`${site.name}: urgent, Barnsley`);
    expect(urgent[0]!.text).toContain('Waiting: 2\nUrgent: 1');
  });

  it('sends no digest to a facilitator who turned it off, until they turn it on again', async () => {
    await setDigest(store, team.sheffield.id, false, clock);
    await shareAt({ place: 'sheffield' });
    expect(recipients(await tickAt(START + MINUTE))).toEqual(['admin@example.org']);
    await setDigest(store, team.sheffield.id, true, clock);
    await shareAt({ place: 'sheffield' });
    expect(recipients(await tickAt(START + 20 * MINUTE))).toEqual(['admin@example.org', 'sheffield-team@example.org'].sort());
  });

  it('sends nothing for words decided before their digest was due', async () => {
    await shareAt({ place: 'derby' });
    await tickAt(START + MINUTE);
    const late = await shareAt({ place: 'derby' });
    await store.submissions.decide(late.id, 'pending', { delete: true }, auditEntry(team.derby.id, 'delete', late.id, clock));
    const first = (await store.submissions.queue({ scope: null, status: 'pending', offset: 0, limit: 10 })).items[0]!;
    await store.submissions.decide(first.id, 'pending', { status: 'concern' }, auditEntry(team.derby.id, 'concern', first.id, clock));
    expect(await tickAt(START + 20 * MINUTE)).toEqual([]);
  });
});

describe('reminders', () => {
  it('an item nobody opens: its place’s team at 48 hours, the hub’s facilitators and admins a day later, then no more', async () => {
    await shareAt({ place: 'barnsley' });
    await shareAt({ place: 'barnsley' });
    await tickAt(START + MINUTE);
    expect(await tickAt(START + 47 * HOUR)).toEqual([]);
    const first = await tickAt(START + 48 * HOUR + MINUTE);
    expect(recipients(first)).toEqual(['barnsley-team@example.org']);
    expect(first[0]!.text).toContain('2 items for Barnsley have waited more than 48 hours without anyone opening them');
    expect(await tickAt(START + 60 * HOUR)).toEqual([]);
    const second = await tickAt(START + 72 * HOUR + 2 * MINUTE);
    expect(recipients(second)).toEqual(['admin@example.org', 'sheffield-team@example.org'].sort());
    expect(second[0]!.text).toContain('more than 72 hours');
    expect(await tickAt(START + 200 * HOUR)).toEqual([]);
  });

  it('stop as soon as anyone opens the item', async () => {
    const opened = await shareAt({ place: 'doncaster' });
    const other = await shareAt({ place: 'doncaster' });
    await tickAt(START + MINUTE);
    clock = START + 47 * HOUR;
    await viewItem(store, team.sheffield, opened.id, clock);
    const first = await tickAt(START + 49 * HOUR);
    expect(recipients(first)).toEqual(['doncaster-team@example.org']);
    expect(first[0]!.text).toContain('1 item for Doncaster has waited');
    clock = START + 50 * HOUR;
    await viewItem(store, team.admin, other.id, clock);
    expect(await tickAt(START + 80 * HOUR)).toEqual([]);
  });

  it('a place with nobody in its team: straight to the hub’s facilitators and admins', async () => {
    await store.facilitators.disable(team.derby.id, auditEntry('cli', 'facilitator-disable', team.derby.id, clock));
    await shareAt({ place: 'derby' });
    await tickAt(START + MINUTE);
    expect(recipients(await tickAt(START + 49 * HOUR))).toEqual(['admin@example.org']);
    expect(await tickAt(START + 80 * HOUR)).toEqual([]);
  });
});

describe('a mail server that is down or slow', () => {
  it('never slows a share; the worker backs off, logs no address, and sends once the server is back', async () => {
    await shareAt({ place: 'barnsley' });
    const timed = async () => {
      const started = performance.now();
      await shareAt({ place: 'barnsley' });
      return performance.now() - started;
    };
    const normal = Math.min(await timed(), await timed());
    await mailbox.down();
    await tickAt(START + MINUTE);
    const down = Math.min(await timed(), await timed());
    expect(down).toBeLessThan(normal + 200);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/could not send an alert email \(try 1\): \w+/);
    // Backing off: no new try until the wait is over.
    await tickAt(START + MINUTE + 2_000);
    expect(logs).toHaveLength(1);
    await mailbox.up();
    const sent = await tickAt(START + MINUTE + 6_000);
    expect(recipients(sent).length).toBeGreaterThan(0);
    const rest = await tickAt(START + 2 * MINUTE);
    // Each of the three recipients got the digest once.
    expect(recipients([...sent, ...rest])).toEqual(['admin@example.org', 'sheffield-team@example.org', 'barnsley-team@example.org'].sort());
    for (const line of logs) {
      expect(line).not.toMatch(/@|example/);
      for (const { submission } of shared) expect(line).not.toContain(submission.id);
    }
  });

  it('while the server takes its time, shares take normal time and the email still goes', async () => {
    await shareAt({ place: 'sheffield' });
    mailbox.delayMs = 1_500;
    clock = START + MINUTE;
    const sending = worker.tick();
    const started = performance.now();
    await shareAt({ place: 'sheffield' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await sending;
    mailbox.delayMs = 0;
    expect(recipients(mailbox.take())).toEqual(['admin@example.org', 'sheffield-team@example.org'].sort());
  }, 20_000);
});

describe('what an email says', () => {
  it('nothing of the words, title, name, receipt, id, kind or prompt of any item shared in these tests', async () => {
    // Everything a young person can send, with an urgent one and an answer to a prompt, then a team note.
    for (const kind of Object.keys(SUBMISSION_KINDS)) {
      await shareAt({ kind, title: `Saffron ${kind} ladder`, penName: 'Wren Obsidian', body: `Velvet ${kind} orchard\nmy nan in Rotherham`, prompt: prompt.id });
    }
    const urgent = await shareAt({ place: 'doncaster', body: 'I want to die, he has my photos', title: 'Cobalt hinge' });
    await addNote(store, team.sheffield.id, scopeOf(team.sheffield), urgent.id, 'Called the duty worker about Cobalt', clock);
    await tickAt(START + MINUTE);
    await tickAt(START + 50 * HOUR);
    await tickAt(START + 80 * HOUR);
    expect(everyEmail.length).toBeGreaterThanOrEqual(12);
    for (const email of everyEmail) {
      expect(email.subject).toMatch(new RegExp(`^${site.name}: (waiting to be read|urgent|not opened for \\d+ hours), (Barnsley|Doncaster|Sheffield|Derby|no place given)$`));
      const all = `${email.subject}\n${email.text}\n${email.raw}`.toLowerCase();
      for (const { submission, receipt } of shared) {
        const texts = [submission.title, submission.penName, submission.body, receipt, receipt.replace(/-/g, ''), submission.id, submission.receiptHash];
        for (const text of texts.filter((t): t is string => Boolean(t))) expect(all).not.toContain(text.toLowerCase());
        // Every word of four letters or more the young person wrote.
        const words = `${submission.title ?? ''} ${submission.penName ?? ''} ${submission.body ?? ''}`.match(/[\p{L}']{4,}/gu) ?? [];
        for (const word of words) expect(all, word).not.toMatch(new RegExp(`\\b${word.toLowerCase()}\\b`, 'u'));
      }
      for (const [kind, label] of Object.entries(SUBMISSION_KINDS)) {
        expect(all).not.toMatch(new RegExp(`\\b${kind}\\b`));
        expect(all).not.toContain(label.toLowerCase());
      }
      expect(all).not.toContain(prompt.question.toLowerCase());
      expect(all).not.toContain(prompt.id.toLowerCase());
      expect(all).not.toContain('cobalt');
    }
  });
});
