/** Every validation rule, in the order they report. */
import { executableProcessRule } from './executable-process.js';
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
