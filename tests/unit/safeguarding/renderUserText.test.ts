import { describe, expect, it } from 'vitest';
import { renderUserText } from '../../../src/lib/safeguarding/renderUserText.ts';

const ALLOWED = new Set(['p', 'br', 'em', 'strong', 'blockquote', 'ul', 'ol', 'li']);

/** Every real tag in the output (escaped text like `&lt;b&gt;` is not a tag). */
function tags(html: string): { name: string; rest: string }[] {
  return [...html.matchAll(/<\/?([A-Za-z][\w:-]*)([^>]*)>/g)].map((m) => ({ name: m[1]!.toLowerCase(), rest: m[2]! }));
}

/** What a reader sees: tags gone, <br> as a line break, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&amp;/g, '&');
}

/** The guarantees that hold for any input at all. */
function expectSafe(html: string): void {
  for (const tag of tags(html)) {
    expect(ALLOWED.has(tag.name), `tag <${tag.name}> in ${html}`).toBe(true);
    // No attributes survive on any tag: at most the self-closing slash of <br />.
    expect(tag.rest.trim(), `attributes on <${tag.name}> in ${html}`).toMatch(/^\/?$/);
  }
  expect(html).not.toMatch(/<a[\s>]/i);
  expect(html).not.toMatch(/<(script|style|iframe|svg|img|object|embed|form|input|math|link|meta)\b/i);
  // Inside a real tag nothing like href=, src= or on…= can appear (checked above); outside one it is only text.
  const markup = tags(html)
    .map((t) => t.rest)
    .join(' ');
  expect(markup).not.toMatch(/href|src\s*=|on\w+\s*=|style\s*=/i);
}

describe('renderUserText: what a young person writes is kept', () => {
  it('keeps a poem’s line breaks as <br>', () => {
    const poem = 'I am the quiet\nin the back of the bus\nI am the noise\nnobody hears';
    const html = renderUserText(poem);
    expect(html.match(/<br \/>/g)).toHaveLength(3);
    expect(html.trim()).toBe('<p>I am the quiet<br />in the back of the bus<br />I am the noise<br />nobody hears</p>');
    expect(visible(html).trim()).toBe(poem);
  });

  it('makes paragraphs of blank-line separated verses', () => {
    const html = renderUserText('verse one\nline two\n\nverse two');
    expect(html.trim()).toBe('<p>verse one<br />line two</p>\n<p>verse two</p>');
  });

  it('allows emphasis, strong, blockquote and lists', () => {
    expect(renderUserText('*soft* and _soft_ and **loud**')).toContain('<em>soft</em> and <em>soft</em> and <strong>loud</strong>');
    expect(renderUserText('> they said\n> it was my fault')).toMatch(/^<blockquote>\s*<p>they said<br \/>it was my fault<\/p>\s*<\/blockquote>/);
    const lists = renderUserText('- one\n- two\n\n1. first\n2. second');
    expect(lists).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(lists).toMatch(/<ol>\s*<li>first<\/li>\s*<li>second<\/li>\s*<\/ol>/);
    expectSafe(lists);
  });

  it('keeps no attribute where Markdown would add one: a list starting at 3 keeps its numbers as text', () => {
    const html = renderUserText('3. third\n4. fourth');
    expect(html).toBe('<p>3. third<br />4. fourth</p>\n');
    expect(html).not.toMatch(/start=/);
    expectSafe(html);
  });

  it('shows plain text with special characters exactly as typed', () => {
    for (const text of [
      'I <3 you',
      'tom & jerry',
      'she said "no" and meant it',
      "it's not 'fine'",
      '1 < 2 > 0',
      'a <3 & "b" \'c\' > d',
      'x<y',
    ]) {
      const html = renderUserText(text);
      expectSafe(html);
      expect(visible(html).trim(), text).toBe(text);
    }
  });

  it('shows entities as typed: "&lt;", "&#60;" and "&hearts;" are words, not markup', () => {
    for (const text of ['&lt;script&gt;alert(1)&lt;/script&gt;', '&#60;img src=x&#62;', 'I &hearts; you &amp; AT&T', '&#x3C;b&#x3E;', 'a &nbsp; b', '&#0;']) {
      const html = renderUserText(text);
      expectSafe(html);
      expect(visible(html).trim(), text).toBe(text);
    }
    // In a list, a quote, emphasis and a heading too.
    expect(visible(renderUserText('- &amp;\n\n*&lt;*\n\n> &quot;\n\n# &gt;')).replace(/\s+/g, ' ').trim()).toBe('&amp; &lt; &quot; &gt;');
  });

  it('keeps the words after a typed <script>, <pre> or <style> that is never closed properly', () => {
    for (const text of ['<sc<script>ript>alert(123)</sc</script>ript>', '"><script>alert(123);</script x="', '<pre>a</pre x', '<script>x <img src=x onerror=alert(1)//', '<style>body{}</s']) {
      const html = renderUserText(text);
      expectSafe(html);
      expect(visible(html).trim(), text).toBe(text);
    }
  });

  it('escapes every < that was typed', () => {
    const html = renderUserText('I <3 you and <3 them');
    expect(html).toContain('I &lt;3 you and &lt;3 them');
    expect(html).not.toMatch(/<3/);
  });

  it('gives nothing for nothing', () => {
    expect(renderUserText('').trim()).toBe('');
  });
});

