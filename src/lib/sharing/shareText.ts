// Every word of the share form a young person reads: labels, hints, choices, errors and the notices
// about a send that did not go. In one place, apart from the markup and the rules, so that the form
// can be given in other languages.

/** Minutes to wait, rounded up, never 0. */
const minutesFrom = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
/** Numbers as the rest of the site writes them ("8,000"). */
const count = (n: number) => n.toLocaleString('en-GB');

export const SHARE_FIELDS = {
  workshop: {
    label: 'Workshop code (if your group leader gave you one)',
    hint: "Leave this empty if you don't have one.",
  },
  kind: { legend: 'What are you sharing?' },
  body: {
    label: 'Your words',
    hint: "Write as much or as little as you like. Please don't use anyone's real name, or say where you live or go to school.",
  },
  title: { label: 'A title (if you want one)' },
  penName: {
    label: 'A name to show (if you want one)',
    hint: 'Make one up. Please don\'t use your real name. If you leave it empty we show "Anonymous".',
  },
  place: {
    legend: 'Where are you?',
    hint: 'So the right team reads it. Only the area, never more. If you typed a workshop code, you can skip this.',
    /** A spoke, named with its hub. */
    spoke: (spoke: string, hub: string) => `${spoke} (with ${hub})`,
    none: "I'd rather not say",
  },
  warnings: {
    legend: 'Does it talk about any of these? (optional)',
    hint: 'If we put it on the site, readers see these first and choose whether to read on.',
  },
  publish: {
    legend: 'What may we do with it?',
    yes: "Put it on the site if a worker says it's OK (without anything that could show who you are)",
    no: 'Only the participation team reads it',
  },
  send: 'Send my words',
  honeypot: 'Leave this box empty',
};

/** The live character count under "Your words" (GOV.UK character count), and the identifying-information hints' heading. */
export const WORDS_COUNT = {
  limit: (max: number) => `You can enter up to ${count(max)} characters`,
  remaining: (n: number) => `You have ${count(n)} ${plural(n, 'character', 'characters')} remaining`,
  over: (n: number) => `You have ${count(n)} ${plural(n, 'character', 'characters')} too many`,
  guardTitle: "You won't get in trouble, but you might want to change this:",
};

export const SHARE_ERRORS = {
  kind: "Choose what you're sharing",
  body: 'Write your words in the box',
  bodyTooLong: (max: number) => `Your words must be ${count(max)} characters or fewer`,
  titleTooLong: (max: number) => `The title must be ${max} characters or fewer`,
  penNameTooLong: (max: number) => `The name to show must be ${max} characters or fewer`,
  place: 'Choose where you are, or "I\'d rather not say"',
  warnings: 'Choose content notes from the list',
  publish: 'Choose whether we may put your words on the site',
  workshopUnknown: "We don't recognise that workshop code. Check it with your group leader, or empty the box to send your words without a code.",
  workshopExpired: 'That workshop code has run out. Ask your group leader for a new one, or empty the box to send your words without a code.',
  workshopLimited: (seconds: number) => {
    const minutes = minutesFrom(seconds);
    return `That's a lot of codes tried, so please wait about ${minutes} ${plural(minutes, 'minute', 'minutes')} before trying another. You can empty the box and send your words now, without a code.`;
  },
};

/** Shown above the form when a send did not go; the words are always still in the form. */
export const SHARE_NOTICES = {
  tooFast: 'That was very quick, so we need you to check it and press Send again. Your words are still here.',
  expired: 'This form was open for a long time, so we need you to press Send again. Your words are still here.',
  honeypot: "Sorry, we couldn't send that. Please check the form and press Send again. Your words are still here.",
  rateLimited: (seconds: number) => {
    const minutes = minutesFrom(seconds);
    return `You've sent a lot in a short time, so please wait about ${minutes} ${plural(minutes, 'minute', 'minutes')} and press Send again. Your words are still here: you could copy them somewhere safe while you wait.`;
  },
  tooBig: (max: number) => `That was too long to send. Your words can be up to ${count(max)} characters.`,
  failed: "Sorry, something went wrong and we couldn't send that. Please try again.",
  promptClosed: "The question you followed has closed, so we can't add your words to it. You can still share them here, and a worker will read them.",
};
