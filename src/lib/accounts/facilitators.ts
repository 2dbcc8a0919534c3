// Facilitator accounts: add, list, disable, set a password. Used by the command line
// (scripts/facilitator.ts) and by /moderate/facilitators, so no Astro imports here.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../moderation/audit.ts';
import { sessionBelongsTo } from './session.ts';
import { hashPassword } from './passwords.ts';
import type { Store, VoicesData } from '../store/store.ts';

export type FacilitatorRole = 'admin' | 'facilitator';

/** Who a signed-in facilitator is (App.Locals.facilitator): what pages, actions and scope rules use. */
export interface Facilitator {
  /** Random id: what sessions and the audit log name, never the email. */
  id: string;
  /** Lowercased; how they sign in. */
  email: string;
  role: FacilitatorRole;
  /** A hub or spoke id; an admin may have none. */
  place: string | null;
}

/** An account as stored. */
export interface FacilitatorAccount extends Facilitator {
  /** argon2id hash (passwords.ts). */
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

/** An account as it may be shown: never the password hash. */
type FacilitatorSummary = Omit<FacilitatorAccount, 'passwordHash'>;
type FacilitatorField = 'email' | 'role' | 'place' | 'password';
export type FacilitatorErrors = Partial<Record<FacilitatorField, string>>;
type FacilitatorResult = { ok: true; facilitator: FacilitatorSummary } | { ok: false; errors: FacilitatorErrors };

/** A new account, as its form checked it (facilitatorForms.ts). */
interface NewFacilitator {
  email: string;
  role: FacilitatorRole;
  /** A hub or spoke id; null for none (admins only). */
  place: string | null;
  password: string;
}

interface ChangeOptions {
  /** Who did it, for the audit log: an admin's facilitator id, or 'cli'. */
  actor: string;
  now?: number;
  /** A session id to leave alone when sessions are ended: an admin resetting their own password stays in. */
  keepSession?: string | undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** 96 random bits, url-safe: what sessions and the audit log name instead of an email. */
function newFacilitatorId(): string {
  return randomBytes(12).toString('base64url');
}

function summary({ passwordHash: _, ...rest }: FacilitatorAccount): FacilitatorSummary {
  return { ...rest };
}

/** Adds an account its form has checked; refused if the email already has one. */
export async function addFacilitator(store: Store, input: NewFacilitator, options: ChangeOptions): Promise<FacilitatorResult> {
  const email = normaliseEmail(input.email);
  if (findFacilitatorByEmail(store, email)) return { ok: false, errors: { email: 'There is already an account with that email address' } };
  const now = options.now ?? Date.now();
  const facilitator: FacilitatorAccount = {
    id: newFacilitatorId(),
    email,
    role: input.role,
    place: input.place,
    passwordHash: await hashPassword(input.password),
    disabled: false,
    createdAt: new Date(now).toISOString(),
  };
  // Checked again inside the write: two adds of one email may have been hashing at once.
  return store.update((data): FacilitatorResult => {
    if (data.facilitators.some((f) => f.email === email)) return { ok: false, errors: { email: 'There is already an account with that email address' } };
    data.facilitators.push(facilitator);
    recordAudit(data, { actor: options.actor, action: 'facilitator-add', target: facilitator.id }, now);
    return { ok: true, facilitator: summary(facilitator) };
  });
}

/** Every account in the order they were added, without password hashes. */
export function listFacilitators(store: Store): FacilitatorSummary[] {
  return store.read((data) => data.facilitators.map(summary));
}

/** The live record (with its hash: for signing in only). */
export function findFacilitatorByEmail(store: Store, email: string): FacilitatorAccount | undefined {
  const wanted = normaliseEmail(email);
  return store.read((data) => data.facilitators.find((f) => f.email === wanted));
}

/** The live record (with its hash: for signing in only). */
export function findFacilitatorById(store: Store, id: string): FacilitatorAccount | undefined {
  return store.read((data) => data.facilitators.find((f) => f.id === id));
}

const NOT_FOUND: FacilitatorErrors = { email: 'There is no account with that email address' };

/** Disable an account and end every session it has; it cannot sign in again. */
export async function disableFacilitator(store: Store, id: string, options: ChangeOptions): Promise<FacilitatorResult> {
  const now = options.now ?? Date.now();
  return store.update((data): FacilitatorResult => {
    const facilitator = data.facilitators.find((f) => f.id === id);
    if (!facilitator) return { ok: false, errors: NOT_FOUND };
    if (!facilitator.disabled) {
      facilitator.disabled = true;
      recordAudit(data, { actor: options.actor, action: 'facilitator-disable', target: id }, now);
    }
    endSessions(data, id);
    return { ok: true, facilitator: summary(facilitator) };
  });
}

/** A new password (its form checked the rules: newPassword); the account's sessions end, so it signs in afresh. */
export async function setFacilitatorPassword(store: Store, id: string, password: string, options: ChangeOptions): Promise<FacilitatorResult> {
  if (!findFacilitatorById(store, id)) return { ok: false, errors: NOT_FOUND };
  const passwordHash = await hashPassword(password);
  const now = options.now ?? Date.now();
  return store.update((data): FacilitatorResult => {
    const facilitator = data.facilitators.find((f) => f.id === id);
    if (!facilitator) return { ok: false, errors: NOT_FOUND };
    facilitator.passwordHash = passwordHash;
    recordAudit(data, { actor: options.actor, action: 'facilitator-set-password', target: id }, now);
    endSessions(data, id, options.keepSession);
    return { ok: true, facilitator: summary(facilitator) };
  });
}

/** Remove a facilitator's stored sessions but `keep` (inside an update); returns how many. */
function endSessions(data: VoicesData, facilitatorId: string, keep?: string): number {
  const before = data.sessions.length;
  data.sessions = data.sessions.filter((record) => record.id === keep || !sessionBelongsTo(record, facilitatorId));
  return before - data.sessions.length;
}
