import { z } from 'astro/zod';
import { CONTENT_WARNINGS } from '../lib/safeguarding/contentWarnings.ts';

const localPath = (what: string) => z.string().startsWith('/', `${what} must be a path under public/, starting with /`);

export const filmSchema = z.object({
  /** The film's title. */
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  /** The language it is in (a BCP 47 tag, e.g. en or ur). It stays in it on the pages in every language, which say so. */
  lang: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z\d]{1,8})*$/, 'lang must be a language tag, such as en or ur').default('en'),
  /** One sentence on what the film is, shown in lists. */
  summary: z.string().trim().min(1).max(300),
  /** Video files in order of preference; the browser plays the first it can. */
  sources: z
    .array(z.object({
      /** Path of the video file under public/. */
      src: localPath('a video source'),
      /** Its MIME type, e.g. video/webm or video/mp4. */
      type: z.string().regex(/^video\/[a-z0-9.+-]+$/, 'type must be a video MIME type such as video/mp4'),
    }))
    .min(1, 'give at least one video source'),
  /** Required WebVTT captions: no film goes up without them. */
  captions: z.object({
    /** Path of the .vtt file under public/. */
    src: localPath('captions').endsWith('.vtt', 'captions must be a WebVTT (.vtt) file'),
    /** Language of the captions (BCP 47), e.g. en. */
    srclang: z.string().default('en'),
    /** What the captions menu calls them. */
    label: z.string().default('English'),
  }),
  /** A still shown before it plays, a path under public/. */
  poster: localPath('poster'),
  /** Running time in seconds. */
  duration: z.number().int().positive(),
  /** When it was first shown (YYYY-MM-DD). */
  published: z.coerce.date(),
  /** Warnings from the fixed vocabulary (docs/safeguarding.md); a warned film is hidden until the viewer asks. */
  contentWarnings: z.array(z.enum(CONTENT_WARNINGS)).default([]),
  /** True for sample content written by the project; the real service replaces it. */
  sample: z.boolean(),
});

export type Film = z.infer<typeof filmSchema>;
