// Facilitator accounts from the command line, on the store DATABASE_URL or DATA_DIR names (the
// embedded store while the server is stopped; PostgreSQL at any time):
//   npm run facilitator -- add <email> --role admin|facilitator [--place <id>] [--password-stdin]
//   npm run facilitator -- list | disable <email> | set-password <email> [--password-stdin] | reset-mfa <email>
// Passwords come from a hidden prompt, or from standard input with --password-stdin; never printed.
import { parseArgs } from 'node:util';
import {
  addFacilitator,
  disableFacilitator,
  findFacilitatorByEmail,
  listFacilitators,
  normaliseEmail,
  setFacilitatorPassword,
} from '../src/lib/accounts/facilitators.ts';
import { hasSecondFactor, resetSecondFactors } from '../src/lib/accounts/secondFactors.ts';
import { newFacilitatorForm, newPassword } from '../src/lib/accounts/facilitatorForms.ts';
import { checkValues } from '../src/lib/forms.ts';
import { openStore, storeLocation, type Store } from '../src/lib/store/store.ts';
import { StoreLockedError } from '../src/lib/store/lock.ts';
import { placeIds } from '../src/lib/config.ts';

const USAGE = `Usage: npm run facilitator -- <command>

  add <email> --role admin|facilitator [--place <hub or spoke id>] [--password-stdin]
      A facilitator must have a place; an admin may.
  list
      Every account: email, role, place, whether it is disabled, and whether it has a second step.
  disable <email>
      The account is signed out and can't sign in again.
  set-password <email> [--password-stdin]
      Its sessions end; its passkeys and authenticator app stay.
  reset-mfa <email>
      Removes its passkeys, authenticator app and recovery codes, and ends its sessions: at its
      next sign-in it sets up a new one before it can see anything.

The password is asked for without showing it, or read from standard input with
--password-stdin (one line). Works on the PostgreSQL database in DATABASE_URL at any time, or
else on DATA_DIR (default ./data) while the server is stopped.`;

/** A problem the person can fix: printed without a stack trace, exit code 1 (2 for usage). */
class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function explain(errors: Record<string, string | undefined>): string {
  return Object.values(errors).join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the newline that ends it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolvePassword, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolvePassword(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new CliError('Cancelled.', 130));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

/** A new password, checked against the rules the web form uses (newPassword). */
async function readPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin) {
    password = await readStdin();
    if (password === '') throw new CliError('No password on standard input.');
  } else {
    if (!process.stdin.isTTY) {
      throw new CliError('There is no terminal to ask for the password: pipe it in and add --password-stdin.', 2);
    }
    password = await promptHidden('Password: ');
  }
  const checked = newPassword.safeParse(password);
  if (!checked.success) throw new CliError(`${checked.error.issues[0]!.message}.`);
  if (!fromStdin && (await promptHidden('The same password again: ')) !== password) throw new CliError('The two passwords are not the same. Nothing was changed.');
  return password;
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const location = storeLocation();
  let store: Store;
  try {
    store = await openStore(location);
  } catch (error) {
    if (error instanceof StoreLockedError && 'dataDir' in location) {
      throw new CliError(`The Voices server is running on DATA_DIR ${location.dataDir}; stop it, or use /moderate/facilitators while it runs.`);
    }
    throw error;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function emailArgument(positionals: string[], command: string): string {
  const email = positionals[1];
  if (!email || positionals.length > 2) throw new CliError(`${command} needs one email address.\n\n${USAGE}`, 2);
  return email;
}

async function findByEmail(store: Store, email: string) {
  const facilitator = await findFacilitatorByEmail(store, email);
  if (!facilitator) throw new CliError(`There is no account for ${normaliseEmail(email)}. See them all with: npm run facilitator -- list`);
  return facilitator;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      place: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const fromStdin = values['password-stdin'] ?? false;

  switch (command) {
    case 'add': {
      const email = emailArgument(positionals, 'add');
      // The web form's rules; everything but the password is checked before asking for one.
      const form = newFacilitatorForm(placeIds);
      const early = checkValues(form, { email, role: values.role ?? '', place: values.place ?? '', password: 'x'.repeat(12) });
      if (!early.ok) {
        const errors: Record<string, string | undefined> = { ...early.errors };
        if (!values.role) errors.role = 'Give a role with --role admin or --role facilitator';
        if (errors.place && !values.place) errors.place = `A facilitator needs a place: add --place <id>, one of: ${placeIds.join(', ')}`;
        throw new CliError(explain(errors));
      }
      await withStore(async (store) => {
        if (await findFacilitatorByEmail(store, email)) throw new CliError(`There is already an account for ${normaliseEmail(email)}.`);
        const password = await readPassword(fromStdin);
        const result = await addFacilitator(store, { ...early.data, password }, { actor: 'cli' });
        if (!result.ok) throw new CliError(explain(result.errors));
        const { facilitator } = result;
        console.log(`Added ${facilitator.email} (${facilitator.role}${facilitator.place ? `, ${facilitator.place}` : ''}).`);
      });
      return;
    }
    case 'list': {
      if (positionals.length > 1) throw new CliError(`list takes no arguments.\n\n${USAGE}`, 2);
      await withStore(async (store) => {
        const accounts = await listFacilitators(store);
        if (accounts.length === 0) {
          console.log('No facilitators yet. Add one with: npm run facilitator -- add <email> --role admin');
          return;
        }
        const secondSteps = await Promise.all(accounts.map(async (a) => (hasSecondFactor(await store.secondFactors.of(a.id)) ? 'set-up' : 'none')));
        const rows = [
          ['EMAIL', 'ROLE', 'PLACE', 'STATUS', 'SECOND-STEP'],
          ...accounts.map((a, i) => [a.email, a.role, a.place ?? '-', a.disabled ? 'disabled' : 'active', secondSteps[i]!]),
        ];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
        for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
      });
      return;
    }
    case 'disable': {
      const email = emailArgument(positionals, 'disable');
      await withStore(async (store) => {
        const facilitator = await findByEmail(store, email);
        if (facilitator.disabled) {
          console.log(`${facilitator.email} was already disabled.`);
          return;
        }
        const result = await disableFacilitator(store, facilitator.id, { actor: 'cli' });
        if (!result.ok) throw new CliError(explain(result.errors));
        console.log(`Disabled ${facilitator.email}: signed out, and can't sign in again.`);
      });
      return;
    }
    case 'set-password': {
      const email = emailArgument(positionals, 'set-password');
      await withStore(async (store) => {
        const facilitator = await findByEmail(store, email);
        const password = await readPassword(fromStdin);
        const result = await setFacilitatorPassword(store, facilitator.id, password, { actor: 'cli' });
        if (!result.ok) throw new CliError(explain(result.errors));
        console.log(`New password set for ${facilitator.email}; their sessions have ended.`);
      });
      return;
    }
    case 'reset-mfa': {
      const email = emailArgument(positionals, 'reset-mfa');
      await withStore(async (store) => {
        const facilitator = await findByEmail(store, email);
        await resetSecondFactors(store, facilitator.id, { actor: 'cli' });
        console.log(`Removed the passkeys, authenticator app and recovery codes of ${facilitator.email}; their sessions have ended. They set up a new one when they next sign in.`);
      });
      return;
    }
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`, 2);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exitCode = error.exitCode;
  } else if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`Could not do that: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
