/** The periodic sweep: rings every case with an unapplied inbox event older than a few seconds. */
import azureFunctions from '@azure/functions';
import * as df from 'durable-functions';
import { casesWithStaleInbox } from '../../shared/cases/case-sweep.js';
import { cosmosContainers, readSetting, settings } from '../../shared/config/registry.js';
import { DurableDoorbell } from '../durable/durable-doorbell.js';
import { appDatabase } from '../http/app-services.js';
import { durableClientOf } from '../durable/durable-client.js';

azureFunctions.app.timer('caseSweep', {
  schedule: `%${settings.caseSweepSchedule.name}%`,
  extraInputs: [df.input.durableClient()],
  handler: async (_timer, context) => {
    const cutoff = new Date(Date.now() - readSetting('caseSweepAgeSeconds') * 1000).toISOString();
    const doorbell = new DurableDoorbell(durableClientOf(context));
    for (const ref of await casesWithStaleInbox(
      appDatabase().container(cosmosContainers.cases.name),
      cutoff,
    )) {
      try {
        await doorbell.ring(ref);
      } catch (error) {
        context.warn(`Sweep could not ring case ${ref.caseId} of ${ref.tenantId}`, error);
      }
    }
  },
});
