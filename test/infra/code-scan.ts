/**
 * What the application code tells the infra checks: where it reads the environment (only the registry may),
 * and which Azure services it calls (from the SDK packages it imports), so each gets a role for the identity.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AzureService } from '../../shared/config/registry.js';
import type { Finding } from './finding.js';

/** Application code: what runs in Azure or ships in the CLI (local/ is the local cloud, test/ the tests). */
export const applicationRoots = ['functions', 'shared', 'cli'];
export const registryFile = 'shared/config/registry.ts';

/** Azure SDK packages that call a service, and that service. */
const sdkServices: Readonly<Record<string, AzureService>> = {
  '@azure/storage-blob': 'storage',
  '@azure/storage-queue': 'storage',
  '@azure/data-tables': 'storage',
  '@azure/cosmos': 'cosmos',
  '@azure/keyvault-secrets': 'keyVault',
  '@azure/openai': 'openAi',
  openai: 'openAi',
  '@azure-rest/ai-content-safety': 'contentSafety',
};
/** Azure packages that call no data service of ours (the Functions runtime, credentials, plumbing). */
const nonServicePackages = [
  /^@azure\/functions$/,
  /^@azure\/identity$/,
  /^@azure\/core-/,
  /^@azure\/logger$/,
  /^@azure\/abort-controller$/,
];

const sourceExtensions = ['.ts', '.mts', '.js', '.mjs'];
const environmentRead = /\bprocess\s*(\.\s*env\b|\[\s*['"`]env['"`]\s*\])/;
const importedPackage =
  /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"]*)?['"]/g;

export interface SourceFile {
  /** Path relative to the scanned root directory, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export function readSources(
  rootDirectory: string,
  roots: readonly string[] = applicationRoots,
): SourceFile[] {
  return roots.flatMap((root) =>
    listFiles(path.join(rootDirectory, root)).map((file) => ({
      path: path.relative(rootDirectory, file).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8'),
    })),
  );
}

function listFiles(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return listFiles(full);
    return sourceExtensions.some((extension) => entry.endsWith(extension)) && !entry.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

/** Every `process.env` outside the registry. */
export function environmentReads(sources: readonly SourceFile[]): Finding[] {
  return sources
    .filter((source) => source.path !== registryFile)
    .flatMap((source) =>
      source.text.split('\n').flatMap((text, index) =>
        environmentRead.test(text)
          ? [
              {
                check: 'settings-registry',
                file: source.path,
                line: index + 1,
                message: `reads process.env; read settings with readSetting from ${registryFile}`,
              },
            ]
          : [],
      ),
    );
}

export interface CodeServices {
  readonly services: AzureService[];
  /** Azure SDK packages the map above does not know: add them, so their service gets a role. */
  readonly unknown: Finding[];
}

export function servicesCalled(sources: readonly SourceFile[]): CodeServices {
  const services = new Set<AzureService>();
  const unknown: Finding[] = [];
  for (const source of sources) {
    source.text.split('\n').forEach((text, index) => {
      for (const match of text.matchAll(importedPackage)) {
        const name = match[1] ?? '';
        const service = sdkServices[name];
        if (service) services.add(service);
        else if (
          /^@azure(-rest)?\//.test(name) &&
          !nonServicePackages.some((pattern) => pattern.test(name))
        ) {
          unknown.push({
            check: 'roles',
            file: source.path,
            line: index + 1,
            message: `imports ${name}, which the infra checks do not map to an Azure service (test/infra/code-scan.ts)`,
          });
        }
      }
    });
  }
  return { services: [...services].sort(), unknown };
}
