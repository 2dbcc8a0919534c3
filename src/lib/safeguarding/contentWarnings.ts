/** The fixed content-warning vocabulary shared by poems, films and submissions (docs/safeguarding.md). */
export const CONTENT_WARNINGS = [
  'sexual-abuse',
  'exploitation',
  'violence',
  'self-harm',
  'suicide',
  'drugs-alcohol',
  'abusive-relationships',
  'bullying',
  'mental-health',
] as const;

export type ContentWarning = (typeof CONTENT_WARNINGS)[number];

/** Plain-language labels, as a young person would read them. */
export const WARNING_LABELS: Record<ContentWarning, string> = {
  'sexual-abuse': 'sexual abuse',
  exploitation: 'exploitation',
  violence: 'violence',
  'self-harm': 'self-harm',
  suicide: 'suicide',
  'drugs-alcohol': 'drugs and alcohol',
  'abusive-relationships': 'abusive relationships',
  bullying: 'bullying',
  'mental-health': 'mental health',
};

export function isContentWarning(value: string): value is ContentWarning {
  return (CONTENT_WARNINGS as readonly string[]).includes(value);
}
