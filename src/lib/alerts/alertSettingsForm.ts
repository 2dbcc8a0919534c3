// A facilitator's own alert settings: the digest on or off (urgent alerts and reminders always come).
import { z } from 'astro/zod';

export const alertSettingsForm = z.object({
  digest: z.enum(['on', 'off'], { error: 'Choose whether to get the digest emails' }),
});
