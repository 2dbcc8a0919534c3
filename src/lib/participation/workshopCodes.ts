// Workshop codes: a facilitator writes a short code on the board in a group session, and young
// people type it on /share/ so their words go to that place (and prompt). A code is not personal
// data and says nothing about who typed it. Codes are short, so guessing is rate limited (sharing/share.ts).
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { auditEntry } from '../moderation/audit.ts';
import { canManageCode, canViewPrompt, promptReaches, type ParticipationScope, type ScopePlace } from '../scope.ts';
import { isOpen } from './prompts.ts';
import { ukDateTime } from '../dates.ts';

/** A short code for a group session: sends answers to its place and prompt. */
export interface WorkshopCode {
  /** Random id, for actions and the audit log (never the code itself). */
  id: string;
  /** Six characters from WORKSHOP_CODE_ALPHABET. */
  code: string;
  /** The hub or spoke answers go to. */
  place: string;
  promptId: string | null;
  /** Facilitator id. */
  createdBy: string;
  createdAt: string;
  /** ISO time; at most 12 hours after createdAt. */
  expiresAt: string;
}

/** No 0/O, 1/I/L: nothing that reads as something else on a whiteboard. */
const WORKSHOP_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const WORKSHOP_CODE_LENGTH = 6;
export const MAX_CODE_HOURS = 12;
/** The lifetimes a facilitator chooses from, in hours. */
export const CODE_HOURS = [1, 2, 3, 6, 12] as const;
const HOUR = 3_600_000;
/** Expired codes stay listed this long (so "it ran out" can be seen), then go. */
const KEEP_EXPIRED_MS = 24 * HOUR;

const WELL_FORMED = new RegExp(`^[${WORKSHOP_CODE_ALPHABET}]{${WORKSHOP_CODE_LENGTH}}$`);

/** Six characters from the alphabet, uniformly (rejection sampling: no modulo bias). */
function generateWorkshopCode(random: (size: number) => Uint8Array = randomBytes): string {
  const n = WORKSHOP_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < WORKSHOP_CODE_LENGTH) {
    for (const byte of random(WORKSHOP_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < WORKSHOP_CODE_LENGTH) code += WORKSHOP_CODE_ALPHABET[byte % n];
    }
  }
  return code;
}

/** What someone typed, as a code: capitals, without spaces or dashes ("ab3 k-7q" → "AB3K7Q"). */
export const normaliseWorkshopCode = (typed: string): string => typed.toUpperCase().replace(/[\s\-–—]+/g, '');

const isWellFormedCode = (code: string): boolean => WELL_FORMED.test(code);

const codeIsLive = (code: Pick<WorkshopCode, 'expiresAt'>, now: number): boolean => now < Date.parse(code.expiresAt);

type CodeCheck = { status: 'valid'; code: WorkshopCode } | { status: 'expired' } | { status: 'unknown' };

/** Looks up what someone typed. An empty box is not a code: the caller skips this. */
export function checkWorkshopCode(codes: readonly WorkshopCode[], typed: string, now: number): CodeCheck {
  const code = normaliseWorkshopCode(typed);
  if (!isWellFormedCode(code)) return { status: 'unknown' };
  const found = codes.filter((c) => c.code === code);
  const live = found.find((c) => codeIsLive(c, now));
  if (live) return { status: 'valid', code: live };
  return found.length ? { status: 'expired' } : { status: 'unknown' };
}

/** WORKSHOP_CODE_MAX_HOURS: a service (or a test) may make every code shorter-lived than 12 hours. */
export function readMaxCodeHours(): number {
  const raw = process.env.WORKSHOP_CODE_MAX_HOURS;
  if (raw === undefined || raw === '') return MAX_CODE_HOURS;
  const value = Number(raw);
  if (!(value > 0 && value <= MAX_CODE_HOURS)) throw new Error(`WORKSHOP_CODE_MAX_HOURS must be more than 0 and at most ${MAX_CODE_HOURS} (got "${raw}")`);
  return value;
}

/** A new code as its form checked it (workshopCodeForm.ts). */
interface NewCode {
  place: string;
  /** A prompt id, or null for none. */
  prompt: string | null;
  hours: number;
}
type CodeErrors = Partial<Record<'prompt', string>>;

interface CodeOptions {
  places: readonly ScopePlace[];
  maxHours?: number;
  now?: number;
  random?: (size: number) => Uint8Array;
}

/** Makes a code; refused if its question is not an open one this facilitator sees that reaches the place. */
export async function createWorkshopCode(store: Store, actor: string, scope: ParticipationScope, fields: NewCode, options: CodeOptions):
  Promise<{ ok: true; code: WorkshopCode } | { ok: false; errors: CodeErrors }> {
  const now = options.now ?? Date.now();
  const { place, hours } = fields;
  let promptId: string | null = null;
  if (fields.prompt !== null) {
    const prompt = await store.prompts.get(fields.prompt);
    if (!prompt || !canViewPrompt(scope, prompt) || !isOpen(prompt, now)) return { ok: false, errors: { prompt: 'Choose an open question, or none' } };
    if (!promptReaches(prompt, place, options.places)) return { ok: false, errors: { prompt: 'That question is for another place: choose one for this place, or none' } };
    promptId = prompt.id;
  }
  const lifetime = Math.min(hours, options.maxHours ?? readMaxCodeHours()) * HOUR;
  const dropBefore = new Date(now - KEEP_EXPIRED_MS).toISOString();
  // 31^6 is about 887 million: a clash with a code still listed is rare, and simply drawn again.
  for (;;) {
    const record: WorkshopCode = {
      id: randomBytes(9).toString('base64url'),
      code: generateWorkshopCode(options.random),
      place,
      promptId,
      createdBy: actor,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + lifetime).toISOString(),
    };
    if (await store.workshopCodes.create(record, auditEntry(actor, 'workshop-code-create', record.id, now), dropBefore)) return { ok: true, code: record };
  }
}

/** Ends a live code now (it was shared too widely, or the session is over). */
export async function endWorkshopCode(store: Store, actor: string, scope: ParticipationScope, id: string, now = Date.now()):
  Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; alreadyEnded: string }> {
  const code = await store.workshopCodes.get(id);
  if (!code || !canManageCode(scope, code)) return { ok: false, notFound: true };
  const ended = await store.workshopCodes.end(id, auditEntry(actor, 'workshop-code-end', id, now));
  if (ended.ok) return ended;
  if (!ended.code) return { ok: false, notFound: true };
  return { ok: false, alreadyEnded: `That code had already stopped working at ${ukDateTime(ended.code.expiresAt)}: someone ended it, or its time ran out.` };
}

/** Codes for this facilitator's places: live ones first (ending soonest first), then recently expired. */
export async function listWorkshopCodes(store: Store, scope: ParticipationScope, now = Date.now()): Promise<(WorkshopCode & { live: boolean })[]> {
  return (await store.workshopCodes.list(scope.places, new Date(now - KEEP_EXPIRED_MS).toISOString()))
    .filter((c) => canManageCode(scope, c))
    .map((c) => ({ ...c, live: codeIsLive(c, now) }))
    .sort((a, b) => Number(b.live) - Number(a.live) || (a.live ? a.expiresAt.localeCompare(b.expiresAt) : b.expiresAt.localeCompare(a.expiresAt)));
}
