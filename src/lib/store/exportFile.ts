// The export file (`npm run store -- export`, `npm run backup`): checked whole before anything is
// imported, so a damaged or foreign file is refused with the field that is wrong, and nothing changes.
import { z } from 'astro/zod';
import type { VoicesExport } from './store.ts';

const iso = z.iso.datetime({ offset: true });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().nullable();

const submission = z.object({
  id: z.string().min(1),
  kind: z.enum(['poem', 'story', 'view', 'question', 'other']),
  title: text,
  body: text,
  penName: text,
  place: text,
  promptId: text,
  warnings: z.array(z.string()),
  publish: z.boolean(),
  flags: z.array(z.object({ kind: z.string(), start: z.number(), end: z.number(), text: z.string() })),
  urgent: z.boolean(),
  status: z.enum(['pending', 'read', 'published', 'declined', 'concern', 'withdrawn']),
  receiptHash: z.string(),
  createdAt: iso,
  decidedAt: iso.nullable(),
  message: text,
  published: z
    .object({ title: text, body: z.string(), penName: text, warnings: z.array(z.string()), at: iso })
    .nullable(),
});

const facilitator = z.object({
  id: z.string().min(1),
  email: z.string().min(3),
  role: z.enum(['admin', 'facilitator']),
  place: text,
  passwordHash: z.string().min(1),
  disabled: z.boolean(),
  createdAt: iso,
  sessionsValidFrom: iso.nullable(),
});

const totp = z.object({
  facilitatorId: z.string().min(1),
  keyId: z.string().min(1),
  sealedSecret: z.string().min(1),
  lastStep: z.number().int().nonnegative(),
  createdAt: iso,
});

const passkey = z.object({
  id: z.string().min(1),
  facilitatorId: z.string().min(1),
  name: z.string(),
  publicKey: z.string().min(1),
  counter: z.number().int().nonnegative(),
  transports: z.array(z.string()),
  createdAt: iso,
  lastUsedAt: iso.nullable(),
});

const recoveryCode = z.object({ facilitatorId: z.string().min(1), hash: z.string().min(1), createdAt: iso });

const prompt = z.object({
  id: z.string().min(1),
  question: z.string(),
  context: z.string(),
  place: text,
  opensOn: day,
  closesOn: day,
  closedAt: iso.nullable(),
  createdBy: z.string(),
  createdAt: iso,
  outcome: z.object({ weDid: z.string(), answerIds: z.array(z.string()), at: iso, by: z.string() }).nullable(),
});

const workshopCode = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  place: z.string(),
  promptId: text,
  createdBy: z.string(),
  createdAt: iso,
  expiresAt: iso,
});

const auditEntry = z.object({ at: iso, actor: z.string(), action: z.string(), target: text });

const note = z.object({ id: z.string().min(1), itemId: z.string().min(1), by: z.string(), at: iso, text: z.string(), secondOpinion: z.boolean() });
const secondOpinion = z.object({ itemId: z.string().min(1), by: z.string(), at: iso });
const attention = z.object({ itemId: z.string().min(1), openedAt: iso.nullable(), reminders: z.int().min(0), remindedAt: iso.nullable() });

const voicesExport = z.object({
  format: z.literal('voices-export'),
  version: z.literal(1),
  exportedAt: iso,
  secret: z.base64().refine((s) => Buffer.from(s, 'base64').length === 32, 'the server secret must be 32 bytes'),
  submissions: z.array(submission),
  facilitators: z.array(facilitator),
  // Exports made before two-step sign-in have none.
  totp: z.array(totp).default([]),
  passkeys: z.array(passkey).default([]),
  recoveryCodes: z.array(recoveryCode).default([]),
  prompts: z.array(prompt),
  workshopCodes: z.array(workshopCode),
  audit: z.array(auditEntry),
  usedFormTokens: z.record(z.string(), z.number()),
  // Added later in version 1: an export from before them has none.
  notes: z.array(note).default([]),
  secondOpinions: z.array(secondOpinion).default([]),
  attention: z.array(attention).default([]),
  digestOff: z.array(z.string()).default([]),
});

/** The export as it is, or an error naming what is wrong with it. */
export function checkExport(value: unknown): VoicesExport {
  const result = voicesExport.safeParse(value);
  if (!result.success) throw new Error(`This is not a Voices export (nothing was changed):\n${z.prettifyError(result.error)}`);
  const data = result.data as VoicesExport;
  const items = new Set(data.submissions.map((s) => s.id));
  const stray = [...data.notes, ...data.secondOpinions, ...data.attention].find((r) => !items.has(r.itemId));
  if (stray) throw new Error(`This export is damaged (nothing was changed): it has a note or mark about a submission it does not hold (${stray.itemId}).`);
  const accounts = new Set(data.facilitators.map((f) => f.id));
  const unknown = data.digestOff.find((id) => !accounts.has(id));
  if (unknown) throw new Error(`This export is damaged (nothing was changed): it has a setting for an account it does not hold (${unknown}).`);
  const orphan = [...data.totp, ...data.passkeys, ...data.recoveryCodes].find((factor) => !accounts.has(factor.facilitatorId));
  if (orphan) throw new Error(`This export holds a second factor of account ${orphan.facilitatorId}, which it does not hold: it is damaged, and nothing was imported.`);
  return data;
}

/** An id or email the export holds twice (a damaged file), or undefined. */
export function repeatedKey(data: VoicesExport): string | undefined {
  const twice = (keys: string[]) => {
    const seen = new Set<string>();
    return keys.find((key) => seen.size === seen.add(key).size);
  };
  return (
    twice(data.submissions.map((s) => s.id)) ??
    twice(data.submissions.map((s) => s.receiptHash).filter(Boolean)) ??
    twice(data.facilitators.map((f) => f.id)) ??
    twice(data.facilitators.map((f) => f.email)) ??
    twice(data.totp.map((t) => t.facilitatorId)) ??
    twice(data.passkeys.map((p) => p.id)) ??
    twice(data.recoveryCodes.map((c) => `${c.facilitatorId}:${c.hash}`)) ??
    twice(data.prompts.map((p) => p.id)) ??
    twice(data.workshopCodes.map((c) => c.id)) ??
    twice(data.notes.map((n) => n.id)) ??
    twice(data.secondOpinions.map((o) => o.itemId)) ??
    twice(data.attention.map((a) => a.itemId)) ??
    twice(data.digestOff)
  );
}

export const damagedExport = (key: string) => new Error(`This export holds "${key}" twice: it is damaged, and nothing was imported.`);
