import { z } from 'astro/zod';

/** Levels of training, in the order a professional usually meets them. */
export const TRAINING_LEVELS = {
  introductory: 'Introductory',
  advanced: 'Advanced',
  programme: 'Group-work programme',
  'train-the-trainers': 'Train the trainers',
} as const;

export type TrainingLevel = keyof typeof TRAINING_LEVELS;
const levelIds = Object.keys(TRAINING_LEVELS) as [TrainingLevel, ...TrainingLevel[]];

export const trainingSchema = z.object({
  /** The course's title. */
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  /** One or two sentences on what it is and who it is for, shown in lists. */
  summary: z.string().trim().min(1, 'summary must not be empty').max(300, 'summary must be 300 characters or fewer'),
  /** Who it is for, in words, e.g. "Anyone who works with young people". */
  audience: z.string().trim().min(1, 'audience must not be empty').max(200),
  /** How long it takes, in words, e.g. "One day" or "Half a day (3 hours)". */
  length: z.string().trim().min(1, 'length must not be empty').max(80),
  /** Where it sits: introductory, advanced, a group-work programme, or training to deliver one. */
  level: z.enum(levelIds),
  /** What people learn, one outcome per item, shown as a list. */
  outcomes: z.array(z.string().trim().min(1)).min(1, 'give at least one outcome'),
  /** Position in the list on /training/, lowest first. */
  order: z.number().int().nonnegative(),
  /** True for sample content written by the project; the real service replaces it. */
  sample: z.boolean(),
});

export type Training = z.infer<typeof trainingSchema>;
