// Built servers for tests that need settings or data of their own. Every one listens on port 0
// (any free port) and is found at the address it prints, so runs never collide.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './content';
import { recordServerRun } from './privacy';

/**
 * What the server prints once it listens, with the address it really listened on. playwright.config.ts
 * waits for it too: its webServer puts a named group in the environment, as E2E_BASE_URL.
 */
export const LISTENING = /Voices is listening on (?<e2e_base_url>https?:\/\/localhost:\d+)/;

export interface BuiltServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code (null after a signal) once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (a clean stop) or SIGKILL (a crash), then waits for the exit. Leaves DATA_DIR as it is. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * `node server.mjs` on dataDir exactly as it is, resolved once it says where it is listening, or
 * rejected with its output if it exits first.
 */
export async function spawnServer(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** A command to run the server under, e.g. ['strace', '-f', …]. */
  wrap?: string[];
}): Promise<BuiltServer> {
  let output = '';
  const [command, ...args] = [...(options.wrap ?? []), process.execPath, 'server.mjs'];
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: 'localhost', DATA_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const listening = LISTENING.exec(output);
      if (listening) resolve(listening.groups!.e2e_base_url!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
    setTimeout(() => reject(new Error(`server did not start in time: ${output}`)), options.timeoutMs ?? 20_000).unref();
  });
  return {
    url,
    dataDir: options.dataDir,
    process: child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface TestServer {
  url: string;
  dataDir: string;
  output: () => string;
  /** Something secret met during the test (an app's key, a recovery code): never to be in its output, or in DATA_DIR in clear. */
  keepSecret: (secret: string) => void;
  /** Stops it, keeps its output for the end-of-run privacy check, and removes its DATA_DIR. */
  stop: () => Promise<void>;
}

/**
 * A built server on a DATA_DIR of its own. `prepare` runs on that folder before the server starts
 * (support/seed.ts puts accounts and data there); `secrets` are what its output must never hold.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { prepare?: (dataDir: string) => Promise<void>; secrets?: readonly string[] } = {},
): Promise<TestServer> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'voices-test-')), 'data');
  await options.prepare?.(dataDir);
  const server = await spawnServer({ dataDir, env });
  const secrets = [...(options.secrets ?? [])];
  return {
    url: server.url,
    dataDir,
    output: server.output,
    keepSecret: (secret) => secrets.push(secret),
    stop: async () => {
      await server.stop();
      recordServerRun('server', server.output(), dataDir, secrets);
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}
