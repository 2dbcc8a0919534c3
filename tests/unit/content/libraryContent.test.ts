import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { RESOURCE_AUDIENCES, RESOURCE_FORMATS, RESOURCE_TOPICS, resourceSchema } from '../../../src/schemas/resource';
import { MATERIAL_KINDS, materialSchema } from '../../../src/schemas/material';
import { TRAINING_LEVELS, trainingSchema } from '../../../src/schemas/training';
import { youSaidWeDidSchema } from '../../../src/schemas/youSaidWeDid';

const root = join(import.meta.dirname, '..', '..', '..');

/** The dotted paths of every issue a failed parse reports, e.g. "download.file". */
function issuePaths(schema: z.ZodType, entry: unknown): string[] {
  const result = schema.safeParse(entry);
  expect(result.success, 'expected the entry to be rejected').toBe(false);
  return result.error!.issues.map((issue) => issue.path.join('.'));
}

function without<T extends object>(entry: T, key: keyof T): Partial<T> {
  const copy = { ...entry };
  delete copy[key];
  return copy;
}

const goodResource = {
  title: 'What to do if a young person tells you',
  summary: 'How to listen and what to do next.',
  audience: ['professionals'],
  topics: ['supporting-disclosure'],
  format: 'guide',
  updated: '2026-05-12',
  reviewDue: '2027-05-12',
  download: { file: '/downloads/responding-to-a-disclosure.pdf', label: 'Print the one-page guide' },
  sample: true,
};

const goodMaterial = {
  title: 'Wellbeing check-out',
  summary: 'A gentle way to end a session.',
  kind: 'wellbeing-checkout',
  duration: 10,
  groupSize: 'Any size',
  places: ['sheffield', 'derby'],
  updated: '2026-03-09',
  sample: true,
};

const goodTraining = {
  title: 'Introductory training',
  summary: 'The starting point for anyone who works with young people.',
  audience: 'Anyone who works with young people',
  length: 'Half a day (3 hours)',
  level: 'introductory',
  outcomes: ['Recognise the signs of exploitation'],
  order: 1,
  sample: true,
};

const goodYouSaid = {
  title: 'Young people met an MP',
  youSaid: 'Decision-makers never hear from us.',
  weDid: 'We supported the group to meet an MP three times.',
  date: '2016-03-31',
  place: 'sheffield',
  sample: true,
};

describe('resourceSchema', () => {
  it('accepts a good entry and turns its dates into Dates', () => {
    const parsed = resourceSchema.parse(goodResource);
    expect(parsed.updated).toBeInstanceOf(Date);
    expect(parsed.reviewDue.toISOString().slice(0, 10)).toBe('2027-05-12');
  });

  it('accepts an entry with no download', () => {
    expect(resourceSchema.safeParse(without(goodResource, 'download')).success).toBe(true);
  });

  it.each(['title', 'summary', 'audience', 'topics', 'format', 'updated', 'reviewDue', 'sample'] as const)(
    'rejects an entry with no %s, naming the field',
    (field) => {
      expect(issuePaths(resourceSchema, without(goodResource, field))).toContain(field);
    },
  );

  it('rejects a summary over 300 characters', () => {
    expect(issuePaths(resourceSchema, { ...goodResource, summary: 'x'.repeat(301) })).toContain('summary');
  });

  it('rejects wrong enum values', () => {
    expect(issuePaths(resourceSchema, { ...goodResource, audience: ['teachers'] })).toContain('audience.0');
    expect(issuePaths(resourceSchema, { ...goodResource, topics: ['grooming', 'sexting'] })).toContain('topics.1');
    expect(issuePaths(resourceSchema, { ...goodResource, format: 'podcast' })).toContain('format');
  });

  it('rejects an empty audience and empty topics', () => {
    expect(issuePaths(resourceSchema, { ...goodResource, audience: [] })).toContain('audience');
    expect(issuePaths(resourceSchema, { ...goodResource, topics: [] })).toContain('topics');
  });

  it('rejects a reviewDue before, or on the same day as, updated', () => {
    expect(issuePaths(resourceSchema, { ...goodResource, reviewDue: '2025-05-12' })).toEqual(['reviewDue']);
    expect(issuePaths(resourceSchema, { ...goodResource, reviewDue: goodResource.updated })).toEqual(['reviewDue']);
  });

  it('rejects a date that is not a date', () => {
    expect(issuePaths(resourceSchema, { ...goodResource, updated: 'last spring' })).toContain('updated');
  });

  it.each([
    '/files/checklist.pdf',
    'downloads/checklist.pdf',
    '/downloads/',
    '/downloads/../secret.pdf',
    '/downloads/.hidden.pdf',
    '/downloads/checklist',
    'https://example.org/downloads/checklist.pdf',
  ])('rejects the download path %s', (file) => {
    expect(issuePaths(resourceSchema, { ...goodResource, download: { file, label: 'Print it' } })).toContain(
      'download.file',
    );
  });

  it('rejects a download with no label', () => {
    const download = { file: '/downloads/checklist.pdf' };
    expect(issuePaths(resourceSchema, { ...goodResource, download })).toContain('download.label');
  });
});

