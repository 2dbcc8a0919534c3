import { describe, expect, it } from 'vitest';
import { screenUrgent, URGENT_PHRASES } from '../../../src/lib/safeguarding/urgentScreen.ts';
import { LANGUAGES } from '../../../src/i18n/languages.ts';
import { bestTime } from '../support/bestTime';

// Each is urgent: the starting phrases in docs/safeguarding.md, then the ways young people write them.
const URGENT = [
  "I'm going to kill myself",
  'i want to die',
  "I just want to end it all",
  'I hurt myself again last night',
  "he's outside",
  "they're making me go to parties",
  'tonight he wants me to go to a flat',
  "I can't get away from him",
  "I'm locked in my room",
  "I'm not safe at home",
  "I have to meet him later or he'll be angry",
  'he has my photos',
  // Spellings, apostrophes, spaces and case.
  'im going to kill myself',
  'I AM GOING TO KILL MYSELF',
  'i   want   to\n\ndie',
  'He’s outside my house',
  'he is outside',
  'hes outside right now',
  'She’s outside',
  "they're outside the school waiting",
  'theyre outside',
  'I cannot get away',
  'i cant get away',
  'I can not get away from them',
  'I wanna die',
  'want 2 die',
  'I wanted to die',
  'kms',
  "I don't want to be here anymore",
  'i dont want to be here any more',
  "I don't want to live",
  'I cut myself',
  "I've been self harming",
  'I self-harm when it gets bad',
  'I took an overdose',
  'thinking about taking all my pills',
  "I'm suicidal",
  "I can't go on like this",
  "I can't take it anymore",
  'everyone would be better off without me',
  'I wish I was dead',
  'he won’t let me leave',
  'he wont let me go home',
  "he said he's going to hurt me",
  'they threatened to kill me',
  'he is threatening to share my pics',
  "he's threatening to send my nudes to everyone",
  "he's got my nudes",
  "I don't feel safe",
  "I'm scared to go home",
  "I'm not safe",
  'he locked me in',
  "he's got a knife",
  'someone help me',
  "I'm meeting him tonight",
  "he's picking me up tonight",
  "they're forcing me to sell stuff",
  "he's blackmailing me",
  // A plan: the method, or the means to hand.
  "I've got the pills",
  "i've got enough tablets now",
  'I have been saving up my tablets for weeks',
  'I took a load of tablets',
  'took a handful of paracetamol last night',
  "I'm going to jump off the bridge tonight",
  'gonna jump off the multi-storey',
  'I want to jump in front of a train',
  'I keep thinking about lying on the railway line',
  "I've written my suicide note",
  'I left a goodbye letter for my mum',
  'I want to walk into the sea',
  "I'm going to slit my wrists",
  'I made a noose',
  "I've got blades hidden in my room",
  'I might just drown myself',
];

// Each is not urgent. Where a phrase is near a line, the comment says which way it falls and why.
const NOT_URGENT = [
  'I feel safe at home now',
  'he was outside the school years ago',
  // "end of it all" is not "end it all": a poem about an ending is not a plan.
  'this poem is about the end of it all',
  'I want to dye my hair blue',
  'I want to die my hair blue',
  'this homework is killing me',
  'I nearly died laughing',
  'I could kill myself laughing at that video',
  "I'm safe now and I have people to talk to",
  "my mum won't let me go out on school nights",
  'I hurt my ankle playing netball',
  'we locked eyes across the room',
  "I can't wait to see my friends later",
  'he made me feel special at first',
  "tonight I'm going to the cinema with my mates",
  "I'm meeting my friends later",
  "he's outstanding at football",
  'I used to think it was my fault',
  'it took me ages to get away from the bus stop',
  'the film talks about self-harm and how to get help',
  "it's not safe to walk through the park at night",
  'I got my photos printed for my nan',
  'the Childline number is 0800 1111',
  "I'm not scared any more",
  // Near the plans, but not one.
  'I take my tablets every morning',
  'I took paracetamol for my headache',
  'I have to take two tablets a day',
  'I got a new tablet for my birthday',
  'we jumped off the diving board at swimming',
  "I'm going to the river with my mates",
  'we walked along the canal',
  'I bought a skipping rope',
  'he cut his finger on a blade of grass',
  'the note said see you later',
  'the bridge was closed so we walked round',
];

