import { z } from 'astro/zod';

/** Who a resource is written for; the slug is the filter value. */
export const RESOURCE_AUDIENCES = {
  'young-people': 'Young people',
  'parents-carers': 'Parents and carers',
  professionals: 'Professionals',
} as const;

/** Topics a resource can be filtered by; the slug is the URL segment. */
export const RESOURCE_TOPICS = {
  'recognising-exploitation': 'Recognising exploitation',
  grooming: 'Grooming',
  'online-safety': 'Online safety',
  'healthy-relationships': 'Healthy relationships',
  consent: 'Consent',
  'missing-from-home': 'Missing from home',
  'criminal-exploitation': 'Criminal exploitation and county lines',
  'supporting-disclosure': 'Supporting a disclosure',
  'contextual-safeguarding': 'Contextual safeguarding',
  'looked-after-children': 'Looked-after children',
} as const;

/** What kind of thing a resource is. */
export const RESOURCE_FORMATS = {
  guide: 'Guide',
  leaflet: 'Leaflet',
  'session-plan': 'Session plan',
  checklist: 'Checklist',
  toolkit: 'Toolkit',
  video: 'Video',
} as const;

export type ResourceAudience = keyof typeof RESOURCE_AUDIENCES;
export type ResourceTopic = keyof typeof RESOURCE_TOPICS;
export type ResourceFormat = keyof typeof RESOURCE_FORMATS;

const audienceIds = Object.keys(RESOURCE_AUDIENCES) as [ResourceAudience, ...ResourceAudience[]];
const topicIds = Object.keys(RESOURCE_TOPICS) as [ResourceTopic, ...ResourceTopic[]];
const formatIds = Object.keys(RESOURCE_FORMATS) as [ResourceFormat, ...ResourceFormat[]];

// Every segment starts with a letter or digit, so "..", hidden files and other folders are impossible.
const DOWNLOAD_PATH = /^\/downloads\/(?:[A-Za-z0-9][\w.-]*\/)*[A-Za-z0-9][\w.-]*\.[a-z0-9]+$/;

export const resourceSchema = z
  .object({
    /** The resource's title, as it appears in lists and on the page. */
    title: z.string().trim().min(1, 'title must not be empty').max(120),
    /** One or two sentences on what it is and who it helps, shown in lists and search. */
    summary: z.string().trim().min(1, 'summary must not be empty').max(300, 'summary must be 300 characters or fewer'),
    /** Who it is written for; at least one. */
    audience: z.array(z.enum(audienceIds)).min(1, 'give at least one audience'),
    /** What it is about; at least one, used for the filters on /resources/. */
    topics: z.array(z.enum(topicIds)).min(1, 'give at least one topic'),
    /** What kind of resource it is. */
    format: z.enum(formatIds),
    /** When its content was last checked or changed (YYYY-MM-DD). */
    updated: z.coerce.date(),
    /** When it must next be checked for accuracy (YYYY-MM-DD); after updated. Past this date the site flags it. */
    reviewDue: z.coerce.date(),
    /** An optional printable copy; the page reads the file at build time to show its size and type. */
    download: z
      .object({
        /** Path of the file under public/, e.g. /downloads/first-conversation-checklist.pdf. */
        file: z
          .string()
          .regex(DOWNLOAD_PATH, 'download file must be a file under /downloads/, e.g. /downloads/checklist.pdf'),
        /** Link text that says what the file is, e.g. "Print the checklist". */
        label: z.string().trim().min(1, 'download label must not be empty').max(80),
      })
      .optional(),
    /** True for sample content written by the project; the real service replaces it. */
    sample: z.boolean(),
  })
  .refine((r) => r.reviewDue.getTime() > r.updated.getTime(), {
    message: 'reviewDue must be after updated',
    path: ['reviewDue'],
  });

export type Resource = z.infer<typeof resourceSchema>;
