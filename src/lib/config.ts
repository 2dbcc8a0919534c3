// content/site.yaml for code that runs outside Astro (server start, CLI scripts).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { siteSchema, type Site } from '../schemas/site.ts';

export function readSiteSettings(file: string | URL = new URL('../../content/site.yaml', import.meta.url)): Site {
  return siteSchema.parse(parse(readFileSync(file, 'utf8')));
}
