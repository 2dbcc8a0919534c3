/**
 * The urgent screen (docs/safeguarding.md, "Urgent help"): text that suggests immediate
 * danger or self-harm marks a submission urgent, so facilitators see it first and the
 * young person is shown the get-help-now panel. A triage aid: it never blocks.
 *
 * It prefers recall: a facilitator reading a false alarm early costs little, a missed
 * one costs a great deal. So a past wish to die ("I used to want to die") is urgent too.
 */

interface UrgentResult {
  urgent: boolean;
  /** The phrases that matched, lowercase, as folded (e.g. "i'm not safe"). */
  matches: string[];
}

// Spellings folded to one form so each phrase is written once: "im", "i am" → "i'm"; "cannot" → "can't".
const FOLDS: Record<string, string> = {
  im: "i'm",
  'i am': "i'm",
  hes: "he's",
  'he is': "he's",
  shes: "she's",
  'she is': "she's",
  theyre: "they're",
  'they are': "they're",
  cant: "can't",
  cannot: "can't",
  'can not': "can't",
  wont: "won't",
  'will not': "won't",
  dont: "don't",
  'do not': "don't",
  doesnt: "doesn't",
  'does not': "doesn't",
};
const FOLDABLE = new RegExp(`\\b(?:${Object.keys(FOLDS).join('|')})\\b`, 'g');

const PEOPLE = "(?:he's|she's|they're)";
const PICTURES = '(?:photos|pics|pictures|nudes|videos|vids)';

const URGENT_PHRASES = [
  // Suicide and self-harm.
  'kill(?:ing)? myself(?! laughing)',
  'kms',
  '(?:want(?:ed|ing)? (?:to|2)|wanna) die(?! (?:my|her|his|your|their|it) hair)',
  'wish i (?:was|were) dead',
  "wish i (?:was never|wasn't|had never been) born",
  'better off (?:dead|without me)',
  'no reason to live',
  "(?:don't|doesn't) want to (?:live|be alive|exist|wake up)",
  "don't want to be here any ?more",
  '(?:end|ending) (?:it all|my life)',
  'take my (?:own )?life',
  'suicidal',
  '(?:commit|attempt(?:ed|ing)?|thinking about|thoughts of) suicide',
  '(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving) myself',
  '(?:i|my|to) self[- ]?harm',
  'self[- ]?harming',
  'overdos(?:e|ed|ing)',
  '(?:take|took|taking|swallow(?:ed)?) (?:all (?:my|the)|loads of|too many) (?:pills|tablets)',
  'hang myself',
  'jump off (?:a|the) (?:bridge|building|roof|cliff)',
  "can't (?:go on|do this any ?more|take (?:it|this) any ?more|take any ?more|cope any ?more)",
  // Danger now, or tonight.
  `${PEOPLE} (?:waiting )?outside`,
  `${PEOPLE} (?:coming|on (?:his|her|their) way) (?:for me|to get me|round|over)`,
  `${PEOPLE} (?:making|forcing) me`,
  'forc(?:ing|ed) me to',
  'tonight (?:he|she|they)',
  "(?:he|she|they)(?:'s|'re)? (?:coming|picking me up|taking me) tonight",
  'meet(?:ing)? (?:him|her|them) (?:later|tonight)',
  "can't (?:get away|escape|get out|leave|go home)",
  "won't let me (?:leave|go home)",
  'locked (?:me )?in(?:side)?',
  'not safe (?:at home|here|with)',
  "i'm not safe",
  "(?:don't|doesn't) feel safe",
  '(?:scared|afraid|frightened|terrified) (?:to go|of going) (?:home|back)',
  '(?:going to|gonna|will|wants to|threaten(?:ed|ing|s)? to) (?:hurt|kill|beat|rape) me',
  "(?:he|she|they)'ll (?:hurt|kill) me",
  `(?:he|she|they|someone)(?:'s got|'ve got| has| have| has got| got) my ${PICTURES}`,
  `threaten(?:ed|ing|s)? to (?:share|send|post|leak|show|expose)`,
  `(?:share|send|post|leak) my nudes`,
  'blackmail(?:ing|ed)? me',
  "(?:he's|she's|they've) got a (?:knife|gun)",
  '(?:he|she|they) (?:has|have) a (?:knife|gun)',
  "i'm in danger",
  'being followed',
  '(?:please|someone) help me',
];
const URGENT = new RegExp(`\\b(?:${URGENT_PHRASES.join('|')})\\b`, 'g');

/** Lowercase, straight apostrophes, single spaces, and contractions folded. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(FOLDABLE, (found) => FOLDS[found] ?? found)
    .replace(/\bi ?'m\b/g, "i'm");
}

/** Screens a young person's words for immediate danger or self-harm. */
export function screenUrgent(text: string): UrgentResult {
  const matches = [...new Set(Array.from(fold(text).matchAll(URGENT), (m) => m[0]))];
  return { urgent: matches.length > 0, matches };
}
