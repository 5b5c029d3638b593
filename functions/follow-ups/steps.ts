import middy from '@middy/core';
import { applyRow, rowStepSchema, type RowApplier } from '../cases/apply-row.js';
import { recordCount } from '../shared/metrics.js';
import { parseWith } from '../shared/parse.js';
import { getStore } from '../stores/store-repository.js';
import { localDate } from '../shared/local-time.js';
import { logForDay } from '../sweeps/day-log.js';
import type { FollowUpCase } from './follow-up.js';
import { followUpTransitionOf, type FollowUpTransition } from './transitions.js';

/** A follow-up's rows: what the agent found is kept on the case; a deadline passed is a breach for the morning report. */
const followUpRows: RowApplier<FollowUpCase, FollowUpTransition> = {
  workflow: 'follow-ups',
  rowOf: (state, followUp) => followUpTransitionOf(state, followUp.status),
  perform: async (row, followUp, applies, now) => {
    if (row.breach) {
      const at = now.toISOString();
      const day = localDate(now, (await getStore(followUp.storeId))?.timezone ?? 'Asia/Shanghai');
      await logForDay(followUp.storeId, day, 'breach', `${followUp.caseId}#${row.breach}`, { caseId: followUp.caseId, kind: row.breach, at });
    }
    return typeof applies?.note === 'string' ? { note: applies.note } : {};
  },
  details: (_row, _changes, applies) => ({
    ...(typeof applies?.note === 'string' ? { note: applies.note } : {}),
    ...(typeof applies?.reply === 'string' ? { reply: applies.reply } : {}),
  }),
  // Counted once the row is recorded: a retried step logs the breach again under the same key, but must not count it again.
  afterwards: async (row) => {
    if (row.breach) recordCount('DeadlineBreaches');
  },
  facts: (followUp) => ({ status: followUp.status }),
};

/** The follow-ups workflow's Lambda steps; idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => applyRow(followUpRows, parseWith(rowStepSchema('transition'), event, 'follow-up step input'), new Date()));
