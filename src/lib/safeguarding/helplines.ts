/**
 * The real national helplines (docs/safeguarding.md). Never add one that is not there. Their
 * names and numbers are never translated or changed; what each is for is in the strings files
 * (src/i18n/strings/, `helplines.descriptions`), as are the names of the two that have none of
 * their own (emergency, police).
 */
interface Helpline {
  id: 'emergency' | 'childline' | 'samaritans' | 'police' | 'fearless' | 'ceop' | 'nspcc';
  /** The service's own name, where it has one. */
  name?: string;
  phone?: string;
  url?: string;
}

export const NATIONAL_HELPLINES: readonly Helpline[] = [
  { id: 'emergency', phone: '999' },
  { id: 'childline', name: 'Childline', phone: '0800 1111', url: 'https://www.childline.org.uk' },
  { id: 'samaritans', name: 'Samaritans', phone: '116 123' },
  { id: 'police', phone: '101' },
  { id: 'fearless', name: 'Fearless (Crimestoppers)', phone: '0800 555 111' },
  { id: 'ceop', name: 'CEOP', url: 'https://www.ceop.police.uk' },
  { id: 'nspcc', name: 'NSPCC helpline', phone: '0808 800 5000' },
];

/** A tel: link target: digits only, so it dials on any phone. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
