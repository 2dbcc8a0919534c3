import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadFacts } from '../../../src/lib/content/downloads';

describe('downloadFacts', () => {
  const publicDir = mkdtempSync(join(tmpdir(), 'voices-downloads-'));
  mkdirSync(join(publicDir, 'downloads'));
  afterAll(() => rmSync(publicDir, { recursive: true, force: true }));
  const put = (name: string, bytes: string | Buffer) => writeFileSync(join(publicDir, 'downloads', name), bytes);

  it.each([
    [0, '0 bytes'],
    [812, '812 bytes'],
    [1024, '1.0 KB'],
    [4900, '4.8 KB'],
    [1024 * 1024 - 1, '1.0 MB'],
    [1024 * 1024 * 1.25, '1.3 MB'],
  ])('gives the size of %i bytes as %s', (bytes, text) => {
    put(`size-${bytes}.txt`, 'a'.repeat(bytes));
    expect(downloadFacts(`/downloads/size-${bytes}.txt`, publicDir)).toMatchObject({ bytes, size: text });
  });

  it('reads the real size and type of a PDF and a text file', () => {
    put('guide.pdf', '%PDF-1.4\n' + 'x'.repeat(2000) + '\n%%EOF\n');
    put('leaflet.txt', 'Childline 0800 1111\n');
    expect(downloadFacts('/downloads/guide.pdf', publicDir)).toEqual({ bytes: 2016, size: '2.0 KB', kind: 'PDF', mime: 'application/pdf' });
    expect(downloadFacts('/downloads/leaflet.txt', publicDir)).toEqual({ bytes: 20, size: '20 bytes', kind: 'Plain text', mime: 'text/plain' });
  });

  it('stops the build for a missing file, naming it', () => {
    expect(() => downloadFacts('/downloads/gone.pdf', publicDir)).toThrow('download /downloads/gone.pdf is missing');
  });

  it('refuses a file whose contents do not match its extension', () => {
    put('fake.pdf', 'not a pdf at all');
    put('binary.txt', Buffer.from([0x25, 0x00, 0x41]));
    put('bad-utf8.txt', Buffer.from([0xff, 0xfe, 0x41]));
    put('pdf-named.txt', '%PDF-1.4\n%%EOF\n');
    for (const name of ['fake.pdf', 'binary.txt', 'bad-utf8.txt', 'pdf-named.txt']) {
      expect(() => downloadFacts(`/downloads/${name}`, publicDir), name).toThrow(`download /downloads/${name}`);
    }
  });

  it('refuses a type the site does not know', () => {
    put('sheet.xlsx', 'PK\u0003\u0004');
    expect(() => downloadFacts('/downloads/sheet.xlsx', publicDir)).toThrow('a type the site does not know');
  });

  it('describes every download the sample resources use', () => {
    for (const file of ['first-conversation-checklist.pdf', 'responding-to-a-disclosure.pdf', 'is-this-ok.txt', 'recording-a-concern-template.txt']) {
      expect(downloadFacts(`/downloads/${file}`).bytes).toBeGreaterThan(0);
    }
  });
});
