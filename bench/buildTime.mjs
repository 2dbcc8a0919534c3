// Build time as content grows: a copy of the project in a temporary folder (its own dist and
// caches; node_modules linked package by package so Astro's cache stays in the copy), with N
// generated entries, half poems and half resources, built from cold with the build script.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './processes.mjs';
import { wordsFor } from './seed.mjs';
import { random } from '../tests/support/seededRandom.ts';

const SKIP = new Set(['node_modules', 'dist', '.git', '.astro', 'data', '.e2e-data', 'test-results', 'playwright-report']);
const THEMES = ['friendship', 'trust', 'being-believed', 'recovery', 'speaking-up', 'hope', 'family', 'identity'];
const TOPICS = ['recognising-exploitation', 'grooming', 'online-safety', 'healthy-relationships', 'consent', 'missing-from-home'];
const AUDIENCES = ['young-people', 'parents-carers', 'professionals'];
const FORMATS = ['guide', 'leaflet', 'checklist', 'toolkit'];

function copyProject(dir) {
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !SKIP.has(relative(ROOT, src).split('/')[0]) || relative(ROOT, src) === '' });
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '.astro' || name === '.vite' || name === '.cache') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
}

function generate(dir, count, seed) {
  const rand = random(seed);
  const pick = (list, n = 1) => [...new Set(Array.from({ length: n }, () => list[Math.floor(rand() * list.length)]))];
  const poems = Math.ceil(count / 2);
  for (let i = 0; i < poems; i++) {
    const lines = wordsFor(rand).split('\n');
    writeFileSync(
      join(dir, 'content', 'poems', `bench-poem-${i}.md`),
      `---\ntitle: Bench poem ${i}\ncollection: Bench collection ${i % 5}\npublished: 2024-0${1 + (i % 9)}-1${i % 10}\nthemes: [${pick(THEMES, 2).join(', ')}]\nsample: true\n---\n\n${lines.join('\\\n')}\n`,
    );
  }
  for (let i = 0; i < count - poems; i++) {
    const paragraphs = Array.from({ length: 4 }, () => wordsFor(rand).replace(/\n/g, '. ')).join('\n\n');
    writeFileSync(
      join(dir, 'content', 'resources', `bench-resource-${i}.md`),
      `---\ntitle: Bench resource ${i}\nsummary: A generated resource for timing the build, number ${i}.\naudience: [${pick(AUDIENCES, 2).join(', ')}]\ntopics: [${pick(TOPICS, 2).join(', ')}]\nformat: ${pick(FORMATS)[0]}\nupdated: 2026-01-01\nreviewDue: 2099-01-01\nsample: true\n---\n\n## About\n\n${paragraphs}\n`,
    );
  }
}

function build(dir) {
  for (const cache of ['dist', join('node_modules', '.astro'), join('node_modules', '.vite')]) rmSync(join(dir, cache), { recursive: true, force: true });
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`astro build failed in the copy:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  const pages = Number(/Search index: (\d+) pages/.exec(run.stdout)?.[1] ?? 0);
  return { seconds: Math.round(seconds * 10) / 10, indexedPages: pages };
}

/** Build times for each count of generated entries (0 is the project's own content alone). */
export function measureBuilds(dir, counts) {
  copyProject(dir);
  const rows = [];
  for (const count of counts) {
    for (const folder of ['poems', 'resources']) {
      for (const name of readdirSync(join(dir, 'content', folder))) if (name.startsWith('bench-')) rmSync(join(dir, 'content', folder, name));
    }
    generate(dir, count, count + 7);
    const row = { generated: count, ...build(dir) };
    console.log(`  build with ${count} generated entries: ${row.seconds} s (${row.indexedPages} pages indexed)`);
    rows.push(row);
  }
  return rows;
}
