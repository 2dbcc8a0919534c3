// Exit this page: click, or Shift pressed three times within 5 seconds (GOV.UK's pattern).
// What it announces is in the live region's data attributes, in the page's language.
const WINDOW_MS = 5000;

export function initQuickExit(doc: Document): void {
  const links = doc.querySelectorAll<HTMLAnchorElement>('[data-exit-link]');
  const live = doc.querySelector<HTMLElement>('[data-exit-live]');
  if (!links.length) return;
  const destination = links[0]!.href;
  const words = live?.dataset ?? {};
  const messages = ['', words.twoMore ?? '', words.oneMore ?? ''];
  let presses = 0;
  let timer: number | undefined;

  const say = (text: string) => { if (live) live.textContent = text; };
  const reset = () => { presses = 0; clearTimeout(timer); };

  const exit = (event?: Event) => {
    event?.preventDefault();
    reset();
    doc.body.classList.add('exit-this-page--hide');
    const overlay = doc.createElement('div');
    overlay.className = 'exit-this-page__overlay';
    overlay.setAttribute('data-exit-overlay', '');
    overlay.textContent = words.loading ?? '';
    doc.body.append(overlay);
    // replace(), so this page is not the entry someone goes Back to.
    location.replace(destination);
  };

  links.forEach((link) => link.addEventListener('click', exit));

  // Only Shift on its own counts: Shift held to type a capital letter does not.
  let otherKey = false;
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Shift') { otherKey = false; return; }
    otherKey = true;
    if (presses) { reset(); say(''); }
  });
  doc.addEventListener('keyup', (event) => {
    if (event.key !== 'Shift' || otherKey) return;
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) return exit();
    say(messages[presses]!);
    timer = window.setTimeout(() => { presses = 0; say(words.expired ?? ''); }, WINDOW_MS);
  });

  // Coming Back from the back-forward cache: show the page, not the overlay.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    doc.body.classList.remove('exit-this-page--hide');
    doc.querySelectorAll('[data-exit-overlay]').forEach((el) => el.remove());
    say('');
  });
}
