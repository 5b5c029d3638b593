/**
 * Phrases no message to a buyer may contain (DOMAIN.md, "Words"): dismissive or insulting forms, in
 * Chinese and English. Kept as data so the list can grow without touching the check.
 */
export const FORBIDDEN_PHRASES = [
  '不关我的事',
  '不归我管',
  '找别人去',
  '你找别人',
  '自己看公告',
  '自己去看',
  '急什么',
  '我已经说过了',
  '我说过了',
  '爱投诉就投诉',
  '随便你投诉',
  '我就这态度',
  '我就是这个态度',
  '问我老板',
  '找我们老板',
  '我怎么知道',
  '喂',
  "that's not my business",
  'not my problem',
  'go find someone else',
  'read the notice yourself',
  "what's the hurry",
  'i told you already',
  'complain if you like',
  "that's just my attitude",
  'ask my boss',
  'how would i know',
] as const;

/** The forbidden phrases a text contains, compared without case and with straight apostrophes. */
export function forbiddenPhrasesIn(text: string): string[] {
  const normalised = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  return FORBIDDEN_PHRASES.filter((phrase) => normalised.includes(phrase));
}
