import { z } from 'astro/zod';
import { MATERIAL_PLACES } from './material';

export const youSaidWeDidSchema = z.object({
  /** A short heading for the change. */
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  /** What young people told the service, in their spirit and never identifying anyone. */
  youSaid: z.string().trim().min(1, 'youSaid must not be empty').max(600),
  /** What the service did about it. */
  weDid: z.string().trim().min(1, 'weDid must not be empty').max(600),
  /** When the change was made or reported (YYYY-MM-DD). */
  date: z.coerce.date(),
  /** The hub or spoke it happened in; leave it out for the whole service. */
  place: z.enum(MATERIAL_PLACES).optional(),
  /** True for sample content written by the project; the real service replaces it. */
  sample: z.boolean(),
});

export type YouSaidWeDid = z.infer<typeof youSaidWeDidSchema>;
