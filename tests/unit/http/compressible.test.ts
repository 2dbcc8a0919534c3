import { describe, expect, it } from 'vitest';
import { isCompressibleFile, isCompressibleType } from '../../../src/lib/http/compressible.ts';

describe('what is worth compressing', () => {
  it('text, markup, scripts, styles, JSON, SVG and captions', () => {
    for (const type of ['text/html', 'text/html; charset=utf-8', 'text/css', 'text/javascript', 'application/json', 'application/xml', 'image/svg+xml', 'text/vtt', 'text/plain;charset=utf-8']) {
      expect(isCompressibleType(type), type).toBe(true);
    }
  });

  it('not images, video, PDFs, fonts, unknown binary (Pagefind\'s gzipped index) or no type at all', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm', 'application/pdf', 'font/woff2', 'application/octet-stream', undefined]) {
      expect(isCompressibleType(type), String(type)).toBe(false);
    }
  });

  it('says the same of a built file by its name', () => {
    for (const name of ['index.html', 'client.BFbS1LfH.js', 'sitemap-0.xml', 'favicon.svg', 'pieces-of-me-sample.en.vtt', 'is-this-ok.txt', 'pagefind-entry.json']) expect(isCompressibleFile(name), name).toBe(true);
    for (const name of ['pieces-of-me-sample.mp4', 'pieces-of-me-sample.jpg', 'checklist.pdf', 'en_1a2b.pf_fragment', 'wasm.en.pagefind', 'index.html.br']) expect(isCompressibleFile(name), name).toBe(false);
  });
});
