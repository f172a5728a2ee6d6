/** The job-dispatch queue trigger: runs each dispatched job with its built-in handler. */
import azureFunctions from '@azure/functions';
import { settings, storageQueues } from '../../shared/config/registry.js';
import { runBuiltInJob } from '../../shared/jobs/built-in-job-runner.js';
import { parseJobDispatchMessage } from '../../shared/jobs/job-dispatch-queue.js';
import { jobDispatchQueue, jobHandlers, jobService } from '../job-services.js';

azureFunctions.app.storageQueue('jobDispatch', {
  queueName: storageQueues.jobDispatch.name,
  connection: settings.storageConnection.name,
  async handler(body, context) {
    const message = parseJobDispatchMessage(body);
    if (!message) {
      context.warn('A job-dispatch message that names no tenant and job was dropped.');
      return;
    }
    await runBuiltInJob(message, { jobs: jobService, handlers: jobHandlers(), queue: jobDispatchQueue() });
  },
});
