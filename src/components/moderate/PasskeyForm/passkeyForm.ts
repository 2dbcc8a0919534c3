// Progressive enhancement for PasskeyForm.astro: shows the form where the browser can use passkeys,
// and on submit asks it for one (@simplewebauthn/browser), then sends the answer with the form. The
// server checks everything; nothing here is trusted.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';

export function initPasskeyForms(root: Document): void {
  if (!browserSupportsWebAuthn()) return;
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-passkey]')) {
    form.hidden = false;
    const credential = form.elements.namedItem('credential') as HTMLInputElement;
    const status = form.querySelector<HTMLElement>('[data-passkey-status]')!;
    form.addEventListener('submit', async (event) => {
      // The second submit carries the answer: let it go.
      if (credential.value) return;
      event.preventDefault();
      status.textContent = '';
      // A name left empty: the server says so, without asking for a passkey first.
      const name = form.elements.namedItem('name') as HTMLInputElement | null;
      if (name && name.value.trim() === '') {
        form.submit();
        return;
      }
      const optionsJSON = JSON.parse(form.dataset.passkeyOptions!);
      try {
        const answer = form.dataset.passkey === 'register' ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
        credential.value = JSON.stringify(answer);
        form.submit();
      } catch {
        status.textContent = form.dataset.passkeyNotUsed!;
      }
    });
  }
}
