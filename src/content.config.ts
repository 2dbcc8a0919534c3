import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { parse } from 'yaml';
import { poemSchema } from './schemas/poem';
import { filmSchema } from './schemas/film';
import { placeSchema } from './schemas/place';
import { siteSchema } from './schemas/site';
import { resourceSchema } from './schemas/resource';
import { materialSchema } from './schemas/material';
import { trainingSchema } from './schemas/training';
import { youSaidWeDidSchema } from './schemas/youSaidWeDid';

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

// The library for professionals and facilitators (issue 3): one folder per collection.
const resources = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/resources' }),
  schema: resourceSchema,
});

const materials = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/materials' }),
  schema: materialSchema,
});

const training = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/training' }),
  schema: trainingSchema,
});

const youSaidWeDid = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/you-said-we-did' }),
  schema: youSaidWeDidSchema,
});

export const collections = { poems, films, places, site, resources, materials, training, youSaidWeDid };
