// Strings that depend on a number: one form per CLDR plural category the language uses
// (English: one, other; Arabic also zero, two, few, many; Polish and Slovak one, few, many, other).
declare const PLURAL: unique symbol;

type PluralForms = { readonly [category in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** A plural string: `other` is required, every other form is the language's own choice. */
export type Plural = PluralForms & { readonly [PLURAL]: true };

const CATEGORIES: readonly string[] = ['zero', 'one', 'two', 'few', 'many', 'other'] satisfies Intl.LDMLPluralRule[];

/** Marks a strings-file value as plural: `plural({ one: '1 poem', other: '{count} poems' })`. */
export function plural(forms: PluralForms): Plural {
  return forms as Plural;
}

/** At run time a plural is an object with `other` and only plural categories as keys. */
export function isPlural(value: unknown): value is Plural {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'other' in value && Object.keys(value).every((key) => CATEGORIES.includes(key));
}

/** The form for this count in this language (falling back to `other`). */
export function pluralForm(forms: Plural, count: number, tag: string): string {
  return forms[new Intl.PluralRules(tag).select(count)] ?? forms.other;
}
