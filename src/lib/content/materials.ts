import { getCollection, type CollectionEntry } from 'astro:content';
import { MATERIAL_KINDS, type MaterialKind } from '../../schemas/material';

export type MaterialEntry = CollectionEntry<'materials'>;

/** Every group-work material, A to Z by title. */
export async function getMaterials(): Promise<MaterialEntry[]> {
  return (await getCollection('materials')).sort((a, b) => a.data.title.localeCompare(b.data.title, 'en-GB'));
}

/** Materials grouped by kind, in the vocabulary's order (session plans first); empty kinds left out. */
export function groupByKind(materials: MaterialEntry[]): [MaterialKind, MaterialEntry[]][] {
  return (Object.keys(MATERIAL_KINDS) as MaterialKind[])
    .map((kind) => [kind, materials.filter((m) => m.data.kind === kind)] as [MaterialKind, MaterialEntry[]])
    .filter(([, list]) => list.length > 0);
}

/** Materials a place made or uses, and those every place shares (no places listed). */
export function materialsFor(placeId: string, materials: MaterialEntry[]) {
  return {
    own: materials.filter((m) => (m.data.places as readonly string[]).includes(placeId)),
    shared: materials.filter((m) => m.data.places.length === 0),
  };
}

/** "About 20 minutes", "About 1 hour 30 minutes". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [h ? `${h} hour${h === 1 ? '' : 's'}` : '', m ? `${m} minutes` : ''].filter(Boolean);
  return `About ${parts.join(' ')}`;
}

/** Headings for each kind when materials are listed in groups. */
export const KIND_HEADINGS: Record<MaterialKind, string> = {
  'session-plan': 'Session plans',
  'ground-rules': 'Ground rules',
  'confidentiality-consent': 'Confidentiality and consent',
  icebreaker: 'Icebreakers',
  'wellbeing-checkout': 'Wellbeing check-outs',
  other: 'Other materials',
};
