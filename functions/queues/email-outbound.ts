/** The email-outbound queue trigger: sends each mail once, with back-off, then the host's poison queue. */
import azureFunctions from '@azure/functions';
import { settings, storageQueues } from '../../shared/config/registry.js';
import { deliverOutboundMail } from '../../shared/email/outbound-mail-delivery.js';
import { parseOutboundMail } from '../../shared/email/outbound-mail.js';
import { outboundMailQueue, outboundMailSender } from '../email-services.js';

azureFunctions.app.storageQueue('emailOutbound', {
  queueName: storageQueues.emailOutbound.name,
  connection: settings.storageConnection.name,
  async handler(body, context) {
    const mail = parseOutboundMail(body);
    if (!mail) {
      context.warn('An email-outbound message that is not a mail was dropped.');
      return;
    }
    const outcome = await deliverOutboundMail(mail, outboundMailSender(), outboundMailQueue());
    if (outcome === 'retry-later') context.warn(`Mail ${mail.key} failed; it is retried after a back-off.`);
  },
});
