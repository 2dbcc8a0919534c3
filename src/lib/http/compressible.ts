// What is worth compressing, for the build's copies (src/integrations/precompress.mjs) and for
// on-demand responses (server.mjs) alike: text types by mime-db's list, and not the smallest bodies.
import compressible from 'compressible';
import { lookup } from 'mrmime';

/** Below this, a compressed body saves too little to be worth a Content-Encoding. */
export const MIN_COMPRESSED_BYTES = 256;

/** Whether a Content-Type is worth compressing (text, JSON, JavaScript, XML, SVG; not images, media or archives). */
export function isCompressibleType(contentType: string | number | string[] | undefined): boolean {
  if (typeof contentType !== 'string') return false;
  // mime-db counts unknown binary as compressible; Pagefind's index files are typed so and gzipped already.
  if (contentType.split(';')[0]!.trim().toLowerCase() === 'application/octet-stream') return false;
  return compressible(contentType) === true;
}

/** The same test by a built file's name, as a server would type it. */
export function isCompressibleFile(name: string): boolean {
  return isCompressibleType(lookup(name));
}
