import { describe, expect, it } from 'vitest';
import { qrCodeSvg } from '../../../src/lib/accounts/qrCode.ts';

describe('qrCodeSvg', () => {
  it('is one SVG, labelled as an image, with nothing a CSP would have to allow: no script, style, link or image', async () => {
    const svg = await qrCodeSvg('otpauth://totp/Voices:worker%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Voices', 'QR code for "Voices" & you');
    expect(svg).toMatch(/^<svg role="img" aria-label="QR code for &quot;Voices&quot; &amp; you" focusable="false" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"[^>]*>/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<script|<style|style=|href|<image|<foreignObject|url\(/i);
    expect(svg).toMatch(/<path [^>]*d="M/);
  });

  it('grows with what it holds', async () => {
    const size = async (text: string) => Number(/viewBox="0 0 (\d+)/.exec(await qrCodeSvg(text, 'QR'))![1]);
    expect(await size('x'.repeat(200))).toBeGreaterThan(await size('x'));
  });
});
