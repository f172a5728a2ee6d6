/**
 * The per-process doorbell of long-polling fetch-and-lock: job creation (and a failed job made available
 * again) in this process rings it with (tenant, job type), and only the fetches waiting for that tenant and
 * type wake up to query again.
 */
import { TenantSignals } from '../signals/tenant-signals.js';

export class JobArrivals extends TenantSignals {}
