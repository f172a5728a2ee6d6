/** Every validation rule, in the order they report. */
import { executableProcessRule } from './executable-process.js';
import type { ValidationRule } from './rule.js';
// Soundness analysis (warnings).
import { soundnessDeadlockRule } from './soundness-deadlock.js';
import { soundnessParallelBranchesRule } from './soundness-parallel-branches.js';

export const validationRules: readonly ValidationRule[] = [
  executableProcessRule,
  // Soundness analysis (warnings).
  soundnessDeadlockRule,
  soundnessParallelBranchesRule,
];
