/** The real national helplines (docs/safeguarding.md). Never add one that is not there. */
interface Helpline {
  name: string;
  description: string;
  phone?: string;
  url?: string;
}

export const NATIONAL_HELPLINES: readonly Helpline[] = [
  { name: 'Emergency', description: 'If you are in danger now, or someone is hurt.', phone: '999' },
  { name: 'Childline', description: 'Free, any time, day or night, if you are under 19. The number does not show on your phone bill.', phone: '0800 1111', url: 'https://www.childline.org.uk' },
  { name: 'Samaritans', description: 'Free, any time, for anyone who is struggling.', phone: '116 123' },
  { name: 'Police, non-emergency', description: 'To report something that has happened when nobody is in danger right now.', phone: '101' },
  { name: 'Fearless (Crimestoppers)', description: 'Tell them about a crime without giving your name.', phone: '0800 555 111' },
  { name: 'CEOP', description: 'Report sexual abuse or grooming that happened online.', url: 'https://www.ceop.police.uk' },
  { name: 'NSPCC helpline', description: 'For adults worried about a child.', phone: '0808 800 5000' },
];

/** A tel: link target: digits only, so it dials on any phone. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
