// npm run purge: applies the retention rules now (the server also runs them at start and daily),
// on the store DATABASE_URL or DATA_DIR names: PostgreSQL at any time, the embedded store while the server is stopped.
import { describeLocation, openStore, storeLocation } from '../src/lib/store/store.ts';
import { StoreLockedError } from '../src/lib/store/lock.ts';
import { runRetention } from '../src/lib/moderation/retention.ts';
import { site } from '../src/lib/config.ts';

const location = storeLocation();
try {
  const store = await openStore(location);
  const report = await runRetention(store, site.retentionDays);
  await store.close();
  console.log(
    `Retention applied to ${describeLocation(location)}: ${report.expired} expired items deleted, ${report.concernTexts} concern texts deleted, ` +
      `${report.receipts} receipts expired, ${report.auditEntries} audit entries and ${report.sessions} sessions removed.`,
  );
} catch (error) {
  console.error(error instanceof StoreLockedError ? `${error.message} The running server applies retention itself, daily.` : `Purge failed: ${(error as Error).message}`);
  process.exit(1);
}
