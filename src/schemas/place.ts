import { z } from 'astro/zod';

export const placeSchema = z
  .object({
    /** A short lowercase id used in URLs and the store, e.g. sheffield. */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'id must be lowercase letters, digits and dashes'),
    /** The name people know the place by. */
    name: z.string().trim().min(1),
    /** A hub leads and supports; a spoke is a service in a nearby town supported by its hub. */
    kind: z.enum(['hub', 'spoke']),
    /** For a spoke: the id of its hub. */
    hub: z.string().optional(),
    /** What happens here, in a sentence or two. */
    summary: z.string().trim().min(1),
    /** How a young person or professional reaches the service here, in plain words. */
    reach: z.string().trim().min(1),
    /** True while this entry is sample content. */
    sample: z.boolean().default(false),
  })
  .refine((p) => (p.kind === 'spoke') === Boolean(p.hub), {
    message: 'a spoke needs a hub, and a hub must not have one',
    path: ['hub'],
  });

export type Place = z.infer<typeof placeSchema>;
