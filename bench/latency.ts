/** Latency figures of the benchmarks: nearest-rank percentiles over samples in milliseconds. */
export interface Latency {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
  return { samples: sorted.length, p50Ms: rank(0.5), p99Ms: rank(0.99), maxMs: sorted.at(-1) ?? 0 };
}
