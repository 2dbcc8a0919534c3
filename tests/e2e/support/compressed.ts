import { request } from 'node:http';

/** Fetches a path as a phone would (brotli or gzip) and returns the bytes on the wire. */
export function compressedSize(base: string, path: string): Promise<{ status: number; bytes: number; encoding?: string; type?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, encoding: res.headers['content-encoding'], type: res.headers['content-type'], body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
