import { isExecutableProcess } from './element-helpers.js';
import type { ValidationRule } from './rule.js';

/** Caseflow runs only processes marked `isExecutable="true"`; a model with none cannot be deployed. */
export const executableProcessRule: ValidationRule = {
  name: 'executable-process',
  check({ model, sink }) {
    if (model.processes.some(isExecutableProcess)) return;
    const message =
      model.processes.length === 0
        ? 'The model contains no process.'
        : 'No process is marked isExecutable="true"; Caseflow only runs executable processes.';
    sink.report('caseflow.no-executable-process', message);
  },
};
