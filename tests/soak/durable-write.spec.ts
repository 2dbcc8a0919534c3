// Power loss: each write of the data file is durable. Under strace the server
// writes voices.json.tmp, fsyncs it, renames it over voices.json, then fsyncs the folder, so a
// power cut leaves the old file or the new one, never a part (docs/durability.md shows a trace).
// Needs strace (Debian: apt-get install -y strace; .ci/run installs it).
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRIVACY_USER_AGENT } from '../e2e/support/privacy';
import { spawnServer } from '../e2e/support/server';

interface Call {
  tid: string;
  name: string;
  args: string;
  /** Index of the line where it started and where it returned. */
  start: number;
  end: number;
  ret: number;
}

/** strace -f output as whole calls, in the order they started, with where each one returned. */
function calls(trace: string): Call[] {
  const done: Call[] = [];
  const open = new Map<string, Omit<Call, 'end' | 'ret'>>();
  trace.split('\n').forEach((line, i) => {
    let m = /^(\d+)\s+<\.\.\. (\w+) resumed>.*= (-?\d+)/.exec(line);
    if (m) {
      const call = open.get(`${m[1]} ${m[2]}`);
      if (call) done.push({ ...call, end: i, ret: Number(m[3]) });
      return;
    }
    m = /^(\d+)\s+(\w+)\((.*) <unfinished \.\.\.>$/.exec(line);
    if (m) return void open.set(`${m[1]} ${m[2]}`, { tid: m[1]!, name: m[2]!, args: m[3]!, start: i });
    m = /^(\d+)\s+(\w+)\((.*)\)\s+= (-?\d+)/.exec(line);
    if (m) done.push({ tid: m[1]!, name: m[2]!, args: m[3]!, start: i, end: i, ret: Number(m[4]) });
  });
  return done.sort((a, b) => a.start - b.start);
}

test('a write: the .tmp file is fsynced, renamed over voices.json, then the folder is fsynced (strace)', async () => {
  const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  expect(strace.error, 'strace is needed for this test: apt-get install -y strace').toBeUndefined();
  const dir = mkdtempSync(join(tmpdir(), 'voices-strace-'));
  const dataDir = join(dir, 'data');
  const traceFile = join(dir, 'trace.txt');
  const server = await spawnServer({
    dataDir,
    env: { SHARE_MIN_SECONDS: '0' },
    wrap: ['strace', '-f', '-qq', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2', '-o', traceFile],
  });
  try {
    const html = await (await fetch(`${server.url}/share/`, { headers: { 'User-Agent': PRIVACY_USER_AGENT } })).text();
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const sent = await fetch(`${server.url}/share/?_action=share`, {
      method: 'POST',
      body: new URLSearchParams({ token, kind: 'poem', body: 'Words that must survive a power cut', place: 'none', publish: 'no' }),
      headers: { Origin: server.url, 'User-Agent': PRIVACY_USER_AGENT },
    });
    expect(await sent.text()).toContain('data-receipt');
  } finally {
    // strace would detach on a signal and leave the server running: stop the server itself (its pid is in the lock).
    process.kill(Number.parseInt(readFileSync(join(dataDir, 'voices.lock'), 'utf8'), 10), 'SIGTERM');
    await server.exited;
  }
  const trace = readFileSync(traceFile, 'utf8');
  const all = calls(trace);
  const file = join(dataDir, 'voices.json');
  const renames = all.filter((c) => /^rename/.test(c.name) && c.args.includes(`"${file}.tmp"`) && c.args.includes(`"${file}"`) && c.ret === 0);
  // One when the store is created, one for the share (form token and submission in one write).
  expect(renames.length).toBeGreaterThanOrEqual(2);
  const steps: string[] = [];
  for (const rename of renames) {
    const opened = all.filter((c) => c.name === 'openat' && c.args.includes(`"${file}.tmp"`) && c.end < rename.start).at(-1);
    expect(opened, 'the .tmp file was opened before the rename').toBeTruthy();
    const synced = all.find((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.args === String(opened!.ret) && c.start > opened!.end && c.end < rename.start && c.ret === 0);
    expect(synced, `fsync(${opened!.ret}) of the .tmp file finished before the rename`).toBeTruthy();
    const dirOpened = all.find((c) => c.name === 'openat' && c.args.includes(`"${dataDir}"`) && c.start > rename.end && c.ret >= 0);
    expect(dirOpened, 'the folder was opened after the rename').toBeTruthy();
    const dirSynced = all.find((c) => c.name === 'fsync' && c.args === String(dirOpened!.ret) && c.start > dirOpened!.end && c.ret === 0);
    expect(dirSynced, `fsync(${dirOpened!.ret}) of the folder after the rename`).toBeTruthy();
    const lines = trace.split('\n');
    steps.push([opened!, synced!, rename, dirOpened!, dirSynced!].map((c) => lines[c.start]).join('\n'));
  }
  console.log(`Each write, as strace saw it:\n${steps.at(-1)}`);
  rmSync(dir, { recursive: true, force: true });
});
