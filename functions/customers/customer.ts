/**
 * What the store knows of a buyer, kept per store: when the account was opened, and the orders, after-sales
 * cases and disputes seen. Ids are kept as sets, so a redelivered event never counts twice.
 */
export interface Customer {
  storeId: string;
  buyerId: string;
  registeredAt?: string;
  orderIds: Set<string>;
  caseIds: Set<string>;
  disputeCaseIds: Set<string>;
  name?: string;
  phone?: string;
  email?: string;
  /** 'MM-DD'. */
  birthday?: string;
  consent?: { marketing: boolean; at: string; source: 'storefront' | 'opt_out_link' | 'keyword' | 'admin' };
  tags: Set<string>;
  /** Fen: what completed orders cost, less their refunds. */
  lifetimeSpend: number;
  tier: 'none' | 'member' | 'senior_member';
  openComplaintIds: Set<string>;
  lastOrderAt?: string;
  /** When the outbox last sent the buyer a campaign message. */
  lastContactAt?: string;
  /** When the outbox sent the campaign messages that still count against the frequency cap. */
  campaignContacts: string[];
}

/** A buyer the store knows nothing of yet. */
export const emptyCustomer = (storeId: string, buyerId: string): Customer => ({
  storeId,
  buyerId,
  orderIds: new Set(),
  caseIds: new Set(),
  disputeCaseIds: new Set(),
  tags: new Set(),
  lifetimeSpend: 0,
  tier: 'none',
  openComplaintIds: new Set(),
  campaignContacts: [],
});
