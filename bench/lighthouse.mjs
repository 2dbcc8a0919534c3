// Lighthouse, mobile preset (its default), over one headless Chromium (Debian's, CHROME_PATH):
// each run starts cold (Lighthouse clears the origin's cache and storage first). The median run
// of three is kept. chrome-launcher comes with lighthouse and knows the flags a clean run needs.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

async function once(url, port, tries = 3) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    disableFullPageScreenshot: true,
  });
  const lhr = result.lhr;
  if (lhr.runtimeError) {
    // A trace now and then comes back without a navigation start: run it again, a bounded number of times.
    if (tries > 1) return once(url, port, tries - 1);
    throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  }
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  // What cost points, so a score under 100 says why.
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
    .map((a) => a.id);
  return {
    scores,
    lcpMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    tbtMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
    cls: Number(lhr.audits['cumulative-layout-shift'].numericValue.toFixed(3)),
    performanceScore: lhr.categories.performance.score,
    failing,
    benchmarkIndex: lhr.environment?.benchmarkIndex,
  };
}

/** Median of `runs` runs by performance score, then LCP. */
export async function runLighthouse(base, paths, { port, runs = 3 }) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', port, chromeFlags: CHROME_FLAGS });
  try {
    return await runAll(base, paths, { port, runs });
  } finally {
    await chrome.kill();
  }
}

async function runAll(base, paths, { port, runs }) {
  const pages = [];
  for (const path of paths) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(new URL(path, base).href, port));
    results.sort((a, b) => a.performanceScore - b.performanceScore || b.lcpMs - a.lcpMs);
    const median = results[Math.floor(results.length / 2)];
    pages.push({ path, ...median, runs: results.map((r) => ({ ...r.scores, lcpMs: r.lcpMs, tbtMs: r.tbtMs, cls: r.cls })) });
    console.log(`  lighthouse ${path}: ${Object.values(median.scores).join('/')} LCP ${median.lcpMs} ms TBT ${median.tbtMs} ms CLS ${median.cls}`);
  }
  return pages;
}
