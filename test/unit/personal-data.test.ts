import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/shared/logger.js';
import { maskEmail, maskName, maskPersonalData, maskPersonalText, maskPhone } from '../../functions/shared/personal-data.js';

describe('masking personal data', () => {
  it('keeps the prefix and the last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+861******5678');
    expect(maskPhone('555-625-1199')).toBe('******1199');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('keeps the first letter of the mailbox and the domain of an email address', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskEmail('not an email')).toBe('***');
  });

  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张***');
    expect(maskName('Alice Wang')).toBe('A***');
    expect(maskName(' ')).toBe('***');
  });

  it('finds phone numbers and email addresses in free text', () => {
    expect(maskPersonalText('call 13812345678 or write to alice.wang+shop@mail.example.com')).toBe('call 138****5678 or write to a***@mail.example.com');
    expect(maskPersonalText('电话13812345678，地址见订单')).toBe('电话138****5678，地址见订单');
    expect(maskPersonalText('+1 (415) 555-0100 / (415) 555-0100 / 021-12345678')).toBe('+141****0100 / ******0100 / 021****5678');
  });

  it('leaves dates, times, amounts, tracking numbers and ids alone', () => {
    const text = 'at 2026-11-23T10:00:00+08:00 refund 193500 fen (¥1,935.00) SF1234567890 order 5196695273621 case as-shop-r-1';
    expect(maskPersonalText(text)).toBe(text);
  });

  it('masks a text once: what it masked is not masked again', () => {
    const once = maskPersonalText('13812345678 alice@example.com');
    expect(maskPersonalText(once)).toBe(once);
  });

  it('masks fields by their name, whatever text they hold', () => {
    expect(maskPersonalData('phone', '138 1234 5678')).toBe('138****5678');
    expect(maskPersonalData('buyerPhone', 13812345678)).toBe('138****5678');
    expect(maskPersonalData('invoice_email', 'finance@example.com')).toBe('f***@example.com');
    expect(maskPersonalData('first_name', 'Alice')).toBe('A***');
    expect(maskPersonalData('shipping_address', { address1: '123 Main St', city: 'Ottawa' })).toBe('***');
    expect(maskPersonalData('address2', 'Room 1203')).toBe('***');
    expect(maskPersonalData('birthday', '1990-05-17')).toBe('***');
    expect(maskPersonalData('date_of_birth', '05-17')).toBe('***');
    expect(maskPersonalData('buyer', { id: 'b-1', name: '张三' })).toEqual({ id: 'b-1', name: '张***' });
  });

  it('leaves names that are not people\'s alone', () => {
    expect(maskPersonalData('name', 'PaymentUnavailable')).toBe('PaymentUnavailable');
    expect(maskPersonalData('items', [{ name: 'Linen shirt' }])).toEqual([{ name: 'Linen shirt' }]);
    expect(maskPersonalData('count', 13812345678)).toBe(13812345678);
  });
});

describe('the product\'s logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('masks the message, the fields at any depth and a logged error', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    logger.setLogLevel('INFO');
    logger.info('message to 13812345678', {
      buyerId: 'alice@example.com',
      order: { customer: { first_name: 'Alice', phone: '+1 415 555 0100' }, shipping_address: { address1: '123 Main St' } },
      error: new Error('no account for alice@example.com'),
    });
    const entry = written.join('');
    expect(entry).toContain('138****5678');
    expect(entry).toContain('a***@example.com');
    for (const raw of ['13812345678', 'alice@example.com', 'Alice', '415 555 0100', '123 Main St']) expect(entry).not.toContain(raw);
  });
});
