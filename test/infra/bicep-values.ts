/**
 * A small evaluator for the parts of Bicep the infra checks reason about: literals, objects, arrays, variables,
 * loop variables, member access, `union`/`concat`/`items` and ternaries. A ternary evaluates to every value it
 * may take (objects merged, arrays concatenated), so a conditional app setting still counts as set by the
 * template. Anything else (resource properties, other functions) stays an `Expression` holding its source text.
 */
import type { Node } from 'web-tree-sitter';

export class Expression {
  constructor(readonly text: string) {}
}

export type Value = string | number | boolean | null | Expression | readonly Value[] | ValueObject;
export interface ValueObject {
  readonly [key: string]: Value;
}

export interface Scope {
  /** File-level `var` declarations, evaluated on demand. */
  readonly variables: ReadonlyMap<string, Node>;
  /** Loop variables bound while evaluating one loop item. */
  readonly bindings: ReadonlyMap<string, Value>;
}

export function isObject(value: Value | undefined): value is ValueObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Expression)
  );
}

export function isArray(value: Value | undefined): value is readonly Value[] {
  return Array.isArray(value);
}

export function evaluate(node: Node, scope: Scope, depth = 0): Value {
  if (depth > 50) return new Expression(node.text);
  const next = (child: Node): Value => evaluate(child, scope, depth + 1);
  switch (node.type) {
    case 'string':
      return evaluateString(node, next);
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'array':
      return node.namedChildren.map(next);
    case 'object':
      return evaluateObject(node, next);
    case 'parenthesized_expression':
      return node.namedChildren[0] ? next(node.namedChildren[0]) : new Expression(node.text);
    case 'identifier': {
      const bound = scope.bindings.get(node.text);
      if (bound !== undefined) return bound;
      const variable = scope.variables.get(node.text);
      return variable ? next(variable) : new Expression(node.text);
    }
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      const base = object ? next(object) : undefined;
      if (isObject(base) && property && property.text in base) return base[property.text] ?? null;
      return new Expression(node.text);
    }
    case 'ternary_expression': {
      const consequence = node.childForFieldName('consequence');
      const alternative = node.childForFieldName('alternative');
      if (!consequence || !alternative) return new Expression(node.text);
      return merge([next(consequence), next(alternative)], node.text);
    }
    case 'call_expression':
      return evaluateCall(node, next);
    default:
      return new Expression(node.text);
  }
}

function evaluateObject(node: Node, next: (child: Node) => Value): ValueObject {
  const result: Record<string, Value> = {};
  for (const property of node.namedChildren) {
    if (property.type !== 'object_property') continue;
    const [key, value] = property.namedChildren;
    if (!key || !value) continue;
    const name = key.type === 'string' ? next(key) : key.text;
    if (typeof name === 'string') result[name] = next(value);
  }
  return result;
}

function evaluateString(node: Node, next: (child: Node) => Value): Value {
  let text = '';
  let unresolved = false;
  for (const part of node.namedChildren) {
    if (part.type === 'string_content') text += part.text;
    else if (part.type === 'escape_sequence') text += unescape(part.text);
    else if (part.type === 'interpolation') {
      const inner = part.namedChildren[0];
      const value = inner ? next(inner) : undefined;
      if (typeof value === 'string' || typeof value === 'number') text += String(value);
      else {
        text += '${' + render(value ?? null) + '}';
        unresolved = true;
      }
    } else return new Expression(node.text);
  }
  return unresolved ? new Expression(`'${text}'`) : text;
}

/** Bicep-like source text of a value, with loop variables and variables substituted. */
export function render(value: Value): string {
  if (value instanceof Expression) return value.text;
  if (typeof value === 'string') return `'${value}'`;
  if (isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (isObject(value)) {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${render(item)}`)
      .join(', ')} }`;
  }
  return String(value);
}

function unescape(sequence: string): string {
  const escapes: Record<string, string> = { '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\$': '$' };
  return escapes[sequence] ?? sequence.slice(1);
}

function evaluateCall(node: Node, next: (child: Node) => Value): Value {
  const name = node.childForFieldName('function')?.text;
  const args = node.childForFieldName('arguments')?.namedChildren.map(next) ?? [];
  if (name === 'union' || name === 'concat') return merge(args, node.text);
  if (name === 'items' && isObject(args[0])) {
    return Object.entries(args[0]).map(([key, value]) => ({ key, value }));
  }
  // Other functions stay expressions, written with their evaluated arguments (so a loop variable shows its value).
  return new Expression(`${name ?? ''}(${args.map(render).join(', ')})`);
}

/** Objects merge (later keys win), arrays concatenate; a mix of kinds stays an expression. */
function merge(values: readonly Value[], text: string): Value {
  const objects = values.filter(isObject);
  if (objects.length === values.length) return Object.assign({}, ...objects) as ValueObject;
  const arrays = values.filter(isArray);
  if (arrays.length === values.length) return arrays.flat();
  return new Expression(text);
}
