/**
 * Reads `caseflow:variableVisibility` from a process's extension elements: each `caseflow:restrictedVariable`
 * names a root variable and the roles and groups (comma-separated) that may see its value besides admins.
 * Entries without a name, and later entries for a name already read, are left out (the
 * exec-variable-visibility rule reports both).
 */
import type { RestrictedVariable } from '../graph.js';
import { elementList, extensions, stringProperty, type ModdleElement } from '../moddle-element.js';

export function readRestrictedVariables(process: ModdleElement): RestrictedVariable[] | undefined {
  const declarations = restrictedVariableElements(process);
  if (declarations.length === 0) return undefined;
  const restricted = new Map<string, RestrictedVariable>();
  for (const declaration of declarations) {
    const name = stringProperty(declaration, 'name')?.trim();
    if (!name || restricted.has(name)) continue;
    restricted.set(name, {
      name,
      roles: listAttribute(declaration, 'roles'),
      groups: listAttribute(declaration, 'groups'),
    });
  }
  return restricted.size === 0 ? undefined : [...restricted.values()];
}

export function restrictedVariableElements(process: ModdleElement): ModdleElement[] {
  return extensions(process, 'caseflow:VariableVisibility').flatMap((visibility) =>
    elementList(visibility, 'variables'),
  );
}

export function listAttribute(element: ModdleElement, property: string): string[] {
  const items = (stringProperty(element, property) ?? '').split(',').map((item) => item.trim());
  return [...new Set(items.filter((item) => item !== ''))];
}
