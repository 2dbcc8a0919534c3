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
    // So is an entity ("&lt;" shows as typed, not as "<"), and so is text after a typed <script> or
    // <pre>, which marked would pass on unescaped (and sanitize-html then drop as broken tags).
    text(token: Tokens.Text | Tokens.Escape) {
      if ('tokens' in token && token.tokens) return false;
      return token.type === 'text' ? escapeHtml(token.raw) : false;
    },
    // Links and images become their text: no URLs are ever made clickable or loaded.
    link: ({ text }: Tokens.Link) => escapeHtml(text),
    image: ({ text }: Tokens.Image) => escapeHtml(text),
  },
});

const ALLOWED = { allowedTags: ['p', 'br', 'em', 'strong', 'blockquote', 'ul', 'ol', 'li'], allowedAttributes: {} };

// A list may not carry `start`, so a line such as "2004. The year I…" would be shown as "1.":
// a numbered line that does not continue a list is kept as the words typed.
const ORDERED = /^( {0,3})(\d{1,9})([.)])(?=\s|$)/;
function keepNumbers(text: string): string {
  let inList = false;
  return text
    .split('\n')
    .map((line) => {
      const m = ORDERED.exec(line);
      const starts = m !== null && m[2] !== '1' && !inList;
      inList = m !== null || (inList && line.trim() !== '');
      return starts ? `${m[1]}${m[2]}\\${m[3]}${line.slice(m[0].length)}` : line;
    })
    .join('\n');
}

export function renderUserText(text: string): string {
  return sanitizeHtml(marked.parse(keepNumbers(text)) as string, ALLOWED);
}
