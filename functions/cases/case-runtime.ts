/**
 * The one wiring module of the execution core: the case stores, the inbox with its Durable doorbell, the
 * starters, the services that deliver to cases (jobs, messages, incidents), and the command performers
 * `advanceCase` hands commands to. Every engine command kind has a performer here (a test holds it to that).
 */
import { randomUUID } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import { CallPerformer } from '../../shared/cases/call-performer.js';
import type { CaseStarter } from '../../shared/cases/case-starter.js';
import { CaseStartService } from '../../shared/cases/case-start-service.js';
import { CaseStore } from '../../shared/cases/case-store.js';
import type { CommandPerformer } from '../../shared/cases/command-performer.js';
import { CosmosCaseInbox } from '../../shared/cases/cosmos-case-inbox.js';
import { DefinitionsCaseStarter } from '../../shared/cases/definitions-case-starter.js';
import type { Doorbell } from '../../shared/cases/doorbell.js';
import { ProcessDefinitions } from '../../shared/cases/process-definitions.js';
import { TaskArrivals } from '../../shared/cases/task-arrivals.js';
import type { TaskDocument } from '../../shared/cases/task-documents.js';
import { UserTaskPerformer } from '../../shared/cases/user-task-performer.js';
import { cosmosContainers } from '../../shared/config/registry.js';
import type { IncidentService } from '../../shared/incidents/incident-service.js';
import type { JobService } from '../../shared/jobs/job-service.js';
import type { MessageService } from '../../shared/messages/message-service.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { timerPerformer } from '../../shared/timers/timer-performer.js';
import { DurableDoorbell } from '../durable/durable-doorbell.js';
import { DurableTimerOrchestrations } from '../durable/durable-timer-orchestrations.js';
import { emailNotificationPerformers } from '../email-services.js';
import { appDatabase, definitionsRepository, modelSourceStore } from '../http/app-services.js';
import { appJobPerformer, jobService } from '../job-services.js';
import {
  appIncidentPerformer,
  appMessagePerformer,
  incidentService,
  messageService,
} from '../message-services.js';

export interface CaseRuntime {
  readonly stores: (tenantId: string) => CaseStore;
  readonly tasks: (tenantId: string) => TenantRepository<TaskDocument>;
  readonly definitions: (tenantId: string) => ProcessDefinitions;
  readonly doorbell: Doorbell;
  readonly inbox: CosmosCaseInbox;
  readonly starter: CaseStartService;
  /** Starts cases at message and signal start events. */
  readonly triggerStarter: CaseStarter;
  readonly jobs: (tenantId: string) => JobService;
  readonly messages: (tenantId: string) => MessageService;
  readonly incidents: (tenantId: string) => IncidentService;
  readonly performers: readonly CommandPerformer[];
}

const now = () => new Date();

/**
 * One per worker process: `advanceCase` (creating tasks) and the HTTP functions (waiting task lists) run in
 * the same process, so a task created here wakes the inboxes waiting here at once.
 */
export const taskArrivals = new TaskArrivals();

/** One per tenant for the worker's life (the database client is one too), so definitions are read once. */
const definitionsByTenant = new Map<string, ProcessDefinitions>();

function tenantDefinitions(tenantId: string): ProcessDefinitions {
  let found = definitionsByTenant.get(tenantId);
  if (!found) {
    found = new ProcessDefinitions(definitionsRepository(tenantId), modelSourceStore());
    definitionsByTenant.set(tenantId, found);
  }
  return found;
}

export function caseStores(tenantId: string): CaseStore {
  return new CaseStore(appDatabase().container(cosmosContainers.cases.name), tenantId);
}

export function taskRepository(tenantId: string): TenantRepository<TaskDocument> {
  return new TenantRepository<TaskDocument>(appDatabase().container(cosmosContainers.tasks.name), tenantId);
}

/** Runtimes by Durable client: the wiring holds no per-invocation state, so it is built once per client. */
const runtimes = new WeakMap<DurableClient, CaseRuntime>();

/** The runtime over a Durable client (doorbells and timers go through it), built on its first use. */
export function caseRuntime(client: DurableClient): CaseRuntime {
  let runtime = runtimes.get(client);
  if (!runtime) {
    runtime = wiredRuntime(client);
    runtimes.set(client, runtime);
  }
  return runtime;
}

function wiredRuntime(client: DurableClient): CaseRuntime {
  const definitions = tenantDefinitions;
  const doorbell = new DurableDoorbell(client);
  const inbox = new CosmosCaseInbox(caseStores, doorbell, now);
  const starter = new CaseStartService(caseStores, definitions, inbox, randomUUID, now);
  const triggerStarter = new DefinitionsCaseStarter(definitions, starter);
  const performers: CommandPerformer[] = [
    new UserTaskPerformer(taskRepository, caseStores, taskArrivals),
    new CallPerformer(starter, inbox),
    appJobPerformer(),
    timerPerformer(new DurableTimerOrchestrations(client)),
    appMessagePerformer(inbox, triggerStarter),
    appIncidentPerformer(),
    ...emailNotificationPerformers(caseStores),
  ];
  return {
    stores: caseStores,
    tasks: taskRepository,
    definitions,
    doorbell,
    inbox,
    starter,
    triggerStarter,
    jobs: (tenantId) => jobService(tenantId, inbox),
    messages: (tenantId) => messageService(tenantId, inbox, triggerStarter),
    incidents: (tenantId) => incidentService(tenantId, inbox, doorbell),
    performers,
  };
}
