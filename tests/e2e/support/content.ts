// Reads content files straight from disk, so browser tests compare pages with the source, not
// with the code that built them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface ContentFile<T = Record<string, unknown>> {
  id: string;
  data: T;
  /** The Markdown after the frontmatter. */
  body: string;
}

/** Every entry in content/<folder>/, sorted by file name. */
export function readContent<T = Record<string, unknown>>(folder: string): ContentFile<T>[] {
  const dir = join(ROOT, 'content', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const [, front = '', body = ''] = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(readFileSync(join(dir, name), 'utf8')) ?? [];
      return { id: name.replace(/\.md$/, ''), data: parse(front) as T, body };
    });
}

/** content/places.yaml as written. */
export function readPlaces(): { id: string; name: string; kind: 'hub' | 'spoke'; hub?: string; reach: string }[] {
  return parse(readFileSync(join(ROOT, 'content', 'places.yaml'), 'utf8'));
}

export interface ResourceFile {
  title: string;
  summary: string;
  audience: string[];
  topics: string[];
  reviewDue: string | Date;
  download?: { file: string; label: string };
}

export interface MaterialFile {
  title: string;
  places?: string[];
}

/** YAML turns an unquoted 2026-06-02 into a Date; a quoted one stays a string. Both mean that UTC day. */
export const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(`${value}T00:00:00Z`));
