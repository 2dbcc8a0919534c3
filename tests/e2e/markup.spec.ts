// The three markup checkers can fail: each finds what it should in a page made to be wrong.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markupProblems } from './support/markup';
import { nuErrors } from './support/markupCheck';

const WRONG = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wrong</title></head>
<body><main><h1>Wrong</h1><h3>Skips a level</h3><style>p { color: red; }</style>
<img src="/favicon.svg"><form><input type="text" name="unlabelled"></form></main></body></html>`;

test('axe and HTML_CodeSniffer find an image without alt text and a field without a label', async ({ page }) => {
  await page.setContent(WRONG);
  const problems = await markupProblems(page);
  expect(problems.filter((p) => p.startsWith('axe image-alt:'))).toHaveLength(1);
  expect(problems.filter((p) => p.startsWith('axe label:'))).toHaveLength(1);
  // H37: an img without an alt attribute; H44/F68: a form control without a label.
  expect(problems.some((p) => p.startsWith('HTML_CodeSniffer WCAG2AA.Principle1.Guideline1_1.1_1_1.H37'))).toBe(true);
  expect(problems.some((p) => /^HTML_CodeSniffer WCAG2AA\.Principle4\.Guideline4_1\.4_1_2\.H91\.InputText\.Name/.test(p))).toBe(true);
});

test('the Nu Html Checker finds a heading that skips a level, a <style> in <body> after other content, and an image without alt text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voices-nu-'));
  try {
    writeFileSync(join(dir, 'wrong.html'), WRONG);
    const errors = await nuErrors([dir]);
    expect(errors.some((e) => e.includes('skipping 1 heading level'))).toBe(true);
    expect(errors.some((e) => e.includes('A “style” element in “body” must be the first child of its parent'))).toBe(true);
    expect(errors.some((e) => e.includes('An “img” element must have an “alt” attribute'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
