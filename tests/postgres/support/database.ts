// A database of its own for each test file, on the throwaway cluster `npm run test:postgres` starts
// with pg_virtualenv (which exports PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The cluster's address, or a clear error: these tests never skip. */
export function clusterUrl(database?: string): string {
  const { PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE } = process.env;
  if (!PGHOST || !PGUSER) {
    throw new Error('No PostgreSQL cluster: run these tests with `npm run test:postgres`, which starts a throwaway one with pg_virtualenv (Debian: apt-get install postgresql).');
  }
  const auth = `${encodeURIComponent(PGUSER)}${PGPASSWORD ? `:${encodeURIComponent(PGPASSWORD)}` : ''}`;
  return `postgres://${auth}@${PGHOST}:${PGPORT ?? 5432}/${encodeURIComponent(database ?? PGDATABASE ?? 'postgres')}`;
}

export interface TestDatabase {
  url: string;
  /** Its own MFA_KEY: every server and command on it needs the same one. */
  mfaKey: string;
  name: string;
  drop: () => Promise<void>;
}

/** A new, empty database on the cluster; drop() removes it (closing its connections first). */
export async function newDatabase(): Promise<TestDatabase> {
  const name = `voices_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: clusterUrl(name),
    mfaKey: randomBytes(32).toString('base64'),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: clusterUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
