// Schema migrations: numbered plain SQL files in migrations/, each run once, in order, in a
// transaction of its own. An advisory lock lets one process migrate while any other that starts at
// the same moment waits, then finds nothing left to do.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pg from 'pg';

// From the project folder, where every npm script runs: the built server carries no copy of the files.
const MIGRATIONS = resolve('src/lib/store/postgres/migrations');
// Any fixed number: the lock is the database's, named by it.
const LOCK = 0x766f6963;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrations(): Migration[] {
  return readdirSync(MIGRATIONS)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .map((file) => ({ version: Number.parseInt(file, 10), name: file, sql: readFileSync(join(MIGRATIONS, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Runs the migrations not yet applied; returns the names of those it ran. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const ran: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const migration of migrations()) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${migration.name} failed, and was rolled back: ${(error as Error).message}`);
        }
        ran.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    }
  } finally {
    client.release();
  }
  return ran;
}
