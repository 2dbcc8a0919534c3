// Alerts with several servers on one PostgreSQL database: each server runs its own alert worker
// (on one fake clock) against a real SMTP server, all at the same moments, and each email arrives
// once: digests, urgent alerts and both reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../src/lib/sharing/submission.ts';
import type { FacilitatorAccount } from '../../src/lib/accounts/facilitators.ts';
import { auditEntry } from '../../src/lib/moderation/audit.ts';
import { AlertWorker } from '../../src/lib/alerts/worker.ts';
import { createMailer } from '../../src/lib/alerts/mailer.ts';
import { placeName, places, site } from '../../src/lib/config.ts';
import { Mailbox, type ReceivedEmail } from '../unit/support/mailbox.ts';
import { newDatabase, type TestDatabase } from './support/database.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-11-24T09:00:00Z');

let db: TestDatabase;
let mailbox: Mailbox;
let servers: Store[];
let workers: AlertWorker[];
let clock = START;

const account = (name: string, role: 'admin' | 'facilitator', place: string | null): FacilitatorAccount => ({
  id: newSubmissionId(), email: `${name}@example.org`, role, place, passwordHash: '$argon2id$x', disabled: false, createdAt: new Date(START).toISOString(), sessionsValidFrom: null,
});

beforeAll(async () => {
  db = await newDatabase();
  mailbox = await Mailbox.start();
  servers = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: db.url, mfaKey: db.mfaKey })));
  for (const f of [account('sheffield', 'facilitator', 'sheffield'), account('barnsley', 'facilitator', 'barnsley'), account('derby', 'facilitator', 'derby'), account('admin', 'admin', null)]) {
    await servers[0]!.facilitators.add(f, auditEntry('cli', 'facilitator-add', f.id, START));
  }
  workers = servers.map(
    (store) =>
      new AlertWorker({
        store,
        mailer: createMailer({ smtpUrl: mailbox.url, from: 'alerts@voices.example' }),
        email: { siteName: site.name, siteUrl: 'https://voices.example', placeName },
        places: { places, defaultHub: site.defaultHub },
        now: () => clock,
      }),
  );
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(servers.map((s) => s.close()));
  await mailbox.down();
  await db.drop();
});

let n = 0;
/** Words shared on one of the servers, as the share form stores them. */
async function shareOn(server: number, place: string | null, urgent = false): Promise<void> {
  const s: Submission = {
    id: newSubmissionId(), kind: 'poem', title: null, body: `Words ${++n}`, penName: null, place, promptId: null, warnings: [], publish: true, flags: [], urgent,
    status: 'pending', receiptHash: newSubmissionId(), createdAt: new Date(clock).toISOString(), decidedAt: null, message: null, published: null,
  };
  await servers[server]!.submissions.create(s, { id: newSubmissionId(), expiresAt: Date.now() + HOUR });
}

/** Every worker at once at `time`, twice over; what arrived. */
async function allTickAt(time: number): Promise<ReceivedEmail[]> {
  clock = time;
  await Promise.all(workers.map((w) => w.tick()));
  await Promise.all(workers.map((w) => w.tick()));
  return mailbox.take();
}
const sent = (emails: ReceivedEmail[]) => emails.map((e) => `${e.to.join()} | ${e.subject}`).sort();

describe('three servers, one database, one alert each', () => {
  it('digests and urgent alerts', async () => {
    await Promise.all([shareOn(0, 'barnsley'), shareOn(1, 'barnsley'), shareOn(2, 'derby'), shareOn(1, null)]);
    expect(sent(await allTickAt(START + MINUTE))).toEqual([
      'admin@example.org | Voices: waiting to be read, Barnsley',
      'admin@example.org | Voices: waiting to be read, Derby',
      'admin@example.org | Voices: waiting to be read, no place given',
      'barnsley@example.org | Voices: waiting to be read, Barnsley',
      'derby@example.org | Voices: waiting to be read, Derby',
      'sheffield@example.org | Voices: waiting to be read, Barnsley',
      'sheffield@example.org | Voices: waiting to be read, no place given',
    ]);
    await Promise.all([shareOn(2, 'barnsley', true), shareOn(0, 'barnsley'), shareOn(1, 'derby')]);
    expect(sent(await allTickAt(START + 2 * MINUTE))).toEqual([
      'admin@example.org | Voices: urgent, Barnsley',
      'barnsley@example.org | Voices: urgent, Barnsley',
      'sheffield@example.org | Voices: urgent, Barnsley',
    ]);
    expect(sent(await allTickAt(START + 16 * MINUTE))).toEqual(['admin@example.org | Voices: waiting to be read, Derby', 'derby@example.org | Voices: waiting to be read, Derby']);
  });

  it('reminders at 48 hours and a day later', async () => {
    expect(sent(await allTickAt(START + 49 * HOUR))).toEqual([
      'barnsley@example.org | Voices: not opened for 48 hours, Barnsley',
      'derby@example.org | Voices: not opened for 48 hours, Derby',
      'sheffield@example.org | Voices: not opened for 48 hours, no place given',
    ]);
    expect(sent(await allTickAt(START + 74 * HOUR))).toEqual([
      'admin@example.org | Voices: not opened for 72 hours, Barnsley',
      'admin@example.org | Voices: not opened for 72 hours, Derby',
      'admin@example.org | Voices: not opened for 72 hours, no place given',
      'sheffield@example.org | Voices: not opened for 72 hours, Barnsley',
    ]);
    expect(await allTickAt(START + 200 * HOUR)).toEqual([]);
  });
});
