/**
 * The identifying-information guard (docs/safeguarding.md, after Childline's house rules):
 * finds things a young person should not publish about themselves. It warns; it never blocks.
 *
 * It runs in the browser as they type and again on the server, so it has no imports.
 * Every repeat is bounded (`{1,20}`) and no repeated group can match the same text two
 * ways, so a long or hostile input is scanned in linear time. No lookbehind: older
 * iPhones reject it, and one unsupported regex would break the whole island.
 *
 * Young people write in any language and script. Emails, links, handles and phone numbers are
 * found in all of them, with digits of any script (Arabic-Indic ٠١٢, Eastern Arabic ۰۱۲,
 * Devanagari, Gurmukhi…) read as the digits they are; names, schools, addresses, places and
 * birthdays are found in English. What the form says about each kind is in the strings files
 * (src/i18n/strings/, `share.guard.hints`), in the page's language; the English is here, where
 * the moderation area reads it too.
 */

export type FlagKind =
  | 'email'
  | 'phone'
  | 'link'
  | 'handle'
  | 'postcode'
  | 'address'
  | 'school'
  | 'name'
  | 'age'
  | 'place';

/** Something that may identify the writer: `text === input.slice(start, end)`. */
export interface Flag {
  kind: FlagKind;
  start: number;
  end: number;
  text: string;
}

interface GuardOptions {
  /** Named local places (towns, parks, venues), from content/local-places.yaml. */
  places?: readonly string[];
}

/** What the share form says next to each flag: kind, plain, and never blaming. */
export const FLAG_HINTS: Record<FlagKind, string> = {
  email: "This looks like an email address. Anyone could read it, so it's safer to leave it out.",
  phone: "This looks like a phone number. Anyone could read it, so it's safer to leave it out.",
  link: "This looks like a link. Links can lead back to you, so it's safer to leave it out.",
  handle: "This looks like a social media username. Someone could find you with it, so it's safer to leave it out.",
  postcode: "This looks like a postcode. It could show where you live, so it's safer to leave it out.",
  address: "This looks like an address. It's safer not to say where you or anyone else lives.",
  school: "This looks like the name of a school or college. It could help someone work out who you are.",
  name: "This looks like a real name. Leaving names out keeps you and other people safe.",
  age: 'A birthday or a date like this could help someone work out who you are. You could leave it out.',
  place: "Naming a local place could help someone work out who you are. You could say 'a park' or 'a shop' instead.",
};

type Span = [start: number, end: number];
/** A rule's pattern must have the g flag; `span` narrows or rejects a match. */
interface Rule {
  kind: FlagKind;
  re: RegExp;
  span?: (m: RegExpExecArray, text: string) => Span | null;
}

const words = (list: string) => new Set(list.split(' '));

// Everyday words that end a name, username or street name, or show it is not one.
const COMMON = words(
  "a an the my your his her our their its this that these those i i'm im me we you he she they it is am are was were be been and or but so if then when where what who why how not no yes to at in on of for from with by as up down off out over about into near after before just very really too also still only even ever never always all any some every each other another same new old big little good bad nice private public deleted hacked blocked banned gone dead closed locked full empty boring rubbish mum dad nan gran go went going got get like love hate want now later today tomorrow tonight because cos kind anonymous secret ok okay please pls maybe sorry thanks there here back home town year again",
);

// Common first names of young people and adults in the area; word-like names (Will, May, Grace, Hope) left out for precision.
const FIRST_NAMES = words(
  'Aaron Adam Ahmed Aisha Alex Alfie Ali Amelia Amir Amy Archie Ava Ayesha Ben Beth Bethany Bilal Caitlin Callum Charlie Charlotte Chloe Chris Connor Courtney Craig Daniel Danielle David Dean Declan Demi Dylan Eleanor Ella Ellie Emily Emma Erin Ethan Eva Evie Fatima Freddie Freya Gemma George Hannah Harry Hassan Holly Ibrahim Imogen Isaac Isabella Isabelle Isla Jack Jacob Jade Jake James Jamie Jasmine Jayden Jess Jessica Jodie John Jordan Joseph Josh Joshua Kai Katie Kayla Kayleigh Keira Kelly Kieran Kyle Laura Lauren Layla Leah Leo Lewis Liam Lily Logan Lucas Lucy Luke Maisie Maryam Mason Matthew Megan Mia Michael Millie Mohammed Molly Muhammad Nathan Niamh Noah Olivia Oliver Omar Oscar Paige Paul Phoebe Poppy Rachel Rebecca Reece Riley Ruby Ryan Sam Samuel Sarah Scarlett Shannon Sophia Sophie Stacey Tia Tom Tyler Yusuf Zain Zainab Zara',
);

