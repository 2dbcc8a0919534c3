// npm run migrate: brings the PostgreSQL schema in DATABASE_URL up to date (the server also does at
// start; an advisory lock lets several start at once). The embedded store needs no migrations.
import pg from 'pg';
import { migrate } from '../src/lib/store/postgres/migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: the embedded store (DATA_DIR) has no migrations to run.');
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: url });
try {
  const ran = await migrate(pool);
  console.log(ran.length ? `Applied ${ran.join(', ')}.` : 'The schema is up to date.');
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
