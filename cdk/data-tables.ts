import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type TableProps } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

const S = AttributeType.STRING;

/** Defaults every table shares: on-demand, encrypted, point-in-time recovery, kept when the stack goes. */
function table(scope: Construct, id: string, props: Omit<TableProps, 'billingMode' | 'encryption'>): Table {
  return new Table(scope, id, {
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

/** The product's state. Index names say the access pattern they serve. */
export class DataTables extends Construct {
  readonly stores: Table;
  readonly inbox: Table;
  readonly orders: Table;
  readonly cases: Table;
  readonly tasks: Table;
  readonly reports: Table;
  readonly messages: Table;
  readonly customers: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stores = table(this, 'Stores', { partitionKey: { name: 'storeId', type: S } });
    // Accepted webhook events; the stream feeds the processor, TTL drops them after the dedup window.
    this.inbox = table(this, 'Inbox', {
      partitionKey: { name: 'storeId', type: S },
      sortKey: { name: 'eventId', type: S },
      stream: StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: 'expiresAt',
    });
    // Sparse: deliveries whose processing kept failing, waiting for an admin.
    this.inbox.addGlobalSecondaryIndex({ indexName: 'parkedByStore', partitionKey: { name: 'parkedStoreId', type: S }, sortKey: { name: 'parkedAt', type: S } });
    this.orders = table(this, 'Orders', { partitionKey: { name: 'storeId', type: S }, sortKey: { name: 'orderId', type: S } });
    // Sparse, sharded per store: each holds only the orders in one condition the daily sweep watches.
    this.orders.addGlobalSecondaryIndex({ indexName: 'ordersUnpaidSince', partitionKey: { name: 'unpaidKey', type: S }, sortKey: { name: 'unpaidSince', type: S } });
    this.orders.addGlobalSecondaryIndex({ indexName: 'ordersUnshippedSince', partitionKey: { name: 'unshippedKey', type: S }, sortKey: { name: 'unshippedSince', type: S } });
    this.orders.addGlobalSecondaryIndex({ indexName: 'ordersInTransitDue', partitionKey: { name: 'inTransitKey', type: S }, sortKey: { name: 'transitDueAt', type: S } });
    this.orders.addGlobalSecondaryIndex({ indexName: 'ordersDeliveredSince', partitionKey: { name: 'deliveredKey', type: S }, sortKey: { name: 'deliveredSince', type: S } });
    // Delivered orders by the delivery's UTC time, sharded per store: the care revisit's "N days after delivery".
    this.orders.addGlobalSecondaryIndex({ indexName: 'ordersDeliveredOn', partitionKey: { name: 'deliveredOnKey', type: S }, sortKey: { name: 'deliveredUtc', type: S } });
    // TTL drops the carrier updates kept for a parcel no return ever named (functions/cases/return-parcel.ts); a case
    // or a named parcel carries no expiresAt and stays.
    this.cases = table(this, 'Cases', { partitionKey: { name: 'caseId', type: S }, timeToLiveAttribute: 'expiresAt' });
    this.cases.addGlobalSecondaryIndex({ indexName: 'casesByStore', partitionKey: { name: 'storeId', type: S }, sortKey: { name: 'createdAt', type: S } });
    // Sparse: only cases not yet closed carry openStoreId, so the morning's backlog never reads closed cases.
    this.cases.addGlobalSecondaryIndex({ indexName: 'openCasesByStore', partitionKey: { name: 'openStoreId', type: S }, sortKey: { name: 'createdAt', type: S } });
    // Sparse: closed cases by the moment they closed (the satisfaction follow-up asks the day after).
    this.cases.addGlobalSecondaryIndex({ indexName: 'closedCasesByStore', partitionKey: { name: 'closedStoreId', type: S }, sortKey: { name: 'closedUtc', type: S } });
    // The customer file: what the store knows of each buyer (orders, cases, disputes) — trust, tiers, campaigns.
    this.customers = table(this, 'Customers', { partitionKey: { name: 'storeId', type: S }, sortKey: { name: 'buyerId', type: S } });
    // Sparse audiences for the revisit campaigns: customers with a known birthday by day of the year, and customers who
    // have ordered by when they last did (sharded per store like the sweep's order indexes).
    this.customers.addGlobalSecondaryIndex({ indexName: 'customersByBirthday', partitionKey: { name: 'birthdayKey', type: S }, sortKey: { name: 'buyerId', type: S } });
    this.customers.addGlobalSecondaryIndex({ indexName: 'customersByLastOrder', partitionKey: { name: 'lastOrderKey', type: S }, sortKey: { name: 'lastOrderAt', type: S } });
    this.tasks = table(this, 'Tasks', { partitionKey: { name: 'taskId', type: S } });
    // Sparse: only open tasks carry openStoreId, so reading the backlog never touches decided tasks.
    this.tasks.addGlobalSecondaryIndex({ indexName: 'openTasksByStore', partitionKey: { name: 'openStoreId', type: S }, sortKey: { name: 'dueAt', type: S } });
    this.tasks.addGlobalSecondaryIndex({ indexName: 'tasksByCase', partitionKey: { name: 'caseId', type: S }, sortKey: { name: 'taskId', type: S } });
    this.reports = table(this, 'Reports', { partitionKey: { name: 'storeId', type: S }, sortKey: { name: 'date', type: S } });
    // The notifications outbox; its stream feeds the sender.
    // TTL drops suppressed campaign messages after their occasion (a holiday greeting refused to every customer
    // without consent would otherwise pile up).
    this.messages = table(this, 'Messages', { partitionKey: { name: 'messageId', type: S }, stream: StreamViewType.NEW_IMAGE, timeToLiveAttribute: 'expiresAt' });
    this.messages.addGlobalSecondaryIndex({ indexName: 'messagesByStore', partitionKey: { name: 'storeId', type: S }, sortKey: { name: 'createdAt', type: S } });
    this.messages.addGlobalSecondaryIndex({ indexName: 'messagesByBuyer', partitionKey: { name: 'storeBuyer', type: S }, sortKey: { name: 'createdAt', type: S } });
  }
}
