import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { parse } from 'yaml';
import { poemSchema } from './schemas/poem';
import { filmSchema } from './schemas/film';
import { placeSchema } from './schemas/place';
import { siteSchema } from './schemas/site';

const poems = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/poems' }),
  schema: poemSchema,
});

const films = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/films' }),
  schema: filmSchema,
});

const places = defineCollection({
  loader: file('content/places.yaml'),
  schema: placeSchema,
});

// site.yaml is one object; the loader turns it into the single entry "site".
const site = defineCollection({
  loader: file('content/site.yaml', { parser: (text) => [{ id: 'site', ...parse(text) }] }),
  schema: siteSchema,
});

export const collections = { poems, films, places, site };