const STREET =
  'Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Grove|Terrace|Place|Court|Ct|Gardens|Walk|Hill|Row|Mews|Square|Rise|Vale|View|Croft|Green|Park|Parade|Gate|Bank';
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\b';
const DAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';
const ORDINAL = '\\d{1,2}(?:st|nd|rd|th)?';
// A date or a day close enough to give a birthday away.
const WHEN =
  `(?:on |in )?(?:the )?(?:${ORDINAL}(?: of)? ${MONTH}(?: \\d{4})?|${MONTH}(?: the)? ${ORDINAL}(?:,? \\d{4})?|${MONTH}(?: \\d{4})?` +
  `|\\d{1,2}[/.-]\\d{1,2}(?:[/.-]\\d{2,4})?|(?:19|20)\\d\\d|\\d{1,2}(?:st|nd|rd|th)|today|tomorrow|yesterday|${DAY}` +
  `|(?:next|this|last) (?:week(?:end)?|month|${DAY})|in (?:a|\\d{1,2}|two|three|a few) (?:days?|weeks?))\\b`;
// Postcode areas, so that "y9 3rd" is not read as a postcode.
const POSTCODE_AREAS =
  'AB|AL|B|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE';
const PLATFORM = 'snap(?:chat)?|sc|insta(?:gram)?|ig|tik ?tok|tt|kik|discord|twitter|telegram|twitch|fb|facebook|whatsapp|bereal';
// The same apps as Arabic and Urdu write them: snap, insta(gram), tiktok, whatsapp, telegram.
const PLATFORM_ARABIC_SCRIPT = 'سناب|سنيب|سنیپ|انستا|انستغرام|انسٹا|انسٹاگرام|تيك ?توك|تک ?ٹاک|ٹک ?ٹاک|واتس ?اب|واٹس ?ایپ|تلغرام|ٹیلیگرام';
// Generic words that can stand before "school" without naming one: "secondary school", "forest school".
const SCHOOL_DESCRIPTORS = words(
  'high primary secondary junior juniors infant infants nursery grammar comprehensive sixth form special private boarding catholic faith church state independent prep middle upper lower art drama dance music forest summer sunday night driving film girls boys local',
);
// Places people go to that are not schools: "I go to Sheffield", "I go to Church".
const NOT_SCHOOLS = words('sheffield barnsley doncaster derby rotherham leeds london manchester cambridge church mosque gurdwara temple chapel uni university college school');

// "Jordan Road" and "Jordan Academy" are a street and a school, not a person.
const NOT_SURNAME = new RegExp(`^(?:${STREET}|School|College|Academy)$`);