describe('renderUserText: nothing typed becomes active markup', () => {
  const attacks: [string, string][] = [
    ['script', '<script>alert(1)</script>'],
    ['script inline', 'hello <script>alert(1)</script> there'],
    ['event handler', '<b onclick="alert(1)">bold</b>'],
    ['event handler on an allowed tag', '<p onmouseover="alert(1)">para</p>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['img onerror inline', 'look <img src=x onerror="alert(1)"> here'],
    ['svg', '<svg onload=alert(1)><circle r="1"/></svg>'],
    ['svg inline', 'a <svg><script>alert(1)</script></svg> b'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['style', '<style>body { display: none }</style>'],
    ['style attribute', '<em style="color:red">red</em>'],
    ['raw link', '<a href="https://evil.example/">click</a>'],
    ['raw javascript link', 'go <a href="javascript:alert(1)">here</a>'],
    ['form', '<form action="https://evil.example/"><input name=x></form>'],
    ['comment', '<!-- hidden -->'],
    ['emphasis around a tag', '*<img src=x onerror=alert(1)>*'],
    ['tag in a list', '- <img src=x onerror=alert(1)>'],
    ['tag in a blockquote', '> <script>alert(1)</script>'],
    ['code span', '`<script>alert(1)</script>`'],
    ['code block', '```\n<script>alert(1)</script>\n```'],
    ['heading', '# <script>alert(1)</script>'],
    ['mixed-case tag', '<ScRiPt>alert(1)</sCrIpT>'],
    ['unclosed tag', '<img src=x onerror=alert(1)//'],
    ['entity-encoded tag', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['numeric entity tag', '&#60;img src=x onerror=alert(1)&#62;'],
  ];

  for (const [name, input] of attacks) {
    it(`shows ${name} as text: ${JSON.stringify(input)}`, () => {
      const html = renderUserText(input);
      expectSafe(html);
    });
  }

  it('shows raw HTML tags as escaped text, so the words are still there', () => {
    const html = renderUserText('hello <script>alert(1)</script> there');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(visible(html).trim()).toBe('hello <script>alert(1)</script> there');
    expect(renderUserText('<b onclick="x()">bold</b>')).toContain('&lt;b onclick="x()"&gt;bold&lt;/b&gt;');
    expect(renderUserText('<img src=x onerror=alert(1)>')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderUserText('<iframe src="https://evil.example/"></iframe>')).toContain('&lt;iframe');
    expect(renderUserText('<style>body{}</style>')).toContain('&lt;style&gt;');
    expect(renderUserText('<svg onload=alert(1)>')).toContain('&lt;svg');
  });

  it('turns markdown links into their text only: no href, no URL', () => {
    for (const input of [
      '[click me](javascript:alert(1))',
      '[click me](https://evil.example/path)',
      '[click me](  javascript:alert(1)  "title")',
      '[click me][ref]\n\n[ref]: https://evil.example/path',
      '[click me](<https://evil.example/path>)',
    ]) {
      const html = renderUserText(input);
      expectSafe(html);
      expect(html).not.toMatch(/href|javascript:|evil\.example/i);
      expect(visible(html).trim(), input).toBe('click me');
    }
  });

  it('does not make bare URLs or emails clickable', () => {
    for (const input of ['<https://evil.example/>', 'https://evil.example/', 'www.evil.example', 'me@evil.example', '<me@evil.example>']) {
      const html = renderUserText(input);
      expectSafe(html);
      expect(html).not.toMatch(/href|mailto:/i);
    }
  });

  it('turns markdown images into their alt text: nothing is loaded', () => {
    for (const input of [
      '![a cat](https://evil.example/track.png)',
      '![a cat](javascript:alert(1))',
      '![a cat][img]\n\n[img]: https://evil.example/track.png',
    ]) {
      const html = renderUserText(input);
      expectSafe(html);
      expect(html).not.toMatch(/src|href|evil\.example|<img/i);
      expect(visible(html).trim(), input).toBe('a cat');
    }
  });

  it('makes nothing of an image inside a link (its source shows as plain text at worst)', () => {
    const html = renderUserText('[![a cat](https://evil.example/x.png)](https://evil.example/)');
    expectSafe(html);
    expect(html).not.toMatch(/<img|href=|src=/i);
  });

  it('escapes markup smuggled into link and image text', () => {
    for (const input of ['[<img src=x onerror=alert(1)>](https://e.example)', '![<script>alert(1)</script>](https://e.example)']) {
      const html = renderUserText(input);
      expectSafe(html);
      expect(html).toContain('&lt;');
    }
  });

  it('survives a long hostile mix', () => {
    const input = Array.from({ length: 50 }, (_, i) => `line ${i} <img src=x onerror=alert(${i})> [x](javascript:${i}) *<svg onload=${i}>*`).join('\n');
    expectSafe(renderUserText(input));
  });
});

describe('numbers at the start of a line', () => {
  it('keeps a number that is not the start of a list as typed', () => {
    expect(renderUserText('2004. The year I was born')).toBe('<p>2004. The year I was born</p>\n');
    expect(renderUserText('1. one\n2. two')).toContain('<ol>');
  });
});
