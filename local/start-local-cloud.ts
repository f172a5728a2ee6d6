/**
 * The whole local cloud in one call: the emulators over one data folder, the resources the app expects,
 * and the Functions host running the app with settings that point at the emulators.
 */
import path from 'node:path';
import { settings } from '../shared/config/registry.js';
import { devAuthSettings } from './dev-auth-settings.js';
import { emailLocalSettings } from './email-local-settings.js';
import { startEmulators, type RunningEmulators } from './emulators/index.js';
import type { HostLogSink } from './host/host-log.js';
import { startFunctionsHost, type FunctionsHost } from './host/start-functions-host.js';
import { seedLocalResources, type SeededResources } from './seed-resources.js';
import { loadLocalSettings } from './settings.js';

export interface LocalCloudOptions {
  readonly appRoot: string;
  /** Emulator data; kept between runs so a second start finds the earlier data. */
  readonly dataDir: string;
  /** `standard`: 7071 and the emulators' usual ports; `free`: free ports picked at start (tests). */
  readonly ports: 'standard' | 'free';
  /** App settings that win over everything else (tests: e.g. a fast sweep schedule). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where the host's log goes (default: the console); benchmarks keep only errors. */
  readonly log?: HostLogSink;
}

export interface LocalCloud {
  readonly host: FunctionsHost;
  /** The settings the host runs with (e.g. the inbound mail webhook's secret). */
  readonly appSettings: Readonly<Record<string, string>>;
  readonly emulators: RunningEmulators;
  readonly seeded: SeededResources;
  stop(): Promise<void>;
}

/** Settings the app's trigger bindings name (`%NAME%`): the host needs a value to run those functions. */
const bindingSettingDefaults = {
  [settings.caseSweepSchedule.name]: settings.caseSweepSchedule.defaultValue ?? '',
  [settings.emailOverdueSchedule.name]: settings.emailOverdueSchedule.defaultValue ?? '',
  [settings.attachmentOrphanSchedule.name]: settings.attachmentOrphanSchedule.defaultValue ?? '',
};

export const defaultDataDir = (appRoot: string): string => path.join(appRoot, '.caseflow', 'data');

/**
 * The Functions host's app settings for running emulators. The emulators' settings win over
 * local.settings.json: they carry this run's ports and certificate. local.settings.json may turn the
 * development token issuer off (CASEFLOW_DEV_AUTH=false). Tests that run the host in a process of its own
 * start it with these.
 */
export async function localHostSettings(
  options: Pick<LocalCloudOptions, 'appRoot' | 'dataDir' | 'settings'>,
  emulators: RunningEmulators,
): Promise<Record<string, string>> {
  const local = await loadLocalSettings(options.appRoot);
  const devAuth = await devAuthSettings(options.dataDir);
  const email = await emailLocalSettings(options.dataDir);
  return {
    ...bindingSettingDefaults,
    ...devAuth,
    ...email,
    ...local.values,
    ...emulators.settings,
    ...options.settings,
  };
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const emulators = await startEmulators({ dataDir: options.dataDir, ports: options.ports });
  try {
    const seeded = await seedLocalResources(emulators);
    const appSettings = await localHostSettings(options, emulators);
    const host = await startFunctionsHost({
      appRoot: options.appRoot,
      port: options.ports === 'standard' ? 7071 : 0,
      settings: appSettings,
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      host,
      appSettings,
      emulators,
      seeded,
      async stop() {
        await host.stop();
        await emulators.stop();
      },
    };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}
