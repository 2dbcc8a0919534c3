import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A copy of the project with one bad poem: syncing content must fail, naming the file and the field.
const copy = mkdtempSync(join(tmpdir(), 'voices-bad-content-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('a bad content entry', () => {
  it('stops the build with the file and the field named', () => {
    for (const item of ['src', 'content', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(item, join(copy, item), { recursive: true });
    symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'content/poems/broken.md'), '---\ntitle: Broken\ncollection: Pieces of Me\npublished: 2016-01-01\nthemes: [sadness]\nsample: true\n---\nA line.\n');
    const run = spawnSync(process.execPath, [resolve('node_modules/astro/bin/astro.mjs'), 'sync'], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
    const output = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(output).toContain('content/poems/broken.md');
    expect(output).toContain('themes.0');
  }, 90_000);
});
