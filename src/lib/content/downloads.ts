import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

interface DownloadFacts {
  /** Size on disk in bytes. */
  bytes: number;
  /** The size as people read it, e.g. "4.8 KB". */
  size: string;
  /** What kind of file it is, in words, e.g. "PDF". */
  kind: string;
  /** The MIME type the server sends it with, for the link's type attribute. */
  mime: string;
}

/** "812 bytes", "4.8 KB", "1.2 MB": one decimal place, 1 KB = 1,024 bytes. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = (bytes / 1024).toFixed(1);
  // Just under 1 MB would round to "1024.0 KB": say "1.0 MB" instead.
  if (Number(kb) < 1024) return `${kb} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Recognises a file by its first bytes, so a link never claims a type the file is not. */
function sniff(bytes: Buffer, extension: string): { kind: string; mime: string } {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    if (extension === '.pdf') return { kind: 'PDF', mime: 'application/pdf' };
  } else if (extension === '.txt') {
    // Throws on bytes that are not UTF-8, so a binary file named .txt stops the build.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!bytes.includes(0)) return { kind: 'Plain text', mime: 'text/plain' };
  }
  throw new Error(`${extension || 'a file with no extension'} does not match its contents, or is a type the site does not know`);
}

/**
 * Reads a download under public/ at build time and says what it really is.
 * A missing or mislabelled file stops the build, naming it.
 */
export function downloadFacts(file: string, publicDir = join(process.cwd(), 'public')): DownloadFacts {
  const path = join(publicDir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`download ${file} is missing: put the file in public${file}`);
  }
  try {
    return { bytes: bytes.length, size: formatBytes(bytes.length), ...sniff(bytes, extname(file).toLowerCase()) };
  } catch (error) {
    throw new Error(`download ${file}: ${(error as Error).message}`);
  }
}
