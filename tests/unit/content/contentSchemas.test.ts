import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { poemSchema } from '../../../src/schemas/poem';
import { filmSchema } from '../../../src/schemas/film';
import { placeSchema } from '../../../src/schemas/place';
import { siteSchema } from '../../../src/schemas/site';

/** The field paths zod complains about, joined with dots. */
function failingPaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => issue.path.join('.'));
}

const goodPoem = { title: 'Seeds', collection: 'Pieces of Me 2', published: '2016-03-10', themes: ['hope'], contentWarnings: [], sample: true };
const goodFilm = {
  title: 'A film', summary: 'One line.', sources: [{ src: '/media/a.webm', type: 'video/webm' }],
  captions: { src: '/media/a.en.vtt' }, poster: '/media/a.jpg', duration: 25, published: '2026-01-01', contentWarnings: [], sample: true,
};
const goodSite = {
  name: 'Voices', organisation: 'A service', exitDestination: 'https://www.bbc.co.uk/weather', defaultHub: 'sheffield',
  retentionDays: {},
};

describe('poem schema', () => {
  it('accepts a good poem and defaults missing warnings to none', () => {
    const poem = poemSchema.parse({ ...goodPoem, contentWarnings: undefined });
    expect(poem.contentWarnings).toEqual([]);
    expect(poem.published).toBeInstanceOf(Date);
  });
  it.each([
    ['an empty title', { title: ' ' }, 'title'],
    ['a theme outside the vocabulary', { themes: ['sadness'] }, 'themes.0'],
    ['no theme', { themes: [] }, 'themes'],
    ['a warning outside the vocabulary', { contentWarnings: ['scary'] }, 'contentWarnings.0'],
    ['a date that is not a date', { published: 'last year' }, 'published'],
    ['audio outside public/', { audio: 'https://example.org/a.mp3' }, 'audio'],
    ['no sample flag', { sample: undefined }, 'sample'],
  ])('rejects %s, naming the field', (_what, change, path) => {
    expect(failingPaths(poemSchema.safeParse({ ...goodPoem, ...change }))).toContain(path);
  });
});

describe('film schema', () => {
  it('accepts a good film with default caption language', () => {
    expect(filmSchema.parse(goodFilm).captions).toEqual({ src: '/media/a.en.vtt', srclang: 'en', label: 'English' });
  });
  it.each([
    ['no captions', { captions: undefined }, 'captions'],
    ['captions that are not WebVTT', { captions: { src: '/media/a.srt' } }, 'captions.src'],
    ['no video source', { sources: [] }, 'sources'],
    ['a source from another site', { sources: [{ src: 'https://cdn.example.org/a.mp4', type: 'video/mp4' }] }, 'sources.0.src'],
    ['a source type that is not video', { sources: [{ src: '/a.mp4', type: 'text/html' }] }, 'sources.0.type'],
    ['a duration of zero', { duration: 0 }, 'duration'],
    ['no poster', { poster: undefined }, 'poster'],
  ])('rejects %s, naming the field', (_what, change, path) => {
    expect(failingPaths(filmSchema.safeParse({ ...goodFilm, ...change }))).toContain(path);
  });
});

describe('place schema', () => {
  const hub = { id: 'sheffield', name: 'Sheffield', kind: 'hub', summary: 'The hub.', reach: 'Ask a worker.' };
  it('accepts a hub and a spoke with its hub', () => {
    expect(placeSchema.parse(hub).kind).toBe('hub');
    expect(placeSchema.parse({ ...hub, id: 'barnsley', kind: 'spoke', hub: 'sheffield' }).hub).toBe('sheffield');
  });
  it('rejects a spoke without a hub and a hub with one', () => {
    expect(failingPaths(placeSchema.safeParse({ ...hub, kind: 'spoke' }))).toContain('hub');
    expect(failingPaths(placeSchema.safeParse({ ...hub, hub: 'derby' }))).toContain('hub');
  });
  it('rejects an id that cannot go in a URL', () => {
    expect(failingPaths(placeSchema.safeParse({ ...hub, id: 'South Yorkshire' }))).toContain('id');
  });
});

describe('site schema', () => {
  it('accepts minimal settings and fills in the retention defaults from docs/safeguarding.md', () => {
    const site = siteSchema.parse(goodSite);
    expect(site.retentionDays).toEqual({ pending: 90, concern: 30, receipt: 180, audit: 730 });
    expect(site.allowVoicesIndexing).toBe(false);
  });
  it.each([
    ['an exit destination over plain http', { exitDestination: 'http://example.org' }, 'exitDestination'],
    ['a missing organisation', { organisation: undefined }, 'organisation'],
    ['a phone number with letters', { localContacts: [{ name: 'x', description: 'y', phone: 'call us' }] }, 'localContacts.0.phone'],
    ['a negative retention', { retentionDays: { pending: -1 } }, 'retentionDays.pending'],
  ])('rejects %s, naming the field', (_what, change, path) => {
    expect(failingPaths(siteSchema.safeParse({ ...goodSite, ...change }))).toContain(path);
  });
});

describe('the content that ships', () => {
  const places = parse(readFileSync('content/places.yaml', 'utf8')) as unknown[];
  it('places.yaml has the Sheffield hub with Barnsley and Doncaster, and the partner hubs', () => {
    const parsed = places.map((p) => placeSchema.parse(p));
    expect(parsed.map((p) => p.id)).toEqual(['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire']);
    expect(parsed.filter((p) => p.hub === 'sheffield').map((p) => p.id)).toEqual(['barnsley', 'doncaster']);
    for (const spoke of parsed.filter((p) => p.kind === 'spoke')) expect(parsed.some((p) => p.id === spoke.hub && p.kind === 'hub')).toBe(true);
  });
  it('site.yaml parses and its default hub is a hub', () => {
    const site = siteSchema.parse(parse(readFileSync('content/site.yaml', 'utf8')));
    expect(places.map((p) => placeSchema.parse(p)).find((p) => p.id === site.defaultHub)?.kind).toBe('hub');
  });
  it('at least 8 sample poems across the Pieces of Me collections, some with warnings', () => {
    const poems = readdirSync('content/poems').map((f) => {
      const [, front] = readFileSync(`content/poems/${f}`, 'utf8').split(/^---$/m);
      return poemSchema.parse(parse(front!));
    });
    expect(poems.length).toBeGreaterThanOrEqual(8);
    expect(poems.every((p) => p.sample)).toBe(true);
    expect(poems.every((p) => p.collection.startsWith('Pieces of Me'))).toBe(true);
    expect(poems.filter((p) => p.contentWarnings.length > 0).length).toBeGreaterThan(0);
  });
});

describe('the sample film', () => {
  it('is at most 30 seconds and 1 MB, with captions and a poster on disk', () => {
    const [, front] = readFileSync('content/films/pieces-of-me-sample.md', 'utf8').split(/^---$/m);
    const film = filmSchema.parse(parse(front!));
    expect(film.duration).toBeLessThanOrEqual(30);
    const files = [...film.sources.map((s) => s.src), film.captions.src, film.poster];
    const bytes = files.reduce((sum, src) => sum + readFileSync(`public${src}`).length, 0);
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
  });
});
