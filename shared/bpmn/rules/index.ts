/** Every validation rule, in the order they report. */
import { executableProcessRule } from './executable-process.js';
import { execActivitiesRule } from './exec-activities.js';
import { execElementsRule } from './exec-elements.js';
import { execEventsRule } from './exec-events.js';
import { execExpressionsRule } from './exec-expressions.js';
import { execReachabilityRule } from './exec-reachability.js';
import { execStartEventsRule } from './exec-start-events.js';
import { execTimersRule } from './exec-timers.js';
import type { ValidationRule } from './rule.js';
// BPMN specification rules (spec-rules area).
import { specReferenceTypesRule } from './spec-references.js';
import { specSequenceFlowsRule } from './spec-sequence-flows.js';
import { specEventsRule } from './spec-events.js';
import { specGatewaysRule } from './spec-gateways.js';
import { specMessageFlowsRule, specParticipantMultiplicityRule } from './spec-message-flows.js';
import { specProcessLevelsRule } from './spec-process-levels.js';
import { specLinksRule } from './spec-links.js';
import { specActivitiesRule } from './spec-activities.js';
import { specDataIoRule } from './spec-data-io.js';
import { specItemDefinitionsRule } from './spec-item-definitions.js';

export const validationRules: readonly ValidationRule[] = [
  executableProcessRule,
  // Execution-level validation (exec-* rules).
  execStartEventsRule,
  execElementsRule,
  execReachabilityRule,
  execActivitiesRule,
  execEventsRule,
  execTimersRule,
  execExpressionsRule,
  // BPMN specification rules (spec-rules area).
  specReferenceTypesRule,
  specSequenceFlowsRule,
  specEventsRule,
  specGatewaysRule,
  specMessageFlowsRule,
  specParticipantMultiplicityRule,
  specProcessLevelsRule,
  specLinksRule,
  specActivitiesRule,
  specDataIoRule,
  specItemDefinitionsRule,
];
