/**
 * The urgent screen (docs/safeguarding.md, "Urgent help"): text that suggests immediate
 * danger or self-harm marks a submission urgent, so facilitators see it first and the
 * young person is shown the get-help-now panel. A triage aid: it never blocks.
 *
 * It prefers recall: a facilitator reading a false alarm early costs little, a missed
 * one costs a great deal. So a past wish to die ("I used to want to die") is urgent too,
 * and so is a plan: a method or the means named ("I've got the pills", "going to jump off
 * the bridge").
 *
 * Young people write in any language whatever page they are on, so every language's phrases
 * are looked for in every text. Each language in src/i18n/languages.ts has its own; they are
 * drafts until someone who speaks the language checks them, like its strings.
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

const ENGLISH = [
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
  '(?:take|took|taking|swallow(?:ed|ing)?|down(?:ed)?) (?:all (?:of )?(?:my|the)|loads of|lots of|a lot of|too many|a (?:load|bunch|handful) of|handfuls of|a (?:whole )?(?:bottle|box|packet|pack) of) (?:pills|tablets|paracetamol|painkillers|sleeping pills|meds)',
  'hang(?:ing)? myself',
  // A plan: the method, or the means to hand.
  '(?:jump|jumping|throw myself|throwing myself) (?:off|from) (?:a|the|that|our) (?:bridge|building|roof|cliff|car park|multi-?storey|balcony|tower|block of flats|flyover|window)',
  '(?:jump|jumping|step|stepping|throw myself|walk out) (?:in front of|under) (?:a|the) (?:train|bus|car|lorry|truck|tram)',
  '(?:lie|lay|lying|laying) (?:down )?on the (?:train |railway )?(?:tracks?|line|railway)',
  '(?:walk|walking|go|going) into the (?:sea|river|canal)',
  'drown(?:ing)? myself',
  '(?:slit|slitting|cut|cutting|slash|slashing) my (?:wrists?|throat)',
  'noose',
  'rope to hang',
  "(?:i've|i have|i've got|i got|i have got|got) (?:the|enough|all the|a load of|loads of|a stash of|a (?:bottle|box|packet) of) (?:pills|tablets|paracetamol|painkillers|sleeping pills)",
  '(?:saving|saved|stockpil(?:e|ed|ing)|hoarding|collecting) (?:up )?(?:my |the )?(?:pills|tablets|meds|medication|paracetamol|painkillers)',
  "(?:i've|i have|i've got|i got|i keep|hid|hidden|hiding) (?:a )?(?:razor )?blades?",
  '(?:wrote|written|writing|write|left|leave|leaving) (?:a |my )?(?:suicide|goodbye) (?:note|letter)',
  'suicide note',
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

// The other languages' phrases, written as a young person would, with or without accents: they
// are folded like the text (accents off, one spelling of each Arabic-script letter) before use.
const ARABIC = [
  // Suicide and self-harm: Modern Standard Arabic and everyday Levantine, Gulf and Egyptian.
  'اريد ان اموت', 'اريد الموت', 'بدي موت', 'بدي اموت', 'ابي اموت', 'ابغى اموت', 'عايز اموت', 'عايزة اموت', 'نفسي اموت',
  'اتمنى الموت', 'اتمنى اني اموت', 'اتمنى اموت', 'ودي اموت', 'ليتني ميت',
  'اقتل نفسي', 'اقتل حالي', 'انتحر', 'افكر في الانتحار', 'افكر بالانتحار', 'حاولت الانتحار', 'افكار انتحارية',
  'اؤذي نفسي', 'اذيت نفسي', 'اجرح نفسي', 'جرحت نفسي', 'انهي حياتي', 'انهاء حياتي',
  'لا اريد ان اعيش', 'ما بدي عيش', 'ما ابي اعيش', 'مش عايز اعيش', 'مش عايزة اعيش',
  'لا استطيع التحمل', 'ما عدت اتحمل', 'ما بقدر اتحمل',
  'جرعة زائدة', 'كل الحبوب', 'عندي الحبوب', 'ارمي نفسي',
  // Danger now.
  'هو برا', 'هو بالخارج', 'ينتظرني برا', 'ينتظرني في الخارج', 'يجبرني', 'يجبرونني', 'يجبروني',
  'لست بامان', 'مش بامان', 'لا اشعر بالامان', 'ما حاسة بالامان', 'ما حاس بالامان',
  'حبسني', 'حابسني', 'قفل علي الباب', 'لا استطيع الهرب', 'ما اقدر اهرب', 'مش قادرة اهرب',
  'سيقتلني', 'رح يقتلني', 'راح يقتلني', 'بيقتلني', 'يهددني', 'هددني', 'يبتزني',
  'عنده صوري', 'معه صوري', 'سينشر صوري', 'رح ينشر صوري', 'ينشر صوري',
  'لازم اقابله الليلة', 'انا في خطر', 'انا بخطر', 'ارجوك ساعدني', 'ارجوكم ساعدوني', 'حدا يساعدني', 'احد يساعدني',
];

const URDU = [
  // Suicide and self-harm.
  'مرنا چاہتا ہوں', 'مرنا چاہتی ہوں', 'مر جانا چاہتا', 'مر جانا چاہتی', 'کاش میں مر جاؤں', 'کاش میں مر جاتی', 'کاش میں مر جاتا',
  'زندہ نہیں رہنا', 'جینا نہیں چاہتی', 'جینا نہیں چاہتا',
  'خود ?کشی کر', 'خود ?کشی کا سوچ', 'خود ?کشی کے بارے میں سوچ', 'خود ?کشی کی کوشش',
  'اپنے آپ کو مار', 'خود کو مار', 'خود کو ختم', 'خود کو نقصان', 'خود کو کاٹ', 'اپنی جان لے', 'اپنی زندگی ختم',
  'ساری گولیاں', 'گولیاں کھا لوں', 'برداشت نہیں کر سکتی', 'برداشت نہیں کر سکتا',
  // Danger now.
  'وہ باہر ہے', 'وہ باہر کھڑا', 'باہر انتظار کر رہا', 'مجبور کر رہا', 'مجبور کرتا', 'مجبور کرتے',
  'میں محفوظ نہیں', 'گھر میں محفوظ نہیں', 'محفوظ محسوس نہیں',
  'مجھے بند کر', 'بھاگ نہیں سکتی', 'بھاگ نہیں سکتا', 'مار ڈالے گا', 'مجھے مار دے گا',
  'پاس میری تصویریں', 'میری تصویریں پھیلا', 'تصویریں شیئر کر دے گا', 'بلیک میل', 'دھمکی دے',
  'میری مدد کرو', 'کوئی میری مدد کرے', 'میں خطرے میں ہوں', 'آج رات ملنا ہے',
];

const SLOVAK = [
  // Suicide and self-harm.
  'chcem zomrieť', 'chcela by som zomrieť', 'chcel by som zomrieť', 'nechcem (?:už )?žiť', 'zabijem sa', 'chcem sa zabiť',
  // Slovak puts sa before the verb after a modal or an adverb (chcela by som sa zabiť, zajtra sa zabijem).
  'sa zabi(?:ť|jem)', 'sa (?:režem|porežem)', 'ublížim si', 'si ublížim',
  'spáchať samovraždu', 'spáchám samovraždu', 'myslím na samovraždu', 'myšlienky na samovraždu', 'samovražedné myšlienky', 'pokus o samovraždu',
  'ubližujem si', 'ublížiť si', 'režem sa', 'porezala som sa', 'porezal som sa', 'predávkova(?:ť|la|l|nie)',
  'všetky tabletky', 'skončiť so životom', 'ukončiť svoj život', 'vziať si život', 'neznesiem to', 'už to nezvládam', 'už nevládzem',
  // Danger now.
  'čaká vonku', 'stojí vonku', 'je pred domom', 'núti ma', 'nútia ma', 'donucuje ma',
  'nie som v bezpečí', 'necítim sa (?:v )?bezpečn(?:e|á|ý)', 'zamkol ma', 'zamkli ma', 'nemôžem utiecť', 'zabije ma', 'ublíži mi',
  'má moje fotky', 'zverejní moje fotky', 'vydiera ma', 'prosím pomôžte mi', 'nech mi niekto pomôže', 'som v nebezpečenstve', 'dnes večer príde',
];

const POLISH = [
  // Suicide and self-harm.
  'chcę umrzeć', 'chciałabym umrzeć', 'chciałbym umrzeć', 'nie chcę (?:już )?żyć', 'zabiję się', 'zabić się',
  // Polish puts się before the verb after a modal or an adverb (chcę się zabić, jutro się zabiję).
  'się zabi(?:ć|ję)', 'się (?:tnę|pocięłam|pociąłem|okaleczam)', 'zrobię sobie krzywdę',
  'popełnię samobójstwo', 'popełnić samobójstwo', 'myślę o samobójstwie', 'myśli samobójcze', 'próbowałam się zabić', 'próbowałem się zabić',
  'targnąć się na życie', 'odebrać sobie życie', 'skończyć ze sobą', 'skończę ze sobą',
  'robię sobie krzywdę', 'zrobić sobie krzywdę', 'tnę się', 'pocięłam się', 'pociąłem się', 'okaleczam się', 'przedawkow(?:ać|ałam|ałem|anie)',
  'wszystkie tabletki', 'nie dam rady dłużej', 'nie wytrzymam', 'mam dość życia',
  // Danger now.
  'czeka na zewnątrz', 'stoi pod domem', 'jest pod domem', 'zmusza mnie', 'zmuszają mnie',
  'nie jestem bezpieczn(?:a|y)', 'nie czuję się bezpiecznie', 'zamknął mnie', 'zamknęli mnie', 'nie mogę uciec', 'zabije mnie',
  'ma moje (?:nagie )?zdjęcia', 'wrzuci moje zdjęcia', 'szantażuje mnie', 'ratunku', 'niech ktoś mi pomoże', 'proszę pomóżcie mi', 'jestem w niebezpieczeństwie',
];

/** Every language's phrases, by the code in src/i18n/languages.ts. */
export const URGENT_PHRASES: Readonly<Record<string, readonly string[]>> = { en: ENGLISH, ar: ARABIC, ur: URDU, sk: SLOVAK, pl: POLISH };

