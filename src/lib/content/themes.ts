import { POEM_THEMES, type PoemTheme } from '../../schemas/poem';
import type { PoemEntry } from './poems';

/** Themes that at least one poem has, in the vocabulary's order. */
export function usedThemes(poems: PoemEntry[]): PoemTheme[] {
  const used = new Set(poems.flatMap((poem) => poem.data.themes));
  return (Object.keys(POEM_THEMES) as PoemTheme[]).filter((theme) => used.has(theme));
}
