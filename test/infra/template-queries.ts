/** Questions the policy and consistency checks ask of a template set. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResourceModel, TemplateFile, TemplateSet } from './bicep-model.js';
import { Expression, isArray, isObject, render, type Value, type ValueObject } from './bicep-values.js';

export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly line: number;
}

/** Reads a dotted property path from an evaluated body. */
export function property(body: ValueObject, dottedPath: string): Value | undefined {
  let current: Value | undefined = body;
  for (const key of dottedPath.split('.')) {
    current = isObject(current) ? current[key] : undefined;
  }
  return current;
}

export function allResources(set: TemplateSet): ResourceModel[] {
  return set.templates.flatMap((template) => template.resources);
}

export function resourcesOfType(set: TemplateSet, type: string): ResourceModel[] {
  return allResources(set).filter((resource) => resource.type === type && !resource.existing);
}

/** Literal names of every instance of a resource type (loops expanded). */
export function namesOf(set: TemplateSet, type: string): Located<string>[] {
  return resourcesOfType(set, type).flatMap((resource) =>
    resource.instances.flatMap((body) => {
      const name = body['name'];
      return typeof name === 'string' ? [{ value: name, file: resource.file, line: resource.line }] : [];
    }),
  );
}

/** App settings of every Function App: `sites/config` named appsettings and `siteConfig.appSettings`. */
export function appSettingNames(set: TemplateSet): Located<string>[] {
  const found: Located<string>[] = [];
  for (const resource of resourcesOfType(set, 'Microsoft.Web/sites/config')) {
    for (const body of resource.instances) {
      const settings = body['properties'];
      if (body['name'] === 'appsettings' && isObject(settings)) {
        for (const name of Object.keys(settings))
          found.push({ value: name, file: resource.file, line: resource.line });
      }
    }
  }
  for (const resource of resourcesOfType(set, 'Microsoft.Web/sites')) {
    for (const body of resource.instances) {
      const list = property(body, 'properties.siteConfig.appSettings');
      for (const entry of isArray(list) ? list : []) {
        const name = isObject(entry) ? entry['name'] : undefined;
        if (typeof name === 'string') found.push({ value: name, file: resource.file, line: resource.line });
      }
    }
  }
  return found;
}

export interface RoleAssignment {
  readonly file: string;
  readonly line: number;
  /** Key in `roleIds` (role-ids.bicep) the assignment's role definition names, if it names one. */
  readonly roleKey: string | undefined;
  readonly roleDefinitionText: string;
  readonly principalText: string;
  readonly principalType: Value | undefined;
  /** Resource type of the assignment's scope (the Cosmos account for Cosmos data-plane assignments). */
  readonly scopeType: string | undefined;
  readonly dataPlane: boolean;
}

/** ARM role assignments and Cosmos DB data-plane (SQL) role assignments, one per loop item. */
export function roleAssignments(set: TemplateSet): RoleAssignment[] {
  const result: RoleAssignment[] = [];
  for (const template of set.templates) {
    for (const resource of template.resources) {
      const dataPlane = resource.type === 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments';
      if (resource.type !== 'Microsoft.Authorization/roleAssignments' && !dataPlane) continue;
      for (const body of resource.instances) {
        const roleDefinition = property(body, 'properties.roleDefinitionId');
        const roleDefinitionText = roleDefinition === undefined ? '' : render(roleDefinition);
        const principal = property(body, 'properties.principalId');
        result.push({
          file: resource.file,
          line: resource.line,
          roleKey: /\broleIds\.(\w+)/.exec(roleDefinitionText)?.[1],
          roleDefinitionText,
          principalText: principal === undefined ? '' : render(principal),
          principalType: property(body, 'properties.principalType'),
          scopeType: dataPlane ? 'Microsoft.DocumentDB/databaseAccounts' : scopeTypeOf(template, resource),
          dataPlane,
        });
      }
    }
  }
  return result;
}

export function scopeTypeOf(template: TemplateFile, resource: ResourceModel): string | undefined {
  return template.resources.find((candidate) => candidate.symbol === resource.scopeSymbol)?.type;
}

export function isExpression(value: Value | undefined): value is Expression {
  return value instanceof Expression;
}

/** The template a module path or `using` path names, relative to the referring file. */
export function resolveModule(
  set: TemplateSet,
  fromFile: string,
  modulePath: string,
): TemplateFile | undefined {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), modulePath));
  const template = set.templates.find((candidate) => candidate.path === target);
  return template && existsSync(path.join(set.directory, target)) ? template : undefined;
}
