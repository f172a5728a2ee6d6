/**
 * `caseflow:variableVisibility` (docs/bpmn-extensions.md#variable-visibility): every restricted variable has a
 * name, is restricted once per process, and names only roles Caseflow knows; a declaration outside a
 * process's extension elements is ignored, which the designer should know.
 */
import { roles } from '../../identity/principal.js';
import { listAttribute, restrictedVariableElements } from '../compile/variable-visibility.js';
import { describeElement } from '../element-description.js';
import { extensions, stringProperty } from '../moddle-element.js';
import { atOwn } from './element-helpers.js';
import type { ValidationRule } from './rule.js';

export const execVariableVisibilityRule: ValidationRule = {
  name: 'exec-variable-visibility',
  check({ model, sink }) {
    for (const process of model.processes) {
      const seen = new Set<string>();
      for (const declaration of restrictedVariableElements(process)) {
        const name = stringProperty(declaration, 'name')?.trim();
        if (!name) {
          sink.report(
            'caseflow.restricted-variable-name',
            `A caseflow:restrictedVariable of ${describeElement(process)} has no name attribute.`,
            atOwn(process),
          );
          continue;
        }
        if (seen.has(name)) {
          sink.report(
            'caseflow.restricted-variable-duplicate',
            `${describeElement(process)} restricts the variable "${name}" more than once.`,
            atOwn(process),
          );
        }
        seen.add(name);
        const unknown = listAttribute(declaration, 'roles').filter(
          (role) => !(roles as readonly string[]).includes(role),
        );
        if (unknown.length > 0) {
          sink.report(
            'caseflow.restricted-variable-role',
            `The restricted variable "${name}" of ${describeElement(process)} names unknown roles: ${unknown.join(', ')} (known: ${roles.join(', ')}).`,
            atOwn(process),
          );
        }
      }
    }
    for (const element of model.elements) {
      if (element.$type === 'bpmn:Process') continue;
      if (extensions(element, 'caseflow:VariableVisibility').length > 0) {
        sink.report(
          'caseflow.variable-visibility-placement',
          `The caseflow:variableVisibility of ${describeElement(element)} is ignored: it belongs in a process's extension elements.`,
          atOwn(element),
        );
      }
    }
  },
};
