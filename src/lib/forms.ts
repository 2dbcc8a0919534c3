// One way to read a submitted form, public and staff alike: the form's zod schema names its fields
// and their rules; what was typed always comes back (so an error never loses anyone's words), with
// either the checked data or one message per field.
import { z } from 'astro/zod';

export type FormSchema = z.ZodObject<Record<string, z.ZodType>>;

/** What was typed, field by field: the text as sent, or every value of a field that takes several (checkboxes). */
export type Typed<S extends FormSchema> = { [K in keyof z.input<S>]-?: NonNullable<z.input<S>[K]> extends readonly unknown[] ? string[] : string };
/** The first problem with each field, keyed by the field's name. */
export type FieldErrors<S extends FormSchema> = Partial<Record<keyof Typed<S> & string, string>>;
export type Checked<S extends FormSchema> =
  | { ok: true; values: Typed<S>; data: z.output<S> }
  | { ok: false; values: Typed<S>; errors: FieldErrors<S> };

/** Whether a field takes several values: an array, perhaps behind a transform or optional (as Astro's own form reader looks). */
function takesSeveral(field: z.ZodType): boolean {
  let inner: z.core.$ZodType = field;
  for (;;) {
    const def = inner._zod.def;
    if (def.type === 'pipe') inner = (def as z.core.$ZodPipeDef).in;
    else if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') inner = (def as z.core.$ZodOptionalDef).innerType;
    else return def.type === 'array';
  }
}

/** The schema's fields as typed: '' for a missing field, and a file is never text. */
export function typedValues<S extends FormSchema>(schema: S, form: FormData): Typed<S> {
  const values: Record<string, string | string[]> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (takesSeveral(field)) values[name] = form.getAll(name).filter((value): value is string => typeof value === 'string');
    else {
      const value = form.get(name);
      values[name] = typeof value === 'string' ? value : '';
    }
  }
  return values as Typed<S>;
}

/** Checks typed values against the schema: the data it gives, or the first message for each field. */
export function checkValues<S extends FormSchema>(schema: S, values: Typed<S>): Checked<S> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, values, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0]);
    errors[field] ??= issue.message;
  }
  return { ok: false, values, errors: errors as FieldErrors<S> };
}

export interface ReadOptions<S extends FormSchema> {
  /** Fields never given back (passwords): checked, then blanked in the values a page shows again. */
  forget?: readonly (keyof Typed<S> & string)[];
}

/** A submitted form, read and checked against its schema. */
export function readForm<S extends FormSchema>(schema: S, form: FormData, options: ReadOptions<S> = {}): Checked<S> {
  const checked = checkValues(schema, typedValues(schema, form));
  for (const name of options.forget ?? []) (checked.values as Record<string, string>)[name] = '';
  return checked;
}

/**
 * The error summary's links, in the order the schema lists its fields (the order of the page):
 * each to its field's first input, whose id is the field's name after the form's idPrefix.
 */
export function errorLinks<S extends FormSchema>(schema: S, errors: FieldErrors<S>, idPrefix = ''): { href: string; message: string }[] {
  return Object.keys(schema.shape).flatMap((name) => {
    const message = (errors as Record<string, string | undefined>)[name];
    return message ? [{ href: `#${idPrefix}${name}`, message }] : [];
  });
}

/** A form that names one record: ending a code, closing a prompt. */
export const recordForm = z.object({ id: z.string() });
