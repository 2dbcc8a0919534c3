import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { poemSchema } from './schemas/poem';
import { filmSchema } from './schemas/film';
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

// site.yaml and places.yaml are settings, not collections: src/lib/config.ts reads them.

// The library for professionals and facilitators: one folder per collection.
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

export const collections = { poems, films, resources, materials, training, youSaidWeDid };
