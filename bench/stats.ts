/** Percentile of a sample (nearest rank), in the sample's unit. */
export function percentile(sample: number[], p: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs `once` n times with `concurrency` in flight, timing each call. */
export async function measure(n: number, concurrency: number, once: (i: number) => Promise<void>): Promise<LatencySummary> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await once(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { n, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: n / seconds };
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;

/** A small seeded generator (mulberry32), so a run can be repeated exactly from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
