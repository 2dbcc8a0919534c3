import { z } from 'astro/zod';
import { CONTENT_WARNINGS } from '../lib/safeguarding/contentWarnings.ts';

/** Themes a poem can be filtered by; the slug is the URL segment. */
export const POEM_THEMES = {
  friendship: 'Friendship',
  trust: 'Trust',
  'being-believed': 'Being believed',
  recovery: 'Recovery',
  'speaking-up': 'Speaking up',
  hope: 'Hope',
  family: 'Family',
  identity: 'Who I am',
} as const;

export type PoemTheme = keyof typeof POEM_THEMES;
const themeIds = Object.keys(POEM_THEMES) as [PoemTheme, ...PoemTheme[]];

export const poemSchema = z.object({
  /** The poem's title as the author gave it. */
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  /** The name the author chose to show; leave it out and the site shows "Anonymous". */
  penName: z.string().trim().min(1).max(60).optional(),
  /** The language it is in (a BCP 47 tag, e.g. en or ur). It stays in it on the pages in every language, which say so. */
  lang: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z\d]{1,8})*$/, 'lang must be a language tag, such as en or ur').default('en'),
  /** The book or series it belongs to, e.g. "Pieces of Me 2". */
  collection: z.string().trim().min(1, 'collection must not be empty'),
  /** When it was first published (YYYY-MM-DD). */
  published: z.coerce.date(),
  /** One or more themes, used for the plain-link filters on /poems/. */
  themes: z.array(z.enum(themeIds)).min(1, 'give at least one theme'),
  /** Warnings from the fixed vocabulary (docs/safeguarding.md); a warned poem is hidden until the reader asks. */
  contentWarnings: z.array(z.enum(CONTENT_WARNINGS)).default([]),
  /** An optional recording of the poem read aloud, a path under public/. */
  audio: z.string().startsWith('/', 'audio must be a path under public/, starting with /').optional(),
  /** True for sample content written by the project; the real service replaces it. */
  sample: z.boolean(),
});

export type Poem = z.infer<typeof poemSchema>;