describe('materialSchema', () => {
  it('accepts a good entry', () => {
    expect(materialSchema.parse(goodMaterial).places).toEqual(['sheffield', 'derby']);
  });

  it('treats missing places as every place, and duration and groupSize as optional', () => {
    const entry = without(without(without(goodMaterial, 'places'), 'duration'), 'groupSize');
    expect(materialSchema.parse(entry).places).toEqual([]);
  });

  it.each(['title', 'summary', 'kind', 'updated', 'sample'] as const)('rejects an entry with no %s', (field) => {
    expect(issuePaths(materialSchema, without(goodMaterial, field))).toContain(field);
  });

  it('rejects wrong enum values', () => {
    expect(issuePaths(materialSchema, { ...goodMaterial, kind: 'game' })).toContain('kind');
    expect(issuePaths(materialSchema, { ...goodMaterial, places: ['sheffield', 'leeds'] })).toContain('places.1');
  });

  it('rejects a duration that is not a whole, positive number of minutes', () => {
    expect(issuePaths(materialSchema, { ...goodMaterial, duration: 0 })).toContain('duration');
    expect(issuePaths(materialSchema, { ...goodMaterial, duration: 7.5 })).toContain('duration');
    expect(issuePaths(materialSchema, { ...goodMaterial, duration: '10' })).toContain('duration');
  });
});

describe('trainingSchema', () => {
  it('accepts a good entry', () => {
    expect(trainingSchema.parse(goodTraining).level).toBe('introductory');
  });

  it.each(['title', 'summary', 'audience', 'length', 'level', 'outcomes', 'order', 'sample'] as const)(
    'rejects an entry with no %s',
    (field) => {
      expect(issuePaths(trainingSchema, without(goodTraining, field))).toContain(field);
    },
  );

  it('rejects a wrong level, empty outcomes, a blank outcome and a negative order', () => {
    expect(issuePaths(trainingSchema, { ...goodTraining, level: 'expert' })).toContain('level');
    expect(issuePaths(trainingSchema, { ...goodTraining, outcomes: [] })).toContain('outcomes');
    expect(issuePaths(trainingSchema, { ...goodTraining, outcomes: ['  '] })).toContain('outcomes.0');
    expect(issuePaths(trainingSchema, { ...goodTraining, order: -1 })).toContain('order');
  });
});

describe('youSaidWeDidSchema', () => {
  it('accepts a good entry, with or without a place', () => {
    expect(youSaidWeDidSchema.safeParse(goodYouSaid).success).toBe(true);
    expect(youSaidWeDidSchema.safeParse(without(goodYouSaid, 'place')).success).toBe(true);
  });

  it.each(['title', 'youSaid', 'weDid', 'date', 'sample'] as const)('rejects an entry with no %s', (field) => {
    expect(issuePaths(youSaidWeDidSchema, without(goodYouSaid, field))).toContain(field);
  });

  it('rejects an unknown place, an empty youSaid and a date that is not a date', () => {
    expect(issuePaths(youSaidWeDidSchema, { ...goodYouSaid, place: 'leeds' })).toContain('place');
    expect(issuePaths(youSaidWeDidSchema, { ...goodYouSaid, youSaid: ' ' })).toContain('youSaid');
    expect(issuePaths(youSaidWeDidSchema, { ...goodYouSaid, date: 'soon' })).toContain('date');
  });
});

// ---------------------------------------------------------------------------
// The sample content itself.

interface Entry {
  id: string;
  data: Record<string, unknown>;
  body: string;
}

