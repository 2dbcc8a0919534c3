// Reading a submitted form (actions take forms): what was typed, never a file or a missing field.

/** A field's text as sent; '' when it is missing or not text. */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every text value sent under name (checkboxes, multiple selects), in order. */
export function texts(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === 'string');
}
