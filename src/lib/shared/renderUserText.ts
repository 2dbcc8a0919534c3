// The one renderer for text people type (submissions, facilitators' replies): Markdown with line
// breaks kept, raw HTML shown as text, then a tiny allowlist. Nothing else turns user text into HTML.
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  breaks: true,
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML is words someone typed, not markup.
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    // Links and images become their text: no URLs are ever made clickable or loaded.
    link: ({ text }: Tokens.Link) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => escapeHtml(text),
  },
});

const ALLOWED = { allowedTags: ['p', 'br', 'em', 'strong', 'blockquote', 'ul', 'ol', 'li'], allowedAttributes: {} };

export function renderUserText(text: string): string {
  return sanitizeHtml(marked.parse(text) as string, ALLOWED);
}
