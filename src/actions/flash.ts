// The one-time message a change leaves for the page it redirects to (layouts/staffPage.ts shows it once).
import type { ActionAPIContext } from 'astro:actions';

export const flash = (context: ActionAPIContext, message: string) => context.session?.set('flash', message);
