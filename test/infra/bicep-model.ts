/**
 * A model of a Bicep template directory for the policy and consistency checks: every file's resources
 * (type, API version, evaluated body per loop item, `existing`, `scope`), modules, parameters, outputs, and every
 * parameter file's assignments. It is built from the tree-sitter syntax tree, so it sees exactly what parses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { parseBicep, parseBicepParam, type ParamAssignment, type SyntaxError } from './bicep-syntax.js';
import {
  evaluate,
  Expression,
  isArray,
  isObject,
  type Scope,
  type Value,
  type ValueObject,
} from './bicep-values.js';

export interface ResourceModel {
  readonly file: string;
  readonly line: number;
  readonly symbol: string;
  /** Full resource type without the API version, e.g. `Microsoft.Storage/storageAccounts/blobServices`. */
  readonly type: string;
  readonly apiVersion: string | undefined;
  readonly existing: boolean;
  /** The body once per loop item (once for a plain or conditional resource). */
  readonly instances: readonly ValueObject[];
  /** Symbol named by `scope:` (extension resources such as role assignments and diagnostic settings). */
  readonly scopeSymbol: string | undefined;
}

export interface ModuleModel {
  readonly file: string;
  readonly line: number;
  readonly symbol: string;
  readonly path: string;
  readonly instances: readonly ValueObject[];
}

export interface OutputModel {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly decorators: string;
  readonly valueText: string;
}

export interface ParameterModel {
  readonly name: string;
  readonly hasDefault: boolean;
}

export interface TemplateFile {
  /** Path relative to the template directory, with forward slashes. */
  readonly path: string;
  readonly source: string;
  readonly errors: readonly SyntaxError[];
  readonly resources: readonly ResourceModel[];
  readonly modules: readonly ModuleModel[];
  readonly outputs: readonly OutputModel[];
  readonly parameters: readonly ParameterModel[];
}

export interface ParamFile {
  readonly path: string;
  readonly using: string | undefined;
  readonly assignments: readonly ParamAssignment[];
  readonly errors: readonly SyntaxError[];
}

export interface TemplateSet {
  readonly directory: string;
  readonly templates: readonly TemplateFile[];
  readonly paramFiles: readonly ParamFile[];
}

export async function loadTemplateSet(directory: string): Promise<TemplateSet> {
  const files = listFiles(directory);
  const templates: TemplateFile[] = [];
  const paramFiles: ParamFile[] = [];
  for (const file of files) {
    const relative = path.relative(directory, file).split(path.sep).join('/');
    const source = readFileSync(file, 'utf8');
    if (file.endsWith('.bicep')) templates.push(await modelTemplate(relative, source));
    else if (file.endsWith('.bicepparam'))
      paramFiles.push({ path: relative, ...(await parseBicepParam(source)) });
  }
  return { directory, templates, paramFiles };
}

function listFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((entry) => {
      const full = path.join(directory, entry);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

async function modelTemplate(file: string, source: string): Promise<TemplateFile> {
  const { root, errors } = await parseBicep(source);
  const variables = new Map<string, Node>();
  for (const node of root.namedChildren) {
    const [name, value] = node.namedChildren;
    if (node.type === 'variable_declaration' && name && value) variables.set(name.text, value);
  }
  const scope: Scope = { variables, bindings: new Map() };
  const resources: ResourceModel[] = [];
  const modules: ModuleModel[] = [];
  const outputs: OutputModel[] = [];
  const parameters: ParameterModel[] = [];
  let decorators = '';
  for (const node of root.namedChildren) {
    const line = node.startPosition.row + 1;
    const [symbol, second] = node.namedChildren;
    if (node.type === 'decorators') {
      decorators = node.text;
      continue;
    }
    if (node.type === 'resource_declaration' && symbol && second) {
      const [type, apiVersion] = stringLiteral(second).split('@');
      const body = node.namedChildren[2];
      const instances = body ? instancesOf(body, scope) : [];
      const scopeValue = instances[0]?.['scope'];
      resources.push({
        file,
        line,
        symbol: symbol.text,
        type: type ?? '',
        apiVersion,
        existing: node.children.some((child) => child.type === 'existing'),
        instances,
        scopeSymbol: scopeValue instanceof Expression ? scopeValue.text : undefined,
      });
    } else if (node.type === 'module_declaration' && symbol && second) {
      const body = node.namedChildren[2];
      modules.push({
        file,
        line,
        symbol: symbol.text,
        path: stringLiteral(second),
        instances: body ? instancesOf(body, scope) : [],
      });
    } else if (node.type === 'output_declaration' && symbol) {
      outputs.push({
        file,
        line,
        name: symbol.text,
        decorators,
        valueText: node.namedChildren.at(-1)?.text ?? '',
      });
    } else if (node.type === 'parameter_declaration' && symbol) {
      parameters.push({ name: symbol.text, hasDefault: node.namedChildren.length > 2 });
    }
    decorators = '';
  }
  return { path: file, source, errors, resources, modules, outputs, parameters };
}

function stringLiteral(node: Node): string {
  return node.namedChildren.map((part) => part.text).join('');
}

/** The evaluated body of a resource or module: per loop item for `for`, the guarded body for `if`. */
function instancesOf(body: Node, scope: Scope): ValueObject[] {
  if (body.type === 'object') {
    const value = evaluate(body, scope);
    return isObject(value) ? [value] : [];
  }
  if (body.type === 'if_statement') {
    const guarded = body.namedChildren.at(-1);
    return guarded ? instancesOf(guarded, scope) : [];
  }
  if (body.type === 'for_statement') return loopInstances(body, scope);
  return [];
}

function loopInstances(loop: Node, scope: Scope): ValueObject[] {
  const parameters = loop.namedChildren.find((child) => child.type === 'for_loop_parameters');
  const initializer = parameters ?? loop.childForFieldName('initializer');
  const itemName = parameters
    ? parameters.namedChildren.find((child) => child.type === 'loop_variable')?.text
    : initializer?.text;
  const indexName = parameters?.namedChildren.find((child) => child.type === 'loop_enumerator')?.text;
  const body = loop.childForFieldName('body');
  // `for <initializer> in <iterable>: <body>`: the iterable is the one other named child.
  const iterable = loop.namedChildren.find(
    (child) =>
      child.type !== 'comment' &&
      child.startIndex !== initializer?.startIndex &&
      child.startIndex !== body?.startIndex,
  );
  if (!itemName || !body || !iterable) return [];
  const items = evaluate(iterable, scope);
  const list: readonly Value[] = isArray(items) ? items : [new Expression(iterable.text)];
  return list.flatMap((item, index) => {
    const bindings = new Map(scope.bindings);
    bindings.set(itemName, item);
    if (indexName) bindings.set(indexName, index);
    return instancesOf(body, { variables: scope.variables, bindings });
  });
}
