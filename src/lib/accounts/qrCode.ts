// A QR code drawn on the server as SVG (qrcode), put in the page as it is: no script, no image
// from anywhere, nothing for the CSP to allow. Its label says what it is for those who cannot see it.
import QRCode from 'qrcode';

const escapeAttribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** text as an SVG QR code (error correction M, the usual 4-module quiet zone), with role="img" and its label. */
export async function qrCodeSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return svg.trim().replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(label)}" focusable="false" `);
}
