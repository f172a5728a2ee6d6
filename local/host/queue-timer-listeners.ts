/**
 * Starts the listeners of the app's queue- and timer-triggered functions and stops them with the host. A
 * function whose trigger cannot run (no storage connection, a bad schedule) is reported and left out, as the
 * real host reports a function it could not index, and the other functions keep running.
 */
import type { FunctionIndex } from './function-index.js';
import type { HostJson } from './host-config.js';
import type { HostLogSink } from './host-log.js';
import { resolveAppSettings } from './binding-expressions.js';
import { parseNcrontab, type ParsedSchedule } from './ncrontab.js';
import { toQueueOptions, type QueueOptions } from './queue-options.js';
import { QueueTriggerListener } from './queue-trigger-listener.js';
import type { StorageQueues } from './storage-queues.js';
import { localHostId, ScheduleMonitor } from './timer-schedule-monitor.js';
import { TimerTriggerListener } from './timer-trigger-listener.js';
import type { Invoker } from './worker-supervisor.js';

export interface QueueTimerListeners {
  /** "name (queueTrigger)" / "name (timerTrigger)" for each function whose trigger is running. */
  running: string[];
  /** Stops polling and timers; invocations already running go on. */
  stopListening(): void;
  /** Settles once the running invocations are done and their messages settled (stop the worker to hasten it). */
  settled(): Promise<void>;
}

export function startQueueTimerListeners(options: {
  index: FunctionIndex;
  hostJson: HostJson;
  appRoot: string;
  env: Readonly<Record<string, string>>;
  /** Shared with the HTTP front end, so that its queue outputs wake these queue triggers. */
  queues: StorageQueues;
  supervisor: Invoker;
  log: HostLogSink;
}): QueueTimerListeners {
  const { index, env, queues, supervisor, log } = options;
  let queueOptions: QueueOptions | undefined;
  try {
    queueOptions = toQueueOptions(options.hostJson);
  } catch (error) {
    log({ level: 'error', category: 'host', message: (error as Error).message });
  }
  const cannotRun = (name: string, reason: string) =>
    log({
      level: 'error',
      category: 'host',
      functionName: name,
      message: `Function '${name}' cannot run: ${reason}`,
    });

  const queueListeners: QueueTriggerListener[] = [];
  const running: string[] = [];
  for (const target of index.queue) {
    const connectionString = queues.connectionString(target.trigger.connection);
    if (!queueOptions) {
      cannotRun(target.name, 'host.json extensions.queues is invalid.');
      continue;
    }
    if (!connectionString) {
      cannotRun(
        target.name,
        `the storage connection setting '${String(target.trigger.connection ?? 'AzureWebJobsStorage')}' is not set.`,
      );
      continue;
    }
    let queueName: string;
    try {
      queueName = queues.queueName(target.trigger.queueName);
    } catch (error) {
      cannotRun(target.name, (error as Error).message);
      continue;
    }
    const context = { supervisor, queues, options: queueOptions, log };
    queueListeners.push(new QueueTriggerListener(target, queueName, connectionString, context));
    running.push(`${target.name} (${target.trigger.type})`);
  }

  const storage = queues.connectionString(undefined);
  const monitor = storage ? new ScheduleMonitor(storage, localHostId(env, options.appRoot)) : undefined;
  const timerListeners: TimerTriggerListener[] = [];
  if (index.timer.length > 0 && env.WEBSITE_TIME_ZONE) {
    log({
      level: 'warning',
      category: 'host',
      message: `WEBSITE_TIME_ZONE is '${env.WEBSITE_TIME_ZONE}', but the local host evaluates timer schedules in UTC.`,
    });
  }
  for (const target of index.timer) {
    let parsed: ParsedSchedule;
    try {
      parsed = parseNcrontab(resolveAppSettings(String(target.trigger.schedule ?? ''), env));
    } catch (error) {
      cannotRun(target.name, (error as Error).message);
      continue;
    }
    if (!parsed.ok) {
      cannotRun(target.name, parsed.error);
      continue;
    }
    const messageEncoding = queueOptions?.messageEncoding ?? 'base64';
    const context = { supervisor, queues, messageEncoding, monitor, log };
    timerListeners.push(new TimerTriggerListener(target, parsed.schedule, context));
    running.push(`${target.name} (${target.trigger.type})`);
  }

  for (const listener of queueListeners) listener.start();
  for (const listener of timerListeners) listener.start();
  return {
    running,
    stopListening() {
      for (const listener of queueListeners) listener.stopPolling();
      for (const listener of timerListeners) listener.stopTimer();
    },
    async settled() {
      await Promise.all([...queueListeners, ...timerListeners].map((listener) => listener.settled()));
    },
  };
}
