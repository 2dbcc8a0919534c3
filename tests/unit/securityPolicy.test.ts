// SECURITY.md says how to report a vulnerability and what the project promises, with the table
// of data kept from the safeguarding rules, and its periods match content/site.yaml.
// (`npm audit --omit=dev --audit-level=high` runs in .ci/run: it needs the registry.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const security = readFileSync('SECURITY.md', 'utf8');
const section = (heading: string) => {
  const start = security.indexOf(`## ${heading}\n`);
  expect(start, `SECURITY.md has no "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = security.indexOf('\n## ', start + 3);
  return security.slice(start, end === -1 ? undefined : end);
};

/** The "Data kept" table, row by row, as docs/safeguarding.md sets it out. */
const DATA_KEPT = [
  ['data', 'kept', 'until'],
  ["a submission's text", 'store', 'published: while published; declined or withdrawn: deleted at once; pending: 90 days; safeguarding concern: 30 days'],
  ['a receipt code', 'keyed hash only', '180 days'],
  ['facilitator accounts', 'store, argon2id password hash', 'until removed'],
  ['audit log', 'who, what, when, which id; never text', '2 years'],
  ['visitors', 'nothing', '-'],
];

function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()));
}

describe('SECURITY.md', () => {
  it('says how to report a vulnerability: privately, what to include, and when we answer', () => {
    const reporting = section('Reporting a vulnerability').replace(/\s+/g, ' ');
    expect(reporting).toMatch(/don't open a public issue/i);
    expect(reporting).toMatch(/private vulnerability reporting/i);
    expect(reporting).toMatch(/how to reproduce/i);
    expect(reporting).toMatch(/acknowledge a report within \d+ working days/i);
  });

  it('states the promises: no tracking, nothing about visitors kept or logged, the security headers', () => {
    const promises = section('What the project promises').replace(/\s+/g, ' ');
    for (const promise of [/no cookies/i, /IP address, user agent or other headers are never stored or logged/i, /never logged/i, /argon2id/i, /Content-Security-Policy/, /default-src 'none'/, /frame-ancestors 'none'/, /nosniff/, /no-referrer/]) {
      expect(promises).toMatch(promise);
    }
  });

  it('has the table of data kept, exactly as the safeguarding rules give it', () => {
    expect(tableRows(section('Data kept'))).toEqual(DATA_KEPT);
  });

  it('gives the same periods as content/site.yaml applies', () => {
    const { retentionDays } = parse(readFileSync('content/site.yaml', 'utf8')) as { retentionDays: Record<string, number> };
    const table = section('Data kept');
    expect(table).toContain(`pending: ${retentionDays.pending} days`);
    expect(table).toContain(`safeguarding concern: ${retentionDays.concern} days`);
    expect(table).toContain(`| ${retentionDays.receipt} days |`);
    expect(retentionDays.audit / 365).toBe(2);
  });
});