// One spelling for each Arabic-script letter written several ways: Arabic and Urdu keyboards,
// and people, differ (ي ى ی ے; ك ک; ه ة ہ ۃ ە ھ). Hamzas and short vowels go with the accents.
const LETTERS: Record<string, string> = { 'ي': 'ی', 'ى': 'ی', 'ے': 'ی', 'ك': 'ک', 'ة': 'ه', 'ہ': 'ه', 'ۃ': 'ه', 'ە': 'ه', 'ھ': 'ه', 'ł': 'l', 'ـ': '' };
const LETTER = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** Lowercase, without accents or Arabic-script vowel marks, one spelling of each letter. */
const foldLetters = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    // Zero-width joiners and non-joiners (خود‌کشی typed with one) are not letters.
    .replace(/[\u200C\u200D]/g, '')
    .toLowerCase()
    .replace(LETTER, (letter) => LETTERS[letter]!);

// Arabic-script phrases are found inside longer words too (و "and", ف "so" and others join the
// word they come before); the rest as whole words.
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const allPhrases = Object.values(URGENT_PHRASES).flat().map(foldLetters);
const wholeWords = allPhrases.filter((phrase) => !ARABIC_SCRIPT.test(phrase));
const insideWords = allPhrases.filter((phrase) => ARABIC_SCRIPT.test(phrase));
const URGENT = new RegExp(`\\b(?:${wholeWords.join('|')})\\b|${insideWords.join('|')}`, 'g');

/** Lowercase, without accents, straight apostrophes, single spaces, and contractions folded. */
function fold(text: string): string {
  return foldLetters(text)
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
