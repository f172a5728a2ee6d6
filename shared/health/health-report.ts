/**
 * The health report: each dependency probed at once with a deadline, its status and latency, and the overall
 * verdict (`ok` only when every required dependency is up). Probe failures are summarised as a fixed reason
 * (and an HTTP status when the service answered one), never the error text, which may name endpoints or keys.
 */

export interface DependencyProbe {
  readonly name: string;
  /** A required dependency that is down (or not configured) makes the whole app unavailable. */
  readonly required: boolean;
  /** Undefined: the dependency is not configured in this deployment. */
  readonly check: (() => Promise<void>) | undefined;
}

export type DependencyStatus = 'up' | 'down' | 'not-configured';

export interface DependencyHealth {
  readonly name: string;
  readonly required: boolean;
  readonly status: DependencyStatus;
  readonly latencyMs?: number;
  readonly reason?: 'timeout' | 'error';
  readonly httpStatus?: number;
}

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly dependencies: readonly DependencyHealth[];
}

export async function healthReport(
  probes: readonly DependencyProbe[],
  timeoutMs: number,
  now: () => number,
): Promise<HealthReport> {
  const dependencies = await Promise.all(probes.map((probe) => runProbe(probe, timeoutMs, now)));
  const ok = dependencies.every((dependency) => !dependency.required || dependency.status === 'up');
  return { status: ok ? 'ok' : 'unavailable', dependencies };
}

async function runProbe(
  probe: DependencyProbe,
  timeoutMs: number,
  now: () => number,
): Promise<DependencyHealth> {
  const { name, required } = probe;
  if (!probe.check) return { name, required, status: 'not-configured' };
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([probe.check().then(() => 'up' as const), deadline]);
    const latencyMs = Math.round(now() - started);
    return outcome === 'up'
      ? { name, required, status: 'up', latencyMs }
      : { name, required, status: 'down', latencyMs, reason: 'timeout' };
  } catch (error) {
    const httpStatus = statusOf(error);
    return {
      name,
      required,
      status: 'down',
      latencyMs: Math.round(now() - started),
      reason: 'error',
      ...(httpStatus !== undefined ? { httpStatus } : {}),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP status an Azure SDK error carries (`statusCode` or `code` as a number), if any. */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  const status = typeof statusCode === 'number' ? statusCode : typeof code === 'number' ? code : undefined;
  return status !== undefined && status >= 100 && status < 600 ? status : undefined;
}
