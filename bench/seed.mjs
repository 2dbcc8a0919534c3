// Made-up submissions for the bench, put in a store of either kind through the store's own import
// before the server starts. Deterministic: the same seed gives the same data.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { openStore } from '../src/lib/store/store.ts';
import { newSubmissionId } from '../src/lib/sharing/submission.ts';
import { CONTENT_WARNINGS } from '../src/lib/safeguarding/contentWarnings.ts';
import { random } from '../tests/support/seededRandom.ts';

const KINDS = ['poem', 'story', 'view', 'question', 'other'];
const WORDS = (
  'I you we they it was is not never always still again morning night rain light home school ' +
  'friend mum dad sister brother phone message wait listen remember forget better worse brave ' +
  'quiet loud safe scared tired hope believe trust walk bus park kitchen window door street ' +
  'time today tomorrow yesterday nobody somebody everyone words voice heard seen known true'
).split(' ');

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** A few short lines, like a poem or a paragraph: about 150 to 900 characters. */
export function wordsFor(rand) {
  const lines = [];
  const count = 3 + Math.floor(rand() * 10);
  for (let l = 0; l < count; l++) {
    const length = 4 + Math.floor(rand() * 9);
    const line = Array.from({ length }, () => pick(rand, WORDS)).join(' ');
    lines.push(line[0].toUpperCase() + line.slice(1));
  }
  return lines.join('\n');
}

export function placeIds() {
  return parse(readFileSync(new URL('../content/places.yaml', import.meta.url), 'utf8')).map((p) => p.id);
}

/**
 * `published` items already decided and published, then `pending` items waiting, all made in the
 * last 60 days (retention removes pending items after 90, so none is purged at start).
 */
export function makeSubmissions({ published = 0, pending = 0, seed = 1, now = Date.now() } = {}) {
  const rand = random(seed);
  const places = [...placeIds(), null];
  const out = [];
  const DAY = 86_400_000;
  for (let i = 0; i < published + pending; i++) {
    const isPublished = i < published;
    const created = now - Math.floor(rand() * 60 * DAY);
    const warnings = rand() < 0.2 ? [pick(rand, CONTENT_WARNINGS)] : [];
    const body = wordsFor(rand);
    const title = rand() < 0.6 ? wordsFor(rand).split('\n')[0].slice(0, 40) : null;
    const penName = rand() < 0.5 ? `${pick(rand, WORDS)} ${pick(rand, WORDS)}` : null;
    out.push({
      id: newSubmissionId(),
      kind: pick(rand, KINDS),
      title: isPublished ? null : title,
      body: isPublished ? null : body,
      penName: isPublished ? null : penName,
      place: pick(rand, places),
      promptId: null,
      warnings,
      publish: isPublished || rand() < 0.7,
      flags: [],
      urgent: !isPublished && rand() < 0.02,
      status: isPublished ? 'published' : 'pending',
      receiptHash: randomBytes(32).toString('hex'),
      createdAt: new Date(created).toISOString(),
      decidedAt: isPublished ? new Date(created + DAY).toISOString() : null,
      message: null,
      published: isPublished ? { title, body, penName, warnings, at: new Date(created + DAY).toISOString() } : null,
    });
  }
  return out;
}

/** Imports the submissions into a new, empty store (embedded { dataDir } or { databaseUrl }); returns its server secret. */
export async function seedStore(location, options) {
  const store = await openStore(location);
  try {
    const secret = randomBytes(32);
    const empty = { format: 'voices-export', version: 1, exportedAt: new Date().toISOString(), secret: secret.toString('base64'), facilitators: [], prompts: [], workshopCodes: [], audit: [], usedFormTokens: {} };
    await store.importAll({ ...empty, submissions: makeSubmissions(options) });
    return secret;
  } finally {
    await store.close();
  }
}