// Each language's own words for the same things, and everyday sentences that must not trigger.
const URGENT_BY_LANGUAGE: Record<string, string[]> = {
  ar: ['أريد أن أموت', 'بدي موت', 'سأنتحر الليلة', 'جرحت نفسي مرة ثانية', 'هو برا البيت الحين', 'لست بأمان في البيت', 'عنده صوري وراح ينشرها', 'أخذت كل الحبوب', 'اتمنى اموت', 'ودي اموت'],
  ur: ['میں مرنا چاہتی ہوں', 'میں خودکشی کر لوں گی', 'وہ باہر ہے اور میں ڈری ہوئی ہوں', 'میں گھر میں محفوظ نہیں ہوں', 'اس کے پاس میری تصویریں ہیں', 'خود کو کاٹ لیتی ہوں', 'میں خود\u200Cکشی کر لوں گی'],
  sk: ['Chcem zomrieť', 'chcem zomriet', 'Už nechcem žiť', 'Zabijem sa', 'Doma nie som v bezpečí', 'Čaká vonku pred školou', 'Má moje fotky a vydiera ma', 'porezala som sa znova', 'Zajtra sa zabijem', 'Chcela by som sa zabiť', 'Zase sa režem'],
  pl: ['Chcę umrzeć', 'chce umrzec', 'Nie chcę już żyć', 'zabiję się dziś', 'Nie jestem bezpieczna w domu', 'Czeka na zewnątrz', 'Ma moje zdjęcia i mnie szantażuje', 'Tnę się od roku', 'Chcę się zabić', 'Chciałabym się zabić', 'Mam ochotę się zabić', 'Jutro się zabiję', 'Znowu się tnę', 'Zrobię sobie krzywdę'],
};
const NOT_URGENT_BY_LANGUAGE: Record<string, string[]> = {
  ar: ['الفيلم يتحدث عن الانتحار وكيف تحصل على مساعدة', 'أنا بأمان الآن', 'أمي ساعدتني كثيرا', 'أحب الرسم والشعر', 'ذهبت إلى المدرسة اليوم'],
  ur: ['میں اب محفوظ ہوں', 'یہ فلم خودکشی کے موضوع پر ہے', 'میری امی نے میری بہت مدد کی', 'مجھے شاعری پسند ہے'],
  sk: ['Teraz som v bezpečí', 'Vonku je zima', 'Pomôž mi s úlohou', 'Film hovorí o samovražde a o tom, kde hľadať pomoc', 'Mama mi veľmi pomohla'],
  pl: ['Jestem teraz bezpieczna', 'Mama mi bardzo pomogła', 'Film mówi o samobójstwie i o tym, jak szukać pomocy', 'Lubię pisać wiersze', 'Poszłam dziś do szkoły'],
};

describe('screenUrgent', () => {
  it.each(URGENT)('marks %j urgent', (text) => {
    const result = screenUrgent(text);
    expect(result.urgent).toBe(true);
    expect(result.matches.length).toBeGreaterThan(0);
  });

  it.each(NOT_URGENT)('does not mark %j urgent', (text) => {
    expect(screenUrgent(text)).toEqual({ urgent: false, matches: [] });
  });

  it.each(Object.entries(URGENT_BY_LANGUAGE).flatMap(([lang, texts]) => texts.map((text) => [lang, text])))('marks %s %j urgent', (_, text) => {
    expect(screenUrgent(text!).urgent).toBe(true);
  });

  it.each(Object.entries(NOT_URGENT_BY_LANGUAGE).flatMap(([lang, texts]) => texts.map((text) => [lang, text])))('does not mark %s %j urgent', (_, text) => {
    expect(screenUrgent(text!)).toEqual({ urgent: false, matches: [] });
  });

  it('catches an Urdu and a Slovak phrase inside longer writing, whatever page it was written on', () => {
    expect(screenUrgent('مجھے سمجھ نہیں آتا کیا کروں۔ کبھی کبھی میں مرنا چاہتی ہوں۔').matches).toEqual(['مرنا چاهتی هوں']);
    expect(screenUrgent('Neviem, čo mám robiť. Niekedy chcem zomrieť.').matches).toEqual(['chcem zomriet']);
  });

  it('has phrases for every language the pages come in', () => {
    for (const { code } of LANGUAGES) expect(URGENT_PHRASES[code]?.length ?? 0, code).toBeGreaterThan(10);
  });

  // Decided: urgent. A past wish to die may not be past; a facilitator reading it early costs little.
  it('marks a past wish to die urgent, even when things are better now', () => {
    expect(screenUrgent("I used to want to die but I'm in a better place now").urgent).toBe(true);
  });

  it('reports each matched phrase once, lowercase and folded', () => {
    expect(screenUrgent('He’s OUTSIDE. I CANNOT get away. he’s outside!')).toEqual({
      urgent: true,
      matches: ["he's outside", "can't get away"],
    });
  });

  const pathological: Record<string, string> = {
    digits: '0123456789'.repeat(10_000),
    spaces: ' '.repeat(100_000),
    ats: '@'.repeat(100_000),
    letters: 'a'.repeat(100_000),
    'zero space': '0 '.repeat(50_000),
    'near misses': "i want to he's can't ".repeat(4_762),
    'Arabic near misses': 'اريد ان هو لا '.repeat(7_143),
    'Polish near misses': 'chcę nie jestem zabiję '.repeat(4_348),
  };
  for (const [name, text] of Object.entries(pathological)) {
    it(`runs in under 50 ms on 100,000 characters of ${name}`, () => {
      const elapsed = bestTime(() => screenUrgent(text));
      console.log(`urgent screen, 100k ${name}: ${elapsed.toFixed(1)} ms`);
      expect(elapsed).toBeLessThan(50);
    });
  }
});
