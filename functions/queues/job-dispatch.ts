/** The job-dispatch queue trigger: runs each dispatched job with its built-in handler. */
import azureFunctions from '@azure/functions';
import * as df from 'durable-functions';
import { readSetting, settings, storageQueues } from '../../shared/config/registry.js';
import { runBuiltInJob } from '../../shared/jobs/built-in-job-runner.js';
import { parseJobDispatchMessage } from '../../shared/jobs/job-dispatch-queue.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { jobDispatchQueue, jobHandlers } from '../job-services.js';
import { durableClientOf } from '../durable/durable-client.js';

azureFunctions.app.storageQueue('jobDispatch', {
  queueName: storageQueues.jobDispatch.name,
  connection: settings.storageConnection.name,
  // The job's result reaches the case through its inbox, whose doorbell needs the Durable client.
  extraInputs: [df.input.durableClient()],
  async handler(body, context) {
    const message = parseJobDispatchMessage(body);
    if (!message) {
      context.warn('A job-dispatch message that names no tenant and job was dropped.');
      return;
    }
    const runtime = caseRuntime(durableClientOf(context));
    await runBuiltInJob(message, {
      jobs: runtime.jobs,
      handlers: jobHandlers(),
      queue: jobDispatchQueue(),
      retryBackoffMs: readSetting('jobRetryBackoffMs'),
    });
  },
});
