import { z } from 'astro/zod';

const contact = z.object({
  /** Who this is, e.g. the service's duty line. */
  name: z.string().trim().min(1),
  /** What they help with and when. */
  description: z.string().trim().min(1),
  /** A phone number people can call, exactly as it should be dialled. Never invent one. */
  phone: z.string().regex(/^[0-9 +]{3,20}$/, 'phone must be digits and spaces only').optional(),
  /** A web address, https only. */
  url: z.url({ protocol: /^https$/, message: 'url must start with https://' }).optional(),
});

export const siteSchema = z.object({
  /** The portal's short name. */
  name: z.string().trim().min(1),
  /** The organisation that runs it. */
  organisation: z.string().trim().min(1),
  /** Where "Exit this page" goes: somewhere ordinary, https. */
  exitDestination: z.url({ protocol: /^https$/, message: 'exitDestination must start with https://' }),
  /** The hub that receives submissions with no place (with the admins). */
  defaultHub: z.string().min(1),
  /** Let search engines index /voices/ pages; off by default to protect authors. */
  allowVoicesIndexing: z.boolean().default(false),
  /** How long data is kept, in days (docs/safeguarding.md). */
  retentionDays: z.object({
    /** A submission nobody has decided on yet. */
    pending: z.number().int().positive().default(90),
    /** A submission marked as a safeguarding concern. */
    concern: z.number().int().positive().default(30),
    /** The keyed hash of a receipt code. */
    receipt: z.number().int().positive().default(180),
    /** Audit log entries. */
    audit: z.number().int().positive().default(730),
  }),
  /** Local contacts set by the service, shown on /help/ after the national helplines. */
  localContacts: z.array(contact).default([]),
  /** How professionals ask for a training place. */
  trainingContact: contact.optional(),
  /** True while the entries above are sample values. */
  sample: z.boolean().default(false),
});

export type Site = z.infer<typeof siteSchema>;
