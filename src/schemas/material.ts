import { z } from 'astro/zod';

/** Kinds of group-work material; the slug is the filter value. */
export const MATERIAL_KINDS = {
  'session-plan': 'Session plan',
  'ground-rules': 'Ground rules',
  'confidentiality-consent': 'Confidentiality and consent',
  icebreaker: 'Icebreaker',
  'wellbeing-checkout': 'Wellbeing check-out',
  other: 'Other',
} as const;

/** Ids of the hubs and spokes in content/places.yaml that can be credited with a material. */
export const MATERIAL_PLACES = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'] as const;

export type MaterialKind = keyof typeof MATERIAL_KINDS;
export type MaterialPlace = (typeof MATERIAL_PLACES)[number];

const kindIds = Object.keys(MATERIAL_KINDS) as [MaterialKind, ...MaterialKind[]];

export const materialSchema = z.object({
  /** The material's title, as facilitators will look for it. */
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  /** One or two sentences on what it is for, shown in lists. */
  summary: z.string().trim().min(1, 'summary must not be empty').max(300, 'summary must be 300 characters or fewer'),
  /** What kind of material it is. */
  kind: z.enum(kindIds),
  /** Roughly how long it takes to run, in minutes. */
  duration: z.number().int().positive().max(480).optional(),
  /** The group size it suits, in words, e.g. "4 to 10 young people". */
  groupSize: z.string().trim().min(1).max(60).optional(),
  /** Places that made or use it; empty means every hub and spoke. */
  places: z.array(z.enum(MATERIAL_PLACES)).default([]),
  /** When it was last checked or changed (YYYY-MM-DD). */
  updated: z.coerce.date(),
  /** True for sample content written by the project; the real service replaces it. */
  sample: z.boolean(),
});

export type Material = z.infer<typeof materialSchema>;
