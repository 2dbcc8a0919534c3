// The share form's fields and their rules: one definition for the page, the island and the action.
import { z } from 'astro/zod';
import { CONTENT_WARNINGS } from '../safeguarding/contentWarnings.ts';
import { SUBMISSION_KINDS, type SubmissionKind } from './submission.ts';
import type { FieldErrors, Typed } from '../forms.ts';

export const MAX_BODY = 8000;
export const MAX_TITLE = 120;
export const MAX_PEN_NAME = 60;

const kindIds = Object.keys(SUBMISSION_KINDS) as [SubmissionKind, ...SubmissionKind[]];

/**
 * What is wrong with a field, as a code rather than words: the page says it in its own language
 * (`share.errors` in src/i18n/strings/), with the limits below.
 */
export type ShareErrorCode =
  | 'kind' | 'body' | 'bodyTooLong' | 'titleTooLong' | 'penNameTooLong' | 'place' | 'warnings' | 'publish'
  | 'workshopUnknown' | 'workshopExpired' | 'workshopLimited';
const error = (code: ShareErrorCode) => code;

/** Optional text: trimmed, and empty means not given. */
const optionalText = (max: number, tooLong: string) =>
  z.string().trim().max(max, tooLong).transform((v) => (v === '' ? null : v));

interface ShareOptions {
  /** A workshop code or a prompt for one place already says where the words go: "where are you?" may be left unanswered. */
  placeOptional?: boolean;
}

/** The fields in the order of the page, which is the error summary's order. */
function buildShareSchema(placeIds: readonly string[], options: ShareOptions) {
  return z.object({
    /** Looked up in the store when the words arrive (sharing/share.ts): any text here. */
    workshop: z.string(),
    kind: z.enum(kindIds, { error: error('kind') }),
    body: z
      .string()
      .refine((v) => v.trim().length > 0, error('body'))
      .refine((v) => v.length <= MAX_BODY, error('bodyTooLong')),
    title: optionalText(MAX_TITLE, error('titleTooLong')),
    penName: optionalText(MAX_PEN_NAME, error('penNameTooLong')),
    place: z
      .string()
      .refine((v) => v === 'none' || placeIds.includes(v) || (options.placeOptional === true && v === ''), error('place'))
      .transform((v) => (v === 'none' || v === '' ? null : v)),
    warnings: z.array(z.enum(CONTENT_WARNINGS, { error: error('warnings') })),
    publish: z.enum(['yes', 'no'], { error: error('publish') }).transform((v) => v === 'yes'),
    /** The prompt these words answer, if the form carried one: looked up when they arrive. */
    prompt: z.string(),
  });
}

type ShareSchema = ReturnType<typeof buildShareSchema>;
/** What someone typed, exactly, so an error never loses it. */
export type ShareValues = Typed<ShareSchema>;
/** Each field's problem, as a ShareErrorCode. */
export type ShareErrors = FieldErrors<ShareSchema>;

// Building a zod schema costs more than using one: keep one per list of places and options.
const schemas = new Map<string, ShareSchema>();
export function shareSchema(placeIds: readonly string[], options: ShareOptions = {}): ShareSchema {
  const key = `${placeIds.join('\n')}|${options.placeOptional ? 1 : 0}`;
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = buildShareSchema([...placeIds], options)));
  return schema;
}

/** The status page's forms (look up, take back): the receipt code as typed; one that cannot be a code is simply not found. */
export const receiptCodeForm = z.object({ code: z.string() });
