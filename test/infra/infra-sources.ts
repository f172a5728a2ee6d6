/** The repository's templates, registry and code as the infra tests check them, and the broken fixtures. */
import path from 'node:path';
import {
  blobContainers,
  cosmosContainers,
  cosmosDatabase,
  settings,
  storageQueues,
} from '../../shared/config/registry.js';
import { repositoryRoot } from '../support/paths.js';
import { loadTemplateSet, type TemplateSet } from './bicep-model.js';
import type { RegistryView } from './consistency-rules.js';

export const infraDirectory = path.join(repositoryRoot, 'infra');

/** Fixtures live beside the sources, not in dist/, so the path is taken from the repository root. */
export function fixturePath(...parts: string[]): string {
  return path.join(repositoryRoot, 'test', 'infra', 'fixtures', ...parts);
}

let infra: Promise<TemplateSet> | undefined;
export function loadInfra(): Promise<TemplateSet> {
  infra ??= loadTemplateSet(infraDirectory);
  return infra;
}

export function registryView(): RegistryView {
  return {
    settings: Object.values(settings),
    cosmosDatabase,
    cosmosContainers: Object.values(cosmosContainers),
    storageQueues: Object.values(storageQueues),
    blobContainers: Object.values(blobContainers),
  };
}
