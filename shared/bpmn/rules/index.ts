/** Every validation rule, in the order they report. */
import { executableProcessRule } from './executable-process.js';
import type { ValidationRule } from './rule.js';
// Execution-level validation: what Caseflow needs beyond the specification to run a model.
import { execActivitiesRule } from './exec-activities.js';
import { execElementsRule } from './exec-elements.js';
import { execEventsRule } from './exec-events.js';
import { execExpressionsRule } from './exec-expressions.js';
import { execReachabilityRule } from './exec-reachability.js';
import { execStartEventsRule } from './exec-start-events.js';
import { execTimersRule } from './exec-timers.js';
// BPMN specification rules.
import { specActivitiesRule } from './spec-activities.js';
import { specDataIoRule } from './spec-data-io.js';
import { specEventsRule } from './spec-events.js';
import { specGatewaysRule } from './spec-gateways.js';
import { specItemDefinitionsRule } from './spec-item-definitions.js';
import { specLinksRule } from './spec-links.js';
import { specMessageFlowsRule, specParticipantMultiplicityRule } from './spec-message-flows.js';
import { specProcessLevelsRule } from './spec-process-levels.js';
import { specReferenceTypesRule } from './spec-references.js';
import { specSequenceFlowsRule } from './spec-sequence-flows.js';
// Spec rules for expressions and called elements.
import { specCallActivitiesRule } from './spec-call-activities.js';
import { specExpressionsRule } from './spec-expressions.js';
// Per-variable visibility (caseflow:variableVisibility).
import { execVariableVisibilityRule } from './exec-variable-visibility.js';
// Soundness analysis (warnings).
import { soundnessDeadlockRule } from './soundness-deadlock.js';
import { soundnessParallelBranchesRule } from './soundness-parallel-branches.js';

export const validationRules: readonly ValidationRule[] = [
  executableProcessRule,
  execStartEventsRule,
  execElementsRule,
  execReachabilityRule,
  execActivitiesRule,
  execEventsRule,
  execTimersRule,
  execExpressionsRule,
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
  specExpressionsRule,
  specCallActivitiesRule,
  // Per-variable visibility.
  execVariableVisibilityRule,
  soundnessDeadlockRule,
  soundnessParallelBranchesRule,
];
