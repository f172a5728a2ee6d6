/**
 * Which of a case's variables a caller may see (docs/api.md#variable-visibility): the model's
 * `caseflow:variableVisibility` restricts named root variables to admins and the roles and groups it lists;
 * every other variable is visible to whoever may read the case. Applied wherever variables or their names
 * leave the API.
 */
import type { ProcessGraph } from '../bpmn/index.js';
import type { Variables } from '../engine/index.js';
import type { Principal } from '../identity/principal.js';
import { isAdmin } from './record-rules.js';

export interface VariableVisibility {
  mayRead(name: string): boolean;
  /** The variables without those the caller may not see. */
  visible(variables: Variables): Variables;
}

const everything: VariableVisibility = { mayRead: () => true, visible: (variables) => variables };

export function variableVisibility(
  graph: Pick<ProcessGraph, 'restrictedVariables'>,
  principal: Principal,
): VariableVisibility {
  const restricted = graph.restrictedVariables ?? [];
  if (restricted.length === 0 || isAdmin(principal)) return everything;
  const hidden = new Set(
    restricted
      .filter(
        (variable) =>
          !variable.roles.some((role) => (principal.roles as readonly string[]).includes(role)) &&
          !variable.groups.some((group) => principal.groups.includes(group)),
      )
      .map((variable) => variable.name),
  );
  if (hidden.size === 0) return everything;
  const mayRead = (name: string) => !hidden.has(name);
  return {
    mayRead,
    visible: (variables) => Object.fromEntries(Object.entries(variables).filter(([name]) => mayRead(name))),
  };
}
