/**
 * The email-inbound queue trigger: acts on each accepted mail (reply actions, trigger rules). A failure
 * throws, so the host retries it up to `maxDequeueCount` and then moves it to `email-inbound-poison`.
 */
import azureFunctions from '@azure/functions';
import * as df from 'durable-functions';
import { settings, storageQueues } from '../../shared/config/registry.js';
import { processInboundMail } from '../../shared/email/inbound-mail-processor.js';
import { inboundMailIdOf } from '../../shared/storage/storage-inbound-mail-queue.js';
import { inboundProcessorPorts } from '../inbound-email-services.js';
import { durableClientOf } from '../durable/durable-client.js';

azureFunctions.app.storageQueue('emailInbound', {
  queueName: storageQueues.emailInbound.name,
  connection: settings.storageConnection.name,
  // Completing a task or starting a case rings the case's doorbell, which needs the Durable client.
  extraInputs: [df.input.durableClient()],
  async handler(body, context) {
    const mailId = inboundMailIdOf(body);
    if (!mailId) {
      context.warn('An email-inbound message that names no mail was dropped.');
      return;
    }
    const outcome = await processInboundMail(
      mailId,
      inboundProcessorPorts(durableClientOf(context), (message) => context.warn(message)),
    );
    context.log(`Inbound mail ${mailId}: ${outcome}.`);
  },
});