/** Reads every .md file in a content folder, splitting YAML frontmatter from the Markdown body. */
function readEntries(folder: string): Entry[] {
  const dir = join(root, 'content', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${folder}/${name}: no frontmatter between --- fences`);
      let data: Record<string, unknown>;
      try {
        data = parse(match[1]);
      } catch (error) {
        throw new Error(`${folder}/${name}: ${(error as Error).message}`);
      }
      return { id: name.replace(/\.md$/, ''), data, body: match[2] };
    });
}

const collections = {
  resources: { schema: resourceSchema, entries: readEntries('resources') },
  materials: { schema: materialSchema, entries: readEntries('materials') },
  training: { schema: trainingSchema, entries: readEntries('training') },
  'you-said-we-did': { schema: youSaidWeDidSchema, entries: readEntries('you-said-we-did') },
};

// docs/safeguarding.md: only these numbers may appear; never invent one.
const ALLOWED_PHONE_NUMBERS = new Set(['08001111', '08088005000', '116123', '0800555111']);
const PHONE_LIKE = /\d(?: ?\d){5,}/g;

describe('sample content', () => {
  for (const [folder, { schema, entries }] of Object.entries(collections)) {
    describe(`content/${folder}`, () => {
      it('has entries with kebab-case file names', () => {
        expect(entries.length).toBeGreaterThan(0);
        for (const { id } of entries) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      });

      it.each(entries.map((e) => [e.id, e]))('%s is valid, marked sample, and says so first', (_id, entry) => {
        const result = schema.safeParse(entry.data);
        expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
        expect(entry.data.sample).toBe(true);
        const firstLine = entry.body.trim().split('\n')[0];
        expect(firstLine).toMatch(/^_Sample .*_$/);
      });

      it('uses only the helpline numbers in docs/safeguarding.md', () => {
        for (const { id, data, body } of entries) {
          const found = `${JSON.stringify(data)}\n${body}`.match(PHONE_LIKE) ?? [];
          for (const number of found) {
            expect(ALLOWED_PHONE_NUMBERS.has(number.replaceAll(' ', '')), `${folder}/${id}: ${number}`).toBe(true);
          }
        }
      });

      it('links only to entries that exist', () => {
        for (const { id, body } of entries) {
          for (const [, target, slug] of body.matchAll(/\]\(\/(resources|materials|training)\/([^/)#]+)\/?\)/g)) {
            const known = collections[target as keyof typeof collections].entries.map((e) => e.id);
            expect(known, `${folder}/${id} links to /${target}/${slug}/`).toContain(slug);
          }
        }
      });
    });
  }

  it('has at least 14 resources and 8 materials', () => {
    expect(collections.resources.entries.length).toBeGreaterThanOrEqual(14);
    expect(collections.materials.entries.length).toBeGreaterThanOrEqual(8);
  });

  it('uses every audience, topic, format, material kind and training level, so no filter is empty', () => {
    const resources = collections.resources.entries.map((e) => resourceSchema.parse(e.data));
    expect(new Set(resources.flatMap((r) => r.audience))).toEqual(new Set(Object.keys(RESOURCE_AUDIENCES)));
    expect(new Set(resources.flatMap((r) => r.topics))).toEqual(new Set(Object.keys(RESOURCE_TOPICS)));
    expect(new Set(resources.map((r) => r.format))).toEqual(new Set(Object.keys(RESOURCE_FORMATS)));
    const kinds = collections.materials.entries.map((e) => materialSchema.parse(e.data).kind);
    expect(new Set(kinds)).toEqual(new Set(Object.keys(MATERIAL_KINDS)));
    const levels = collections.training.entries.map((e) => trainingSchema.parse(e.data).level);
    expect(new Set(levels)).toEqual(new Set(Object.keys(TRAINING_LEVELS)));
  });

  it('includes resources past their review date, so the overdue state can be seen', () => {
    const overdue = collections.resources.entries.filter(
      (e) => resourceSchema.parse(e.data).reviewDue < new Date('2026-11-24'),
    );
    expect(overdue.length).toBeGreaterThanOrEqual(2);
  });

  describe('downloads', () => {
    const downloads = collections.resources.entries.flatMap((e) => {
      const { download } = resourceSchema.parse(e.data);
      return download ? [[e.id, download.file] as const] : [];
    });

    it('at least three resources carry one', () => {
      expect(downloads.length).toBeGreaterThanOrEqual(3);
    });

    it.each(downloads)('%s: %s exists, is under 100 KB, and is what its extension says', (_id, file) => {
      const path = join(root, 'public', file);
      expect(statSync(path).size).toBeLessThan(100 * 1024);
      const bytes = readFileSync(path);
      const extension = extname(file);
      if (extension === '.pdf') {
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
      } else if (['.txt', '.md', '.csv'].includes(extension)) {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        expect(text).not.toContain('\u0000');
        for (const number of text.match(PHONE_LIKE) ?? []) {
          expect(ALLOWED_PHONE_NUMBERS.has(number.replaceAll(' ', '')), `${file}: ${number}`).toBe(true);
        }
      } else {
        throw new Error(`${file}: add a check for ${extension} files before using one`);
      }
    });
  });
});
