/** Every validation rule, in the order they report. */
import { executableProcessRule } from './executable-process.js';
import type { ValidationRule } from './rule.js';

export const validationRules: readonly ValidationRule[] = [executableProcessRule];
