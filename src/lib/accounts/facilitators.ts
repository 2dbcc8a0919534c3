// Facilitator accounts: add, list, disable, set a password. Used by the command line
// (scripts/facilitator.ts) and by /moderate/facilitators, so no Astro imports here.
import { randomBytes } from 'node:crypto';
import { auditEntry } from '../moderation/audit.ts';
import { hashPassword } from './passwords.ts';
import type { Store } from '../store/store.ts';

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
  /** ISO time: a session signed in before it is over (disable and set-password move it forward). */
  sessionsValidFrom: string | null;
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
  const taken: FacilitatorErrors = { email: 'There is already an account with that email address' };
  if (await findFacilitatorByEmail(store, email)) return { ok: false, errors: taken };
  const now = options.now ?? Date.now();
  const facilitator: FacilitatorAccount = {
    id: newFacilitatorId(),
    email,
    role: input.role,
    place: input.place,
    passwordHash: await hashPassword(input.password),
    disabled: false,
    createdAt: new Date(now).toISOString(),
    sessionsValidFrom: null,
  };
  // The store checks the email again as it adds: two adds of one email may have been hashing at once.
  if (!(await store.facilitators.add(facilitator, auditEntry(options.actor, 'facilitator-add', facilitator.id, now)))) return { ok: false, errors: taken };
  return { ok: true, facilitator: summary(facilitator) };
}

/** Every account in the order they were added, without password hashes. */
export async function listFacilitators(store: Store): Promise<FacilitatorSummary[]> {
  return (await store.facilitators.list()).map(summary);
}

/** The account with its hash: for signing in only. */
export function findFacilitatorByEmail(store: Store, email: string): Promise<FacilitatorAccount | null> {
  return store.facilitators.byEmail(normaliseEmail(email));
}

/** The account with its hash: for signing in only. */
export function findFacilitatorById(store: Store, id: string): Promise<FacilitatorAccount | null> {
  return store.facilitators.byId(id);
}

const NOT_FOUND: FacilitatorErrors = { email: 'There is no account with that email address' };

/** Disable an account: every session it has ends (its sessions' valid-from time moves to now), and it cannot sign in again. */
export async function disableFacilitator(store: Store, id: string, options: ChangeOptions): Promise<FacilitatorResult> {
  const account = await store.facilitators.disable(id, auditEntry(options.actor, 'facilitator-disable', id, options.now));
  return account ? { ok: true, facilitator: summary(account) } : { ok: false, errors: NOT_FOUND };
}

/** A new password (its form checked the rules: newPassword); the account's sessions end, so it signs in afresh. */
export async function setFacilitatorPassword(store: Store, id: string, password: string, options: ChangeOptions): Promise<FacilitatorResult> {
  if (!(await findFacilitatorById(store, id))) return { ok: false, errors: NOT_FOUND };
  const account = await store.facilitators.setPassword(id, await hashPassword(password), auditEntry(options.actor, 'facilitator-set-password', id, options.now));
  return account ? { ok: true, facilitator: summary(account) } : { ok: false, errors: NOT_FOUND };
}
