// The built site (dist/client) through sirv: the build's brotli and gzip copies, ETags and 304s,
// byte ranges for video, no dotfiles. Anything it does not have goes on to Astro's handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lookup } from 'mrmime';
import sirv from 'sirv';

/** Named by a hash of their content, so never changed: Astro's assets and Pagefind's fragments. */
const HASHED = /^\/(_astro|pagefind\/fragment)\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';

type Step = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Serves built files for GET and HEAD; isPage tells the built pages, which revalidate, from other files. */
export function serveBuiltFiles(root: string, isPage: (path: string) => boolean): Step {
  const serve = sirv(root, {
    brotli: true,
    gzip: true,
    etag: true,
    setHeaders(res, path) {
      const type = lookup(path);
      if (type?.startsWith('text/')) res.setHeader('Content-Type', `${type}; charset=utf-8`);
    },
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Set before sirv answers, so that a 304 says it too; Astro's answer (no such file) replaces it.
    const path = (req.url ?? '/').split('?')[0]!;
    if (HASHED.test(path)) res.setHeader('Cache-Control', IMMUTABLE);
    else if (isPage(path)) res.setHeader('Cache-Control', 'no-cache');
    serve(req, res, next);
  };
}
