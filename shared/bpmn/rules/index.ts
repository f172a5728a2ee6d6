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
];
