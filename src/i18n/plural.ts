// Strings that depend on a number: one form per CLDR plural category the language uses
// (English: one, other; Arabic also zero, two, few, many; Polish and Slovak one, few, many, other).
declare const PLURAL: unique symbol;

type PluralForms = { readonly [category in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** A plural string: `other` is required, every other form is the language's own choice. */
export type Plural = PluralForms & { readonly [PLURAL]: true };

// A mark that stays out of Object.entries and JSON: a section of strings can have the same keys.
const MARK = Symbol.for('voices.plural');

/** Marks a strings-file value as plural: `plural({ one: '1 poem', other: '{count} poems' })`. */
export function plural(forms: PluralForms): Plural {
  return Object.defineProperty({ ...forms }, MARK, { value: true }) as Plural;
}

export function isPlural(value: unknown): value is Plural {
  return typeof value === 'object' && value !== null && MARK in value;
}

/** The form for this count in this language (falling back to `other`). */
export function pluralForm(forms: Plural, count: number, tag: string): string {
  return forms[new Intl.PluralRules(tag).select(count)] ?? forms.other;
}
