// Site search on /search/ (and /ar/search/…). Pagefind (its script, WebAssembly and the index of
// the page's language) is fetched only when someone searches, so the page costs almost nothing
// until then. The query never goes in the address bar, so it never lands in the browser's history.
// What it says is in the status line's data attributes, in the page's language.

interface PagefindResult {
  url: string;
  meta: { title?: string };
  /** Plain text with the matched words wrapped in <mark>. */
  excerpt: string;
}
interface Pagefind {
  search(term: string): Promise<{ results: { data(): Promise<PagefindResult> }[] } | null>;
}

const PAGEFIND_URL = '/pagefind/pagefind.js';
const SHOWN = 20;

let pagefind: Promise<Pagefind> | undefined;
// Kept in a variable so the bundler leaves it alone: the file only exists after the build.
const loadPagefind = () => (pagefind ??= import(/* @vite-ignore */ PAGEFIND_URL) as Promise<Pagefind>);

/** Rebuilds an excerpt from text and <mark> only: nothing else in it can become markup. */
function excerptNodes(html: string): Node[] {
  const parsed = new DOMParser().parseFromString(html, 'text/html').body;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent ?? '');
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

function resultItem(result: PagefindResult): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.meta.title ?? result.url;
  // A page in one language can quote another (a poem stays in its own): let each line find its direction.
  link.dir = 'auto';
  heading.append(link);
  const excerpt = document.createElement('p');
  excerpt.dir = 'auto';
  excerpt.append(...excerptNodes(result.excerpt));
  item.append(heading, excerpt);
  return item;
}

export function initSiteSearch(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('[data-search-form]');
  const input = form?.querySelector<HTMLInputElement>('input[type="search"]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLOListElement>('[data-search-results]');
  if (!form || !input || !status || !list) return;
  form.hidden = false;
  root.querySelector('[data-search-nojs]')?.setAttribute('hidden', '');

  const words = status.dataset;
  const lang = root.documentElement.lang;
  const count = new Intl.NumberFormat(lang, { numberingSystem: 'latn' });
  const rules = new Intl.PluralRules(lang);
  const say = (text = '', values: Record<string, string> = {}) => {
    status.textContent = text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  };
  const sayCount = (json = '{}', n: number, values: Record<string, string>) => {
    const forms = JSON.parse(json) as Record<string, string>;
    say(forms[rules.select(n)] ?? forms.other, { ...values, count: count.format(n) });
  };

  let latest = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const term = input.value.trim();
    const run = ++latest;
    list.replaceChildren();
    if (!term) return say(words.empty);
    say(words.searching);
    try {
      const found = (await (await loadPagefind()).search(term))?.results ?? [];
      const results = await Promise.all(found.slice(0, SHOWN).map((r) => r.data()));
      if (run !== latest) return;
      list.replaceChildren(...results.map(resultItem));
      if (found.length === 0) say(words.none, { term });
      else sayCount(found.length > SHOWN ? words.firstShown : words.results, found.length, { term, shown: count.format(SHOWN) });
    } catch {
      if (run === latest) say(words.failed);
    }
  });
}
