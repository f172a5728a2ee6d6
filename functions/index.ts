/**
 * The Functions app's entry (package.json "main"): importing a registration module registers its functions.
 * One module per resource under http/, durable/, queues/ and timers/.
 */
import './http/health.js';
import './http/openapi.js';
import './http/dev-token.js';
import './http/models.js';
import './http/jobs.js';
import './http/messages.js';
import './http/incidents.js';
import './http/connectors.js';
import './queues/job-dispatch.js';
import './queues/email-outbound.js';
import './timers/email-overdue.js';
import './http/email.js';
import './http/email-inbound.js';
import './http/email-triggers.js';
import './queues/email-inbound.js';
import './durable/case-timer.js';
import './durable/case-orchestration.js';
import './timers/case-sweep.js';
import './http/cases.js';
import './http/case-attachments.js';
import './timers/attachment-orphans.js';
import './http/tasks.js';
