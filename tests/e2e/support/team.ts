// Facilitator accounts for a hub (Sheffield), two of its spokes, another hub (Derby) and an admin,
// all with one password: the specs about alert emails and a team's work sign in as them.
import type { Account } from './seed';

const PASSWORD = 'correct horse battery';
const account = (email: string, role: Account['role'], place?: string): Account => ({ email, role, place, password: PASSWORD });

export const ADMIN = account('admin@example.org', 'admin');
export const SHEFFIELD = account('sheffield-team@example.org', 'facilitator', 'sheffield');
export const BARNSLEY = account('barnsley-team@example.org', 'facilitator', 'barnsley');
export const DONCASTER = account('doncaster-team@example.org', 'facilitator', 'doncaster');
export const DERBY = account('derby-team@example.org', 'facilitator', 'derby');
