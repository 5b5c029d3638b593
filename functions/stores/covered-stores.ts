import { z } from 'zod';
import { listStores } from './store-repository.js';
import type { Store } from './store.js';

/**
 * Which stores a daily schedule covers: those of its own time zones, or, for the default schedule, every store but
 * those other schedules cover ("9 am" is each store's 9 am).
 */
export const coveringSchema = z
  .object({ timezones: z.array(z.string().min(1)).optional(), exceptTimezones: z.array(z.string().min(1)).default([]) })
  .prefault({});

export async function storesCovered(covering: z.output<typeof coveringSchema>): Promise<Array<{ storeId: string }>> {
  const { timezones, exceptTimezones } = covering;
  const covered = (store: Store) => (timezones ? timezones.includes(store.timezone) : !exceptTimezones.includes(store.timezone));
  return (await listStores()).filter(covered).map(({ storeId }) => ({ storeId }));
}
