// npm run backup -- <file>: a consistent snapshot of the store while the server runs, as an export
// file (restore it with `npm run store -- import <file>` into an empty store).
//   Embedded: voices.json is replaced whole by each write (docs/durability.md), so one read of it is
//   one committed state, in order with the store's own writes; with the server secret beside it.
//   PostgreSQL: every table read in one REPEATABLE READ transaction (pg_dump also works: README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeLocation, openStore, storeLocation } from '../src/lib/store/store.ts';
import { exportOf, parseVoicesData } from '../src/lib/store/lowStore.ts';
import { writeExportFile } from '../src/lib/store/exportWriter.ts';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run backup -- <file>   (the file holds the server secret: keep it private)');
  process.exit(2);
}

const location = storeLocation();
try {
  if ('dataDir' in location) {
    const dataFile = join(location.dataDir, 'voices.json');
    const data = parseVoicesData(JSON.parse(readFileSync(dataFile, 'utf8')), dataFile);
    writeExportFile(file, exportOf(data, readFileSync(join(location.dataDir, 'secret.key'))));
  } else {
    const store = await openStore(location);
    try {
      writeExportFile(file, await store.exportAll());
    } finally {
      await store.close();
    }
  }
  console.log(`Backed up ${describeLocation(location)} to ${file} (0600). Restore with: npm run store -- import ${file}`);
} catch (error) {
  console.error(`Backup failed, nothing was written: ${(error as Error).message}`);
  process.exit(1);
}
