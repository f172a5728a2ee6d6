/**
 * The one wiring module of the execution core: the case stores, the inbox with its Durable doorbell, the
 * starter, and the command performers `advanceCase` hands commands to. Performers of other areas (jobs,
 * timers, messages, incidents) are added to `performers` here.
 */
import { randomUUID } from 'node:crypto';
import type { DurableClient } from 'durable-functions';
import { CallPerformer } from '../../shared/cases/call-performer.js';
import { CaseStartService } from '../../shared/cases/case-start-service.js';
import { CaseStore } from '../../shared/cases/case-store.js';
import type { CommandPerformer } from '../../shared/cases/command-performer.js';
import { CosmosCaseInbox } from '../../shared/cases/cosmos-case-inbox.js';
import { ProcessDefinitions } from '../../shared/cases/process-definitions.js';
import type { TaskDocument } from '../../shared/cases/task-documents.js';
import { UserTaskPerformer } from '../../shared/cases/user-task-performer.js';
import { cosmosContainers } from '../../shared/config/registry.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { DurableDoorbell } from '../durable/durable-doorbell.js';
import { appDatabase, definitionsRepository, modelSourceStore } from '../http/app-services.js';

export interface CaseRuntime {
  readonly stores: (tenantId: string) => CaseStore;
  readonly tasks: (tenantId: string) => TenantRepository<TaskDocument>;
  readonly definitions: (tenantId: string) => ProcessDefinitions;
  readonly inbox: CosmosCaseInbox;
  readonly starter: CaseStartService;
  readonly performers: readonly CommandPerformer[];
}

const now = () => new Date();

export function caseStores(tenantId: string): CaseStore {
  return new CaseStore(appDatabase().container(cosmosContainers.cases.name), tenantId);
}

export function taskRepository(tenantId: string): TenantRepository<TaskDocument> {
  return new TenantRepository<TaskDocument>(appDatabase().container(cosmosContainers.tasks.name), tenantId);
}

/** The runtime of one invocation: the doorbell rings through that invocation's Durable client. */
export function caseRuntime(client: DurableClient): CaseRuntime {
  const definitions = (tenantId: string) =>
    new ProcessDefinitions(definitionsRepository(tenantId), modelSourceStore());
  const inbox = new CosmosCaseInbox(caseStores, new DurableDoorbell(client), now);
  const starter = new CaseStartService(caseStores, definitions, inbox, randomUUID, now);
  const performers: CommandPerformer[] = [
    new UserTaskPerformer(taskRepository, caseStores),
    new CallPerformer(starter, inbox),
  ];
  return {
    stores: caseStores,
    tasks: taskRepository,
    definitions,
    inbox,
    starter,
    performers,
  };
}
