// Moving the data between stores (embedded and PostgreSQL, either way):
//   npm run store -- export > voices-export.json      everything, with the server secret (file made 0600)
//   npm run store -- import voices-export.json        into an empty store only
// The store is the one DATABASE_URL or DATA_DIR names. The embedded store is used while the server
// is stopped; on PostgreSQL, import before starting the servers (they read the secret at start).
import { readFileSync } from 'node:fs';
import { describeLocation, openStore, storeLocation, StoreNotEmptyError } from '../src/lib/store/store.ts';
import { StoreLockedError } from '../src/lib/store/lock.ts';
import { writeExportToStdout } from '../src/lib/store/exportWriter.ts';

const USAGE = `Usage: npm run store -- export > voices-export.json
       npm run store -- import voices-export.json

export  writes everything in the store as JSON to standard output: submissions, receipts (with the
        server secret that checks them), accounts, prompts, workshop codes and the audit log.
        Keep the file as safe as the data itself.
import  loads such a file into an empty store (refused if the store holds anything).

The store is PostgreSQL when DATABASE_URL is set, else the embedded store in DATA_DIR (default ./data).`;

async function main([command, file, ...rest]: string[]): Promise<number> {
  if ((command !== 'export' && command !== 'import') || (command === 'import' ? !file : file !== undefined) || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const location = storeLocation();
  let text = '';
  if (command === 'import') {
    try {
      text = readFileSync(file!, 'utf8');
    } catch (error) {
      console.error(`Could not read ${file}: ${(error as Error).message}`);
      return 1;
    }
  }
  const store = await openStore(location);
  try {
    if (command === 'export') {
      writeExportToStdout(await store.exportAll());
      console.error(`Exported ${describeLocation(location)}. The file holds the server secret: keep it private.`);
    } else {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        console.error(`${file} is not JSON (${(error as Error).message}): nothing was imported.`);
        return 1;
      }
      await store.importAll(data as never);
      const counts = data as { submissions: unknown[]; facilitators: unknown[]; prompts: unknown[] };
      console.error(
        `Imported into ${describeLocation(location)}: ${counts.submissions.length} submissions, ${counts.facilitators.length} accounts, ${counts.prompts.length} prompts, with workshop codes, the audit log and the server secret.`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof StoreLockedError ? `${error.message} Stop the server first.` : (error as Error).message;
  console.error(error instanceof StoreNotEmptyError || error instanceof StoreLockedError ? message : `Could not do that: ${message}`);
  process.exitCode = 1;
}
