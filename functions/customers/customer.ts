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
}
