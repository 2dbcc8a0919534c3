// The goals in bench/README.md, checked against the results, and the printed tables.

import { withoutLanguage } from '../src/i18n/paths.ts';

const KB = 1024;
export const BUDGETS = { firstPaint: 14 * KB, allButMedia: 30 * KB, quickExitJs: 2 * KB, searchPageJs: 4 * KB, shareJs: 25 * KB };
const CONTENT_EXCLUDED = new Set(['/share/', '/voices/']);
// A page in any language is held to its English page's budget (/ar/search/ as /search/).
const inEnglish = (w) => withoutLanguage(w.path);

export function evaluateGoals(r) {
  const goals = [];
  const goal = (id, text, met, detail) => goals.push({ id, goal: text, met, detail });

  const content = r.weights.filter((w) => !CONTENT_EXCLUDED.has(inEnglish(w)));
  const overPaint = content.filter((w) => w.firstPaint > BUDGETS.firstPaint);
  const overAll = content.filter((w) => w.allButMedia > BUDGETS.allButMedia);
  const badJs = content.filter((w) => w.jsFiles > 0 || w.inlineJs > (inEnglish(w) === '/search/' ? BUDGETS.searchPageJs : BUDGETS.quickExitJs));
  const share = r.weights.find((w) => w.path === '/share/');
  const shareJs = share ? share.js + share.inlineJs : Infinity;
  const maxOf = (key) => Math.max(...content.map((w) => w[key]));
  goal('bytes', 'content pages: HTML + render-blocking CSS ≤ 14 KB, all but media ≤ 30 KB, JS only the quick exit (≤ 2 KB); share page JS ≤ 25 KB',
    overPaint.length === 0 && overAll.length === 0 && badJs.length === 0 && shareJs <= BUDGETS.shareJs,
    `${content.length} content pages: largest first paint ${maxOf('firstPaint')} B, largest all-but-media ${maxOf('allButMedia')} B, largest inline JS ${maxOf('inlineJs')} B, JS files on content pages ${content.reduce((n, w) => n + w.jsFiles, 0)}; share page JS ${shareJs} B` +
      [...overPaint, ...overAll, ...badJs].map((w) => `; over: ${w.path}`).join(''));

  if (r.lighthouse) {
    const below = r.lighthouse.filter((p) => Object.values(p.scores).some((s) => s < 100));
    goal('lighthouse', 'Lighthouse mobile 100 in all four categories on every measured page', below.length === 0,
      below.length === 0 ? `${r.lighthouse.length} pages, all 100` : below.map((p) => `${p.path} ${Object.entries(p.scores).filter(([, s]) => s < 100).map(([c, s]) => `${c} ${s}`).join(', ')} (${p.failing.join(', ')})`).join('; '));
  }

  const staticNode = r.load.staticNode;
  const staticNginx = r.load.staticNginx;
  if (staticNode && staticNginx) {
    const ratio = staticNode.rps / staticNginx.rps;
    goal('static', 'static page from Node ≥ 0.8 of nginx requests/s (same run)', ratio >= 0.8, `Node ${staticNode.rps} req/s, nginx ${staticNginx.rps} req/s: ratio ${ratio.toFixed(2)}`);
  }

  for (const [kind, loads] of Object.entries(r.stores ?? {})) {
    const stored = loads.shareStored;
    goal(`stored-${kind}`, `${kind} store: every accepted share stored`, stored.missing === 0,
      `${stored.accepted} accepted in all share runs, ${stored.found} found in the store, ${stored.missing} missing`);
    const at100 = loads.rates?.find((run) => run.rate === 100);
    if (at100) goal(`rate100-${kind}`, `${kind} store: at 100 shares a second offered (open loop), p99 ≤ 50 ms`, at100.p99Ms <= 50 && at100.non2xx === 0,
      `p99 ${at100.p99Ms} ms, p50 ${at100.p50Ms} ms, ${at100.rps} done a second, non-2xx ${at100.non2xx}`);
    const sustained = (loads.rates ?? []).filter((run) => run.p99Ms <= 100 && run.non2xx === 0 && run.rps >= run.rate * 0.95);
    const best = sustained.at(-1);
    goal(`ratemax-${kind}`, `${kind} store: the highest offered share rate with p99 ≤ 100 ms (reported)`, best !== undefined,
      best ? `${best.rate} a second (p99 ${best.p99Ms} ms); next tried: ${loads.rates.find((run) => run.rate > best.rate)?.rate ?? 'none'}` : 'not even 100 a second');
    const share50 = loads.share.find((run) => run.connections === 50);
    goal(`share50-${kind}`, `${kind} store: share POST at 50 connections, p99 ≤ 50 ms`, share50.p99Ms <= 50 && share50.non2xx === 0, `p99 ${share50.p99Ms} ms, ${share50.rps} req/s; non-2xx ${share50.non2xx}`);
    for (const [key, name] of [['voices', '/voices/'], ['queue', 'the moderation queue']]) {
      const run = loads[key];
      goal(`${key}-${kind}`, `${kind} store: ${name}, p99 ≤ 50 ms at 10 connections`, run.p99Ms <= 50 && run.non2xx === 0, `p99 ${run.p99Ms} ms, p50 ${run.p50Ms} ms, ${run.rps} req/s, non-2xx ${run.non2xx}`);
    }
  }

  if (r.builds?.length >= 3) {
    const [base, small, large] = r.builds;
    const perSmall = (small.seconds - base.seconds) / small.generated;
    const perLarge = (large.seconds - base.seconds) / large.generated;
    // Linear: each entry costs no more at 1,000 than at 100 (a little noise allowed).
    goal('build', 'build time grows no worse than linearly from 100 to 1,000 entries', perLarge <= perSmall * 1.25 || large.seconds <= (small.seconds * large.generated) / small.generated,
      `${base.seconds} s with none, ${small.seconds} s with ${small.generated}, ${large.seconds} s with ${large.generated}: ${(perSmall * 1000).toFixed(0)} ms per entry at ${small.generated}, ${(perLarge * 1000).toFixed(0)} ms per entry at ${large.generated}`);
  }

  const h = r.headers;
  goal('caching', 'hashed assets immutable for a year, HTML revalidated, responses compressed',
    h.asset.cacheControl === 'public, max-age=31536000, immutable' && h.html.cacheControl === 'no-cache' && ['br', 'gzip'].includes(h.html.encoding) && ['br', 'gzip'].includes(h.asset.encoding) && ['br', 'gzip'].includes(h.onDemand.encoding),
    `asset: ${h.asset.cacheControl} (${h.asset.encoding}); HTML: ${h.html.cacheControl} (${h.html.encoding}); /voices/: ${h.onDemand.cacheControl} (${h.onDemand.encoding})`);
  return goals;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function renderTables(r) {
  const out = [];
  const pick = r.weights.filter((w) => r.lighthouse?.some((l) => l.path === w.path) || ['/search/', '/poems/'].includes(w.path));
  const max = (key) => Math.max(...r.weights.filter((w) => !CONTENT_EXCLUDED.has(w.path)).map((w) => w[key]));
  out.push(`### Page weight (compressed bytes; ${r.weights.length} pages measured, the rest are in results.json)\n`);
  out.push(table(['page', 'HTML', 'CSS', 'JS files', 'inline JS', 'media', 'HTML+CSS', 'all but media', 'video (on play)'],
    [...pick.map((w) => [w.path, w.html, w.css, w.js, w.inlineJs, w.media, w.firstPaint, w.allButMedia, w.video]),
      ['largest content page', '', '', '', max('inlineJs'), '', max('firstPaint'), max('allButMedia'), '']]));
  if (r.lighthouse) {
    out.push('\n### Lighthouse, mobile (median of 3)\n');
    out.push(table(['page', 'perf', 'a11y', 'best practices', 'SEO', 'LCP ms', 'TBT ms', 'CLS'],
      r.lighthouse.map((p) => [p.path, p.scores.performance, p.scores.accessibility, p.scores['best-practices'], p.scores.seo, p.lcpMs, p.tbtMs, p.cls])));
  }
  out.push('\n### Server under load (autocannon)\n');
  const l = r.load;
  const rows = [];
  const row = (name, x) => x && rows.push([name, x.connections, x.rps, x.p50Ms, x.p99Ms, x.non2xx, x.errors + x.timeouts]);
  row(`static ${l.staticNode?.url} (Node)`, l.staticNode);
  row(`static ${l.staticNginx?.url} (nginx)`, l.staticNginx);
  for (const [kind, loads] of Object.entries(r.stores ?? {})) {
    row(`${kind}: /voices/ (${r.seeded.published} published)`, loads.voices);
    row(`${kind}: /moderate/ queue (${r.seeded.pending} pending)`, loads.queue);
    for (const s of loads.share) row(`${kind}: share POST (${s.amount} sent, ${s.accepted} accepted)`, s);
    for (const s of loads.rates ?? []) row(`${kind}: share POST offered at ${s.rate}/s for ${s.seconds} s (${s.accepted} accepted)`, s);
  }
  out.push(table(['what', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], rows));
  if (r.growth) {
    out.push('\n### One share at a time, as the data grows (p50 / p99 ms)\n');
    const sizes = [...new Set(r.growth.map((g) => g.submissions))];
    const cell = (kind, size) => {
      const g = r.growth.find((x) => x.store === kind && x.submissions === size);
      return g ? `${g.p50Ms} / ${g.p99Ms}` : '';
    };
    out.push(table(['stored submissions', 'embedded', 'postgres'], sizes.map((size) => [size, cell('embedded', size), cell('postgres', size)])));
  }
  if (r.builds) {
    out.push('\n### Build time (astro build with Pagefind and compressed copies, cold)\n');
    out.push(table(['generated entries', 'seconds', 'pages indexed'], r.builds.map((b) => [b.generated, b.seconds, b.indexedPages])));
  }
  out.push('\n### Goals\n');
  out.push(table(['goal', 'met', 'numbers'], r.goals.map((g) => [g.goal, g.met ? 'yes' : 'NO', g.detail])));
  return out.join('\n');
}
