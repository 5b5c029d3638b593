/**
 * Masks personal data in what the product logs: enough is left to tell two records apart while debugging
 * (`138****5678`, `a***@example.com`, `张***`), never enough to reach the person. Phone numbers and email addresses
 * are found anywhere in a text (a buyer id may be either, and error messages quote values); names, postal addresses
 * and birthdays cannot be told from other text, so they are recognised by the field that holds them.
 */

const MASK = '***';

/** Keeps the last four digits, and the first three of a number long enough to have a country or carrier prefix. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const tail = digits.length >= 8 ? 4 : 2;
  const head = digits.length >= 11 ? 3 : 0;
  const hidden = Math.max(digits.length - head - tail, 0);
  return `${phone.trimStart().startsWith('+') ? '+' : ''}${digits.slice(0, head)}${'*'.repeat(hidden)}${digits.slice(digits.length - tail)}`;
}

/** Keeps the first character of the mailbox and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return MASK;
  return `${email[0]}${MASK}${email.slice(at)}`;
}

/** Keeps the first character (the family name of a Chinese name, the initial of a Western one). */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? MASK : `${first}${MASK}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Phone numbers as storefronts send them: mainland mobiles (13812345678), numbers with a country code
 * (+86 138 1234 5678, +1 (415) 555-0100), North American (555-625-1199, (415) 555-0100) and Chinese landlines
 * (021-12345678). Not matched: dates, times, amounts, and digits run into letters (SF1234567890).
 */
const PHONE = new RegExp(
  [
    String.raw`\+\d[\d ()-]{5,}\d`,
    String.raw`(?<!\w)1[3-9]\d{9}(?!\w)`,
    String.raw`(?<![\w-])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])`,
    String.raw`(?<![\w-])0\d{2,3}-\d{7,8}(?![\w-])`,
  ].join('|'),
  'g',
);

/** Masks every email address and phone number in a free text. */
export function maskPersonalText(text: string): string {
  return text.replace(EMAIL, maskEmail).replace(PHONE, (found) => {
    const digits = found.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 ? maskPhone(found) : found;
  });
}

type Kind = 'phone' | 'email' | 'name' | 'address' | 'birthday';

/** The kind of personal data a field holds, by its name in any casing (`buyerPhone`, `first_name`, `address2`). */
function kindOfField(key: string): Kind | undefined {
  const name = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (name.includes('email')) return 'email';
  if (name.includes('phone') || name.includes('mobile') || name === 'tel') return 'phone';
  if (/address\d*$/.test(name) || /^(street|addressline)\d*$/.test(name)) return 'address';
  if (name.includes('birthday') || name === 'birthdate' || name === 'dateofbirth' || name === 'dob') return 'birthday';
  if (/^(first|last|full|buyer|customer|receiver|recipient|consignee|contact)name$/.test(name)) return 'name';
  return undefined;
}

/** Objects that describe a person, whose plain `name` is that person's name (elsewhere `name` is a product's or an error's). */
const PERSON_FIELDS = new Set(['buyer', 'customer', 'billing', 'shipping', 'receiver', 'recipient', 'consignee', 'contact']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function maskField(kind: Kind, value: unknown): unknown {
  // A birthday or an address says too much in any part of it.
  if (kind === 'address' || kind === 'birthday') return MASK;
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value);
  if (kind === 'phone') return maskPhone(text);
  if (kind === 'email') return maskEmail(text);
  return maskName(text);
}

/**
 * Masks one field of a log entry, in the shape of a JSON.stringify replacer, which calls it for every field at
 * every depth (the logger's `jsonReplacerFn`): a field named for personal data is masked as a whole, every other
 * text has the emails and phone numbers in it masked.
 */
export function maskPersonalData(key: string, value: unknown): unknown {
  const kind = kindOfField(key);
  if (kind) return maskField(kind, value);
  if (typeof value === 'string') return maskPersonalText(value);
  if (PERSON_FIELDS.has(key.toLowerCase()) && isPlainObject(value) && typeof value.name === 'string') return { ...value, name: maskName(value.name) };
  return value;
}
