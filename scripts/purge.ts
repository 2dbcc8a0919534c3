// npm run purge: applies the retention rules now (the server also runs them at start and daily).
import { openStore, StoreLockedError } from '../src/lib/store/store.ts';
import { resolveDataDir } from '../src/lib/store/dataDir.ts';
import { runRetention } from '../src/lib/moderation/retention.ts';
import { site } from '../src/lib/config.ts';

const dataDir = resolveDataDir();
try {
  const store = await openStore(dataDir);
  const report = await runRetention(store, site.retentionDays);
  await store.close();
  console.log(
    `Retention applied to ${dataDir}: ${report.expired} expired items deleted, ${report.concernTexts} concern texts deleted, ` +
      `${report.receipts} receipts expired, ${report.auditEntries} audit entries and ${report.sessions} sessions removed.`,
  );
} catch (error) {
  console.error(error instanceof StoreLockedError ? `${error.message} The running server applies retention itself, daily.` : `Purge failed: ${(error as Error).message}`);
  process.exit(1);
}
