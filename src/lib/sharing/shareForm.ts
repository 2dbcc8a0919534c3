// The share form's fields and their rules: one definition for the page, the island and the action.
import { z } from 'astro/zod';
import { CONTENT_WARNINGS } from '../safeguarding/contentWarnings.ts';
import { text, texts } from '../forms.ts';
import { SUBMISSION_KINDS, type SubmissionKind } from './submission.ts';

export const MAX_BODY = 8000;
export const MAX_TITLE = 120;
export const MAX_PEN_NAME = 60;

const kindIds = Object.keys(SUBMISSION_KINDS) as [SubmissionKind, ...SubmissionKind[]];

/** What someone typed, exactly, so an error never loses it. */
export interface ShareValues {
  kind: string;
  body: string;
  title: string;
  penName: string;
  place: string;
  warnings: string[];
  publish: string;
  prompt: string;
  workshop: string;
}

type ShareField = Exclude<keyof ShareValues, 'prompt'>;

export function readShareValues(form: FormData): ShareValues {
  return {
    kind: text(form, 'kind'),
    body: text(form, 'body'),
    title: text(form, 'title'),
    penName: text(form, 'penName'),
    place: text(form, 'place'),
    warnings: texts(form, 'warnings'),
    publish: text(form, 'publish'),
    prompt: text(form, 'prompt'),
    workshop: text(form, 'workshop'),
  };
}

/** Optional text: trimmed, and empty means not given. */
const optionalText = (max: number, tooLong: string) =>
  z.string().trim().max(max, tooLong).transform((v) => (v === '' ? null : v));

interface ShareOptions {
  /** A workshop code or a prompt for one place already says where the words go: "where are you?" may be left unanswered. */
  placeOptional?: boolean;
}

function shareSchema(placeIds: readonly string[], options: ShareOptions = {}) {
  return z.object({
    kind: z.enum(kindIds, { error: "Choose what you're sharing" }),
    body: z
      .string()
      .refine((v) => v.trim().length > 0, 'Write your words in the box')
      .refine((v) => v.length <= MAX_BODY, `Your words must be ${MAX_BODY.toLocaleString('en-GB')} characters or fewer`),
    title: optionalText(MAX_TITLE, `The title must be ${MAX_TITLE} characters or fewer`),
    penName: optionalText(MAX_PEN_NAME, `The name to show must be ${MAX_PEN_NAME} characters or fewer`),
    place: z
      .string()
      .refine((v) => v === 'none' || placeIds.includes(v) || (options.placeOptional === true && v === ''), 'Choose where you are, or "I\'d rather not say"')
      .transform((v) => (v === 'none' || v === '' ? null : v)),
    warnings: z.array(z.enum(CONTENT_WARNINGS, { error: 'Choose content notes from the list' })),
    publish: z.enum(['yes', 'no'], { error: 'Choose whether we may put your words on the site' }).transform((v) => v === 'yes'),
  });
}

type ShareInput = z.output<ReturnType<typeof shareSchema>>;

export type ShareErrors = Partial<Record<ShareField, string>>;

// Building a zod schema costs more than using one: keep one per list of places and options.
const schemas = new Map<string, ReturnType<typeof shareSchema>>();
function schemaFor(placeIds: readonly string[], options: ShareOptions) {
  const key = `${placeIds.join('\n')}|${options.placeOptional ? 1 : 0}`;
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = shareSchema([...placeIds], options)));
  return schema;
}

/** Checks the values; errors name the field the way the error summary links to it. */
export function validateShare(values: ShareValues, placeIds: readonly string[], options: ShareOptions = {}):
  | { ok: true; input: ShareInput }
  | { ok: false; errors: ShareErrors } {
  const result = schemaFor(placeIds, options).safeParse(values);
  if (result.success) return { ok: true, input: result.data };
  const errors: ShareErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as ShareField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The order fields appear on the page, for the error summary. */
export const FIELD_ORDER: ShareField[] = ['workshop', 'kind', 'body', 'title', 'penName', 'place', 'warnings', 'publish'];