const isCapitalised = (word: string) => /^[A-Z]/.test(word);
const isCommon = (word: string) => COMMON.has(word.toLowerCase().replace(/['’]s$/, ''));
const lastGroup = (m: RegExpExecArray, group: string): Span => [m.index + m[0].length - group.length, m.index + m[0].length];
/** Sentence punctuation after a link or handle belongs to the sentence. */
const trimTrailing = (m: RegExpExecArray, start: number): Span => [start, start + m[0].slice(start - m.index).replace(/[.,;:!?'"’)\]،؛؟۔]+$/, '').length];
/** A word character, '+', '@' or '.' just before the match means it started mid-token, e.g. inside a longer number or an email. */
const startsMidWord = (m: RegExpExecArray, text: string) => m.index > 0 && /[\p{L}\p{N}_+@.]/u.test(text[m.index - 1]);

/** How many digits a match holds. */
const digitCount = (text: string) => text.replace(/\D/g, '').length;

// National helplines' sites (helplines.ts) say nothing about the writer, like their 0800 numbers.
const HELPLINE_SITE = /^(?:https?:\/\/)?(?:www\.)?(?:childline\.org\.uk|ceop\.police\.uk|nspcc\.org\.uk|samaritans\.org)(?:[/?#]|$)/i;
function linkSpan(m: RegExpExecArray, text: string): Span | null {
  const span = trimTrailing(m, m.index);
  return HELPLINE_SITE.test(text.slice(...span)) ? null : span;
}

function schoolSpan(m: RegExpExecArray, text: string): Span | null {
  const keyword = m[0];
  const end = m.index + keyword.length;
  const capitalisedKeyword = isCapitalised(keyword);
  // "high", "primary" and "sixth form" name a school only when written as a name: "Westfield High".
  if (!capitalisedKeyword && !/(?:school|college|academy)$/i.test(keyword)) return null;
  // Walk back word by word: the name is the run of words just before the keyword.
  const nameWords: string[] = [];
  let start = m.index;
  let capitalisedName: boolean | undefined;
  let stopper = '';
  while (nameWords.length < 4 && text[start - 1] === ' ') {
    const wordStart = text.lastIndexOf(' ', start - 2) + 1;
    const word = text.slice(wordStart, start - 1);
    capitalisedName ??= isCapitalised(word);
    if (!/^[\w'’.&-]{1,30}$/.test(word) || isCommon(word) || isCapitalised(word) !== capitalisedName) {
      stopper = word.toLowerCase();
      break;
    }
    nameWords.push(word);
    start = wordStart;
  }
  if (nameWords.every((w) => SCHOOL_DESCRIPTORS.has(w.toLowerCase())) || (capitalisedKeyword && !capitalisedName)) return null;
  // Lowercase writing has no capitals to go by, so ask for "to/at/from westfield school".
  if (!capitalisedName && !/^(?:to|at|from|attend|attends|attended)$/.test(stopper)) return null;
  let tailEnd = end;
  // Academies often put their place after the word: "Outwood Academy City".
  if (/academy$/i.test(keyword)) {
    for (const w of text.slice(end, end + 50).match(/^(?: [A-Z][a-z]{2,20}\b){0,2}/)![0].split(' ').slice(1)) {
      if (isCommon(w)) break;
      tailEnd += w.length + 1;
    }
  }
  return [start, tailEnd];
}

function nameIntroSpan(m: RegExpExecArray): Span | null {
  const [whole, first] = m;
  const second: string | undefined = m[2];
  if (isCommon(first)) return null;
  // "call me crazy" is not a name; "call me Jess" and "call me jess" are.
  if (/call me/i.test(whole) && !isCapitalised(first) && !FIRST_NAMES.has(first[0].toUpperCase() + first.slice(1))) return null;
  const start = m.index + whole.length - (second ? second.length + 1 : 0) - first.length;
  const withSurname = second && isCapitalised(first) && isCapitalised(second) && !isCommon(second);
  return [start, start + first.length + (withSurname ? second.length + 1 : 0)];
}

function handleSpan(m: RegExpExecArray): Span | null {
  const [whole, , connector, username] = m;
  const lead: string | undefined = m[1];
  const name = username.replace(/\.+$/, '');
  if (name.length < 2 || isCommon(name.replace(/^@/, ''))) return null;
  const explicit = /[:=@-]/.test(connector) || (lead !== undefined && (connector !== ' ' || !/^(?:my|m[oóô]j)/i.test(lead)));
  // "my insta jess.x" has no "is", but a dot, digit or underscore says username.
  if (!explicit && !/[\d_.]/.test(name)) return null;
  const start = m.index + whole.length - username.length;
  return [start, start + name.length];
}

const RULES: Rule[] = [
  // The local part starts where a run of its characters starts, so "a.a.a…" is tried once, not at every letter.
  // Letters of any script on either side of the @: "łucja@o2.pl", "علي@مثال.com".
  { kind: 'email', re: /(?:^|[^\p{L}\p{M}\p{N}_.%+-])([\p{L}\p{M}\p{N}_.%+-]{1,64}@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){1,4})/giu, span: (m) => lastGroup(m, m[1]) },
  {
    // Spelt out to dodge filters: "jess at gmail dot com", in Polish "małpa … kropka", in Slovak "zavináč … bodka".
    kind: 'email',
    re: /(?:^|[^\w.%+-])([\w.%+-]{1,64}(?: (?:at|małpa|malpa|zavináč|zavinac) | ?[([]at[)\]] ?)[a-z\d-]{2,63}(?: (?:dot|kropka|bodka) | ?[([]dot[)\]] ?)(?:com|net|org|pl|sk|co(?:\.| dot )uk))\b/gi,
    span: (m) => lastGroup(m, m[1]),
  },
  {
    // UK mobiles, landlines and non-geographic 03 numbers; 080x freephone helplines are fine to mention.
    kind: 'phone',
    re: /(?:(?:\+|00) ?44 ?(?:\(0\) ?)?|\(?0)[1237](?:[ ()-]{0,2}\d){8,9}(?!\d)/g,
    span: (m, text) => (startsMidWord(m, text) ? null : [m.index, m.index + m[0].length]),
  },
  {
    // Any country's number with its code: "+48 601 234 567", "00421 901 234 567", "+92 300 1234567".
    kind: 'phone',
    re: /(?:\+|00) ?[1-9]\d{0,2}(?:[ ()-]{0,2}\d){6,12}(?!\d)/g,
    span: (m, text) => (startsMidWord(m, text) ? null : [m.index, m.index + m[0].length]),
  },
  {
    // A number as other countries write it at home, in groups: "601 234 567", "0901 234 567",
    // "0300 1234567". Freephone 080x numbers (helplines) and runs too long for a phone are not.
    kind: 'phone',
    // It starts only where a run of digits starts, so a long run is tried once, not at every digit.
    re: /(?:^|[^\p{L}\p{N}_+@.])(\d{2,4}(?:[ -]?\d{2,7}){1,3})(?!\d)/gu,
    span: (m) => {
      const digits = digitCount(m[1]);
      return digits < 9 || digits > 11 || m[1].startsWith('080') ? null : lastGroup(m, m[1]);
    },
  },
  { kind: 'link', re: /\b(?:https?:\/\/|www\.)[^\s<>"]{1,300}/gi, span: linkSpan },
  {
    kind: 'link',
    re: /\b[a-z\d][a-z\d-]{0,62}(?:\.[a-z\d-]{1,63}){0,3}\.(?:co\.uk|org\.uk|com|org|net|uk|io|me|tv|ly|gg|app|xyz|info|biz|co|link|site|online|eu|pl|sk|cz|pk|ae|sa|eg)\b(?:\/[^\s<>"]{0,200})?/gi,
    span: linkSpan,
  },
  {
    kind: 'handle',
    re: /@[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.]{0,29}/giu,
    span: (m, text) => (startsMidWord(m, text) ? null : trimTrailing(m, m.index)),
  },
  {
    kind: 'handle',
    re: new RegExp(
      // Polish and Slovak say it too: "mój snap to …", "môj insta je …".
      `\\b((?:my|add me on|follow me on|message me on|msg me on|dm me on|find me on|hmu on|text me on|mój|moj|môj) )?(?:${PLATFORM})(?: (?:name|username|user name|handle|account|id))?( ?[:=@-] ?| is | it['’]?s |['’]s | to | je | )(@?[a-z\\d_.]{1,30})`,
      'gi',
    ),
    span: handleSpan,
  },
  {
    // "سنابي: jess_x" (my snap), "میرا انسٹا jess.x ہے": usernames are in Latin letters whatever the sentence.
    kind: 'handle',
    re: new RegExp(`(?:${PLATFORM_ARABIC_SCRIPT})\\p{L}{0,3}(?: ?[:=@-] ?| )(@?[a-z\\d_.]{1,30})`, 'giu'),
    span: (m) => {
      const [whole, username] = m;
      const name = username.replace(/\.+$/, '');
      // As in English: a colon says username; without one, a dot, digit or underscore must.
      const explicit = /[:=@-]/.test(whole.slice(0, whole.length - username.length));
      if (name.length < 2 || (!explicit && !/[\d_.]/.test(name))) return null;
      const start = m.index + whole.length - username.length;
      return [start, start + name.length];
    },
  },
  { kind: 'postcode', re: new RegExp(`\\b(?:${POSTCODE_AREAS})\\d[a-z\\d]? ?\\d[abd-hjlnp-uw-z]{2}\\b`, 'gi') },
  { kind: 'address', re: new RegExp(`\\b\\d{1,4}[A-Za-z]?,? (?:[A-Z][a-z'’-]{1,20} ){1,3}(?:${STREET})\\b`, 'g') },
  {
    // Lowercase addresses count only after "I live at": "i live at 4 mill road", "she lives on abbey lane".
    kind: 'address',
    re: new RegExp(`\\b(?:live|lives|living|stay|staying|moved|address is)(?: at| on| in| to| off)? ((?:\\d{1,4}[a-z]?,? )?((?:[a-z'’-]{2,20} ){1,3})(?:${STREET}))\\b`, 'gi'),
    span: (m) => (m[2].trim().split(' ').some(isCommon) ? null : lastGroup(m, m[1])),
  },
  {
    kind: 'school',
    re: /\b(?:(?:high|primary|junior|infant|grammar|secondary|community|sixth form) )?(?:school|college|academy)\b|\b(?:high|primary|juniors|infants|grammar|sixth form)\b/gi,
    span: schoolSpan,
  },
  {
    // "I go to St Mary's"; without "St", "I go to <Name>" is as often a town or a shop as a school.
    kind: 'school',
    re: /\b(?:(?:[Ii]|[Ww]e|[Tt]hey|[Ss]?[Hh]e) go(?:es)? to (?=St\b|St\.|Saint\b)|[Ii] attend |[Ii](?: am|['’]?m) in (?:[Yy]ear|[Yy]r) ?\d{1,2} at )([A-Z][\w'’.-]{1,20}(?: [A-Z][\w'’.-]{1,20}){0,3})/g,
    span: (m) => {
      const name = m[1].split(' ');
      return isCommon(name[0]) || name.some((w) => NOT_SCHOOLS.has(w.toLowerCase())) ? null : lastGroup(m, m[1]);
    },
  },
  {
    kind: 'name',
    re: /\b(?:my (?:real |full |actual |first |last |sur)?name(?:['’]?s| is)|i['’]?m called|i am called|(?:they |people |everyone |just )?call me) ([a-z][a-z'’-]{1,20})(?: ([a-z][a-z'’-]{1,20}))?/gi,
    span: nameIntroSpan,
  },
  {
    // A common first name then a capitalised word: "Jess Smith". The lookahead lets "Hi Jess Smith" retry at "Jess".
    kind: 'name',
    re: /\b([A-Z][a-z]{1,14})(?= ([A-Z][a-z'’-]{1,20})\b)/g,
    span: (m) => {
      const [, first, surname] = m;
      if (!FIRST_NAMES.has(first) || isCommon(surname) || SCHOOL_DESCRIPTORS.has(surname.toLowerCase()) || NOT_SURNAME.test(surname)) return null;
      return [m.index, m.index + first.length + 1 + surname.length];
    },
  },
  { kind: 'name', re: /\b(?:Mr|Mrs|Ms|Miss)\.? [A-Z][a-z'’-]{1,20}/g, span: (m) => (isCommon(m[0].split(' ')[1]) ? null : [m.index, m.index + m[0].length]) },
  {
    kind: 'age',
    re: new RegExp(`\\b(?:i['’]?m|i am|i turn(?:ed|s)?|i['’]ll be|i will be|(?:i['’]?m |i am )?turning) \\d{1,2}(?: years? old)? ${WHEN}`, 'gi'),
  },
  {
    kind: 'age',
    re: new RegExp(`\\b(?:my (?:${ORDINAL} )?(?:birthday|bday|b['’]day|birth ?date|date of birth)(?:['’]s| is| was)?|d\\.?o\\.?b\\.?:?|born) ${WHEN}`, 'gi'),
  },
  { kind: 'age', re: new RegExp(`\\b(?:it['’]?s|it is|today['’]?s|today is|tomorrow['’]?s|tomorrow is) my (?:${ORDINAL} )?(?:birthday|bday|b['’]day)\\b`, 'gi') },
];

// When two flags overlap and are the same length, the earlier kind here is the more specific.
const PRIORITY: FlagKind[] = ['email', 'phone', 'link', 'postcode', 'address', 'handle', 'place', 'school', 'name', 'age'];

const placeRules = new WeakMap<readonly string[], Rule>();

/** `\b` holds only beside a word character, so a name that starts or ends with punctuation is bounded only at its word ends. */
const wordBounded = (name: string, pattern: string) => `${/^\w/.test(name) ? '\\b' : ''}${pattern}${/\w$/.test(name) ? '\\b' : ''}`;

function placeRule(places: readonly string[]): Rule | null {
  let rule = placeRules.get(places);
  if (!rule) {
    const names = places
      .map((p) => p.trim())
      .filter(Boolean)
      .sort((a, b) => b.length - a.length)
      .map((p) => wordBounded(p, p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]").replace(/[\s-]+/g, '[\\s-]{1,3}')));
    if (names.length === 0) return null;
    rule = { kind: 'place', re: new RegExp(names.join('|'), 'gi') };
    placeRules.set(places, rule);
  }
  return rule;
}

// Digits of other scripts, as 0-9. Unicode puts each script's digits in a run of ten from its
// zero, so a digit's value is its place in its run. The table of them is made once, when first needed.
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;
let digitTable: Int8Array | undefined;
function digitValues(): Int8Array {
  if (!digitTable) {
    digitTable = new Int8Array(0x10000).fill(-1);
    let value = 0;
    for (let code = 0x80; code < 0x10000; code++) {
      if (!OTHER_DIGIT.test(String.fromCharCode(code))) continue;
      value = digitTable[code - 1]! >= 0 ? digitTable[code - 1]! + 1 : 0;
      digitTable[code] = value % 10;
    }
  }
  return digitTable;
}
/** The text with every digit as 0-9, the same length (digits outside the BMP, two code units, are left as they are). */
function withAsciiDigits(text: string): string {
  if (!OTHER_DIGIT.test(text)) return text;
  const values = digitValues();
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 0x80 ? -1 : values[code]!;
    codes[i] = value < 0 ? code : 0x30 + value;
  }
  return new TextDecoder('utf-16le').decode(codes);
}

/** Finds identifying information in `text`: sorted by start, never overlapping. */
export function findIdentifyingInfo(text: string, options: GuardOptions = {}): Flag[] {
  const place = options.places && placeRule(options.places);
  const rules = place ? [...RULES, place] : RULES;
  // Rules read 0-9; the flags keep the digits as written.
  const scanned = withAsciiDigits(text);
  const found: Flag[] = [];
  for (const rule of rules) {
    for (const m of scanned.matchAll(rule.re)) {
      const span = rule.span ? rule.span(m, scanned) : [m.index, m.index + m[0].length];
      if (span && span[1] > span[0]) found.push({ kind: rule.kind, start: span[0], end: span[1], text: text.slice(span[0], span[1]) });
    }
  }
  return withoutOverlaps(found);
}

/** Keeps the longer (or, if equal, the more specific) of two overlapping flags. */
function withoutOverlaps(flags: Flag[]): Flag[] {
  flags.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
  const kept: Flag[] = [];
  for (const flag of flags) {
    const last = kept[kept.length - 1];
    if (!last || flag.start >= last.end) kept.push(flag);
    else if (flag.end - flag.start > last.end - last.start) kept[kept.length - 1] = flag;
  }
  return kept;
}
