import { ageBuckets, type DailyReport } from './daily-report.js';

const AGE_HEADERS = ['< 1 day', '1–3 days', '3–7 days', '> 7 days'];
const words = (name: string) => name.replace(/_/g, ' ');

/** A Markdown table, or a line saying there is nothing, so an empty list reads as good news rather than a gap. */
function table(headers: string[], rows: Array<Array<string | number>>, none = 'None.'): string {
  if (rows.length === 0) return `${none}\n`;
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

function section(title: string, count: number | undefined, body: string): string {
  return `### ${title}${count === undefined ? '' : ` (${count})`}\n\n${body}\n`;
}

/**
 * The daily report as an agent reads it first thing in the morning: the headline numbers against yesterday, then what
 * needs doing today (late shipments, stalled parcels, complaints, reviews), then the backlog by kind and age.
 * Times are the store's.
 */
export function renderDailyReport(report: DailyReport): string {
  const time = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: report.timezone, dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(at));
  const { orders, complaints } = report;
  const change = (value: { change?: number }) => (value.change === undefined ? '—' : value.change > 0 ? `+${value.change}` : String(value.change));
  const parts = [
    `# Daily report · ${report.storeId} · ${report.date}\n\nMade ${time(report.generatedAt)} (${report.timezone}).\n`,
    `## At a glance\n\n${table(['', 'Today', 'Yesterday', 'Change'], Object.entries(report.changes).map(([name, value]) => [words(name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)), value.today, value.yesterday ?? '—', change(value)]))}`,
    '## Orders\n',
    section('Late shipments: paid, not shipped in time — an agent follows up', orders.lateShipments.length, table(['Order', 'Paid', 'Hours since payment', 'Follow-up'], orders.lateShipments.map((o) => [o.orderId, time(o.paidAt), o.hoursSincePayment, o.caseId]))),
    section('Ship soon: late from', orders.shipSoon.length, table(['Order', 'Paid', 'Hours since payment', 'Late from'], orders.shipSoon.map((o) => [o.orderId, time(o.paidAt), o.hoursSincePayment, time(o.lateAt)]))),
    section('Stalled parcels: contact the carrier and the buyer', orders.stalledParcels.length, table(['Order', 'Carrier', 'Tracking', 'Last update', 'Hours silent', 'Follow-up'], orders.stalledParcels.map((o) => [o.orderId, o.carrier, o.trackingNo, time(o.lastMovementAt), o.hoursSilent, o.caseId]))),
    section('Receipt time extended for parcels still moving', orders.receiptExtensions.length, table(['Order', 'Carrier', 'Tracking', 'Hours in transit', 'Days added'], orders.receiptExtensions.map((o) => [o.orderId, o.carrier, o.trackingNo, o.hoursInTransit, o.days]))),
    section('Payment reminders sent (address confirmation)', orders.paymentReminders.length, table(['Order', 'Placed', 'Hours waiting'], orders.paymentReminders.map((o) => [o.orderId, time(o.placedAt), o.hoursWaiting]))),
    section('Delivered, not confirmed: reminders sent', orders.confirmReminders.length, table(['Order', 'Delivered', 'Days since'], orders.confirmReminders.map((o) => [o.orderId, time(o.deliveredAt), o.daysSinceDelivery]))),
    '## Complaints\n',
    section('Unanswered after 48 h', complaints.unansweredOver48h.length, table(['Case', 'Opened', 'Severity', 'Now'], complaints.unansweredOver48h.map((c) => [c.caseId, time(c.openedAt), c.severity, words(c.status)]))),
    section('Major, not yet with a supervisor', complaints.majorNotWithSupervisor.length, table(['Case', 'Opened', 'Now'], complaints.majorNotWithSupervisor.map((c) => [c.caseId, time(c.openedAt), words(c.status)]))),
    section('Call-backs promised for today', complaints.callbacksDueToday.length, table(['Case', 'Call back at'], complaints.callbacksDueToday.map((c) => [c.caseId, time(c.callbackAt)]))),
    section('Closed since yesterday', report.complaintsClosed.length, table(['Case', 'Category', 'Solution', 'Outcome', 'Minutes'], report.complaintsClosed.map((c) => [c.caseId, words(c.category ?? '—'), words(c.solution ?? '—'), words(c.outcome ?? '—'), c.handlingMinutes ?? '—']))),
    `## Yesterday's medium and bad reviews (${report.reviews.length})\n\n${table(['Review', 'Order', 'Rating', 'Category', 'Why', 'Follow-up'], report.reviews.map((r) => [r.reviewId, r.orderId, `${r.rating}★`, words(r.category), r.reasons.join('; '), r.caseId]))}`,
    ...report.reviews.map((r) => `> **${r.reviewId}** “${r.text}”\n>\n> Draft reply: ${r.draftReply}\n`),
    section(`Medium and bad reviews in ${report.reviewMonth.month}, by category`, report.reviewMonth.total, table(['Category', 'Reviews'], Object.entries(report.reviewMonth.byCategory).map(([category, count]) => [words(category), count]))),
    '## Backlog\n',
    section('Open cases by type and age', report.openCases.total, table(['Type', 'Open', ...AGE_HEADERS], Object.entries(report.openCases.byType).map(([type, b]) => [words(type), b.open, ...ageBuckets.map((age) => b.ages[age])]))),
    section('Open tasks by kind and age', report.openTasks.total, table(['Kind', 'Open', 'Overdue', ...AGE_HEADERS], Object.entries(report.openTasks.byKind).map(([kind, b]) => [words(kind), b.open, b.overdue, ...ageBuckets.map((age) => b.ages[age])]))),
    section('Overdue tasks, most overdue first', report.overdueTasks.length, table(['Task', 'Kind', 'Case', 'Assignee', 'Due', 'Hours over'], report.overdueTasks.map((t) => [t.taskId, words(t.kind), t.caseId, t.assignee ?? '—', time(t.dueAt), t.hoursOverdue]))),
    section('Deadlines broken since yesterday', report.breaches.length, table(['Case', 'What', 'When'], report.breaches.map((b) => [b.caseId, words(b.kind), time(b.at)]))),
    `---\nFinding today's due orders read ${report.reads.itemsRead} index items for ${report.reads.ordersDue} due orders (${report.reads.queries} queries).\n`,
  ];
  return parts.join('\n');
}
