/**
 * Every built-in job handler the app runs, given the services they need. Adding one is one module exporting
 * a `JobHandler` and one line here; job types without a handler wait for external workers (fetch-and-lock
 * over HTTP).
 */
import type { ConnectorClient } from '../connectors/connector-client.js';
import { connectorJobHandler } from '../connectors/connector-job-handler.js';
import { sendEmailJobHandler, type SendEmailServices } from '../email/send-email-job-handler.js';
import type { JobHandler } from './job-handler.js';

export interface BuiltInHandlerServices {
  readonly connectors: ConnectorClient;
  readonly clock: () => Date;
  /** `email:send` (docs/email.md); left out where only the other handlers are exercised. */
  readonly email?: Omit<SendEmailServices, 'clock'>;
}

export function builtInJobHandlers(services: BuiltInHandlerServices): readonly JobHandler[] {
  return [
    connectorJobHandler(services.connectors, services.clock),
    ...(services.email ? [sendEmailJobHandler({ ...services.email, clock: services.clock })] : []),
  ];
}
