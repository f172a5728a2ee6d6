/**
 * local.settings.json, as Azure Functions Core Tools uses it: created from local.settings.sample.json when
 * missing, its `Values` become the app's environment, and variables already set in the real environment win.
 */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';

export const localSettingsFile = 'local.settings.json';
export const localSettingsSampleFile = 'local.settings.sample.json';

export interface LocalSettings {
  values: Record<string, string>;
  /** True when this call created local.settings.json from the sample. */
  created: boolean;
}

/** Reads the app's local settings, creating the file from the sample first when it is missing. */
export async function loadLocalSettings(appRoot: string): Promise<LocalSettings> {
  const file = path.join(appRoot, localSettingsFile);
  let created = false;
  try {
    await copyFile(
      path.join(appRoot, localSettingsSampleFile),
      file,
      1 /* COPYFILE_EXCL: keep an existing file */,
    );
    created = true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {}, created };
    throw error;
  }
  const parsed = JSON.parse(text) as { IsEncrypted?: unknown; Values?: Record<string, unknown> };
  if (parsed.IsEncrypted === true)
    throw new Error(`${localSettingsFile} is encrypted; the local host reads plain values only.`);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.Values ?? {})) {
    if (value !== null && value !== undefined) values[name] = String(value);
  }
  return { values, created };
}

/**
 * The environment the app runs with: the host's own environment, plus each local setting not already set
 * there, plus what Core Tools sets for a local Node app. `hostValues` (e.g. WEBSITE_HOSTNAME) come from the host.
 */
export function appEnvironment(
  values: Readonly<Record<string, string>>,
  hostValues: Readonly<Record<string, string>>,
  baseEnvironment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const environment: Record<string, string> = {
    AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
    FUNCTIONS_WORKER_RUNTIME: 'node',
    ...values,
  };
  for (const [name, value] of Object.entries(baseEnvironment))
    if (value !== undefined) environment[name] = value;
  return { ...environment, ...hostValues };
}
