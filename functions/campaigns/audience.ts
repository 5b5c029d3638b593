import type { CaseRecord } from '../cases/case.js';
import { listCasesClosedBetween } from '../cases/case-repository.js';
import { customersLastOrderedBetween, customersWithBirthday } from '../customers/audiences.js';
import { listCustomers } from '../customers/customer-repository.js';
import type { Locale } from '../notifications/templates.js';
import { ordersDeliveredBetween } from '../orders/order-repository.js';
import { addDays, localDayInUtc } from '../shared/local-time.js';
import type { Audience } from './campaign.js';

/** One buyer a campaign speaks to today, what makes the message one message, and what fills its template. */
export interface Recipient {
  buyerId: string;
  /** Unique per campaign and occasion (the order, the case, the year, the date, the last order): a re-run sends nothing twice. */
  occasion: string;
  variables: Record<string, string>;
  caseId?: string;
}

/** The case types a satisfaction question follows: the buyer's after-sales requests and complaints. */
const SURVEYED_CASE_TYPES = new Set(['refund_only', 'return_refund', 'exchange', 'partial_refund', 'complaint']);

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The birthdays greeted on a local date: 29 February ones on 28 February when the year has no 29th. */
export function birthdaysOn(date: string): string[] {
  const monthDay = date.slice(5);
  return monthDay === '02-28' && !isLeapYear(Number(date.slice(0, 4))) ? ['02-28', '02-29'] : [monthDay];
}

/** The listed day that is `date`, if any: a dated entry that day, or an every-year entry on that month and day. */
export function occasionOn(dates: Extract<Audience, { rule: 'on_dates' }>['dates'], date: string) {
  return dates.find((entry) => entry.date === date || entry.date === date.slice(5));
}

/**
 * Who the audience rule selects on the store's local date `today`, each read from an index keyed by the date it
 * is due on: deliveries and closed cases of one local day, birthdays of one month-day, last orders of one day.
 * Only the holiday rule reads the whole customer file, because a holiday greets everyone.
 */
export async function recipientsOf(storeId: string, audience: Audience, today: string, timezone: string, locale: Locale): Promise<Recipient[]> {
  // A local day as the UTC instants it spans, both ends included (the index keys are ISO instants to the millisecond).
  const dayBack = (days: number) => {
    const { from, to } = localDayInUtc(addDays(today, -days), timezone);
    return { from, through: new Date(Date.parse(to) - 1).toISOString() };
  };
  switch (audience.rule) {
    case 'days_after_delivery': {
      const { from, through } = dayBack(audience.days);
      const orders = await ordersDeliveredBetween(storeId, from, through);
      return orders.flatMap((order) => {
        const refunded = (order.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);
        if (!order.buyer?.id || (order.total !== undefined && refunded >= order.total)) return [];
        return [{ buyerId: order.buyer.id, occasion: order.orderId, variables: { orderId: order.orderId, days: String(audience.days) } }];
      });
    }
    case 'days_after_case_closed': {
      const { from, through } = dayBack(audience.days);
      const cases = await listCasesClosedBetween<CaseRecord & { buyerId?: string }>(storeId, from, through);
      return cases.flatMap((aCase) =>
        aCase.buyerId && SURVEYED_CASE_TYPES.has(aCase.type) ? [{ buyerId: aCase.buyerId, occasion: aCase.caseId, caseId: aCase.caseId, variables: { orderId: aCase.orderId ?? '-' } }] : [],
      );
    }
    case 'birthday': {
      const customers = (await Promise.all(birthdaysOn(today).map((monthDay) => customersWithBirthday(storeId, monthDay)))).flat();
      return customers.map((customer) => ({ buyerId: customer.buyerId, occasion: today.slice(0, 4), variables: {} }));
    }
    case 'on_dates': {
      const occasion = occasionOn(audience.dates, today);
      if (!occasion) return [];
      return (await listCustomers(storeId)).map((customer) => ({ buyerId: customer.buyerId, occasion: today, variables: { holiday: occasion.name[locale] } }));
    }
    case 'days_since_last_order': {
      const { from, through } = dayBack(audience.days);
      const customers = await customersLastOrderedBetween(storeId, from, through);
      return customers.map((customer) => ({ buyerId: customer.buyerId, occasion: customer.lastOrderAt ?? today, variables: {} }));
    }
  }
}
