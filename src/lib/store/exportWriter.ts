// Writing an export or a backup: it holds the server secret (without it no receipt code can be
// checked), so the file is private (0600) and written whole before it takes its name.
import { closeSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import type { VoicesExport } from './store.ts';

/** Writes the export to file: a temporary file (0600), synced, renamed into place. */
export function writeExportFile(file: string, data: VoicesExport): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(data)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Writes the export to standard output. Redirected to a file (`> voices-export.json`), the file is
 * made 0600 and written from its start, so npm's "> voices@… store" lines before it are not kept.
 */
export function writeExportToStdout(data: VoicesExport): void {
  const text = `${JSON.stringify(data)}\n`;
  if (fstatSync(1).isFile()) {
    fchmodSync(1, 0o600);
    ftruncateSync(1, 0);
    writeSync(1, text, 0);
  } else {
    process.stdout.write(text);
  }
}
