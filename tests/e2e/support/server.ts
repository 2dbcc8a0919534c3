import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './content';
import { recordServerRun } from './privacy';

export interface TestServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts another built server with its own settings and DATA_DIR, for tests that need them. */
export async function startServer(port: number, env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'voices-test-'))): Promise<TestServer> {
  let output = '';
  const child = spawn(process.execPath, ['tests/e2e/support/serve.mjs'], {
    env: { ...process.env, PORT: String(port), HOST: 'localhost', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://localhost:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      recordServerRun(`server-${port}`, output, dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

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
 * `node server.mjs` on dataDir exactly as it is (nothing emptied, unlike startServer), resolved
 * once it says it is listening, or rejected with its output if it exits first.
 */
export async function spawnServer(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  https?: boolean;
  timeoutMs?: number;
  /** A command to run the server under, e.g. ['strace', '-f', …]. */
  wrap?: string[];
}): Promise<BuiltServer> {
  let output = '';
  const [command, ...args] = [...(options.wrap ?? []), process.execPath, 'server.mjs'];
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(options.port), HOST: 'localhost', DATA_DIR: options.dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Voices is listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
    setTimeout(() => reject(new Error(`server did not start in time: ${output}`)), options.timeoutMs ?? 20_000).unref();
  });
  await listening;
  return {
    url: `${options.https ? 'https' : 'http'}://localhost:${options.port}`,
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
