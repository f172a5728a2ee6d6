/**
 * Which documents a query can possibly return, read from its parsed form (`@zeit/cosmosdb-query`'s AST): the
 * equality conditions every result row must meet, as "the value at this path is one of these". Only what is
 * certain counts: a row passes WHERE only when the condition evaluates to exactly `true`, so both sides of an
 * AND must hold and one side of an OR; `c.x = v` holds only for a value of v's type equal to v, and
 * `c.x IN (...)` only for one of the list's values (`Array.includes`). Conditions on objects, arrays or
 * missing values are left out (their matching is not a plain key lookup), as is everything else (ranges, NOT,
 * functions, subqueries): the query itself still filters, this only narrows what it scans.
 */

/** A value a document field can equal through a map key lookup (JSON primitives). */
export type IndexableValue = string | number | boolean | null;

export interface EqualityCondition {
  /** Property names (or array positions) from the document root, e.g. `['tenantId']`. */
  readonly path: readonly (string | number)[];
  readonly values: ReadonlySet<IndexableValue>;
}

interface AstNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

type Parameters = ReadonlyMap<string, unknown>;

/** The necessary equality conditions of a parsed query, keyed by path; empty when nothing is certain. */
export function equalityConditions(
  ast: { readonly [field: string]: unknown },
  parameters: readonly { name: string; value: unknown }[] | undefined,
): Map<string, EqualityCondition> {
  const body = ast['body'] as AstNode | undefined;
  const alias = rootAlias(body);
  const condition = (body?.['where'] as AstNode | null | undefined)?.['condition'] as AstNode | undefined;
  if (alias === undefined || condition === undefined) return new Map();
  const byName = new Map((parameters ?? []).map(({ name, value }) => [name, value]));
  return necessary(condition, alias, byName);
}

export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

export function isIndexableValue(value: unknown): value is IndexableValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** `FROM c` or `FROM root r` (possibly with JOINs over other aliases); anything else has no plain root. */
function rootAlias(body: AstNode | undefined): string | undefined {
  const from = body?.['from'] as AstNode | null | undefined;
  const source = from?.['source'] as AstNode | undefined;
  const expression = source?.['expression'] as AstNode | undefined;
  const collection = expression?.['expression'] as AstNode | undefined;
  if (expression?.type !== 'collection_expression' || collection?.type !== 'identifier') return undefined;
  const alias = String(((source?.['alias'] as AstNode | null) ?? collection)['name']);
  const joins = (from?.['joins'] as AstNode[] | undefined) ?? [];
  const shadowed = joins.some((join) => (join['alias'] as AstNode | null)?.['name'] === alias);
  return shadowed ? undefined : alias;
}

function necessary(node: AstNode, alias: string, parameters: Parameters): Map<string, EqualityCondition> {
  if (node.type === 'scalar_binary_expression') {
    const operator = String(node['operator']).toUpperCase();
    const left = node['left'] as AstNode;
    const right = node['right'] as AstNode;
    if (operator === 'AND')
      return both(necessary(left, alias, parameters), necessary(right, alias, parameters));
    if (operator === 'OR')
      return either(necessary(left, alias, parameters), necessary(right, alias, parameters));
    if (operator === '=') {
      return (
        equality(left, right, alias, parameters) ?? equality(right, left, alias, parameters) ?? new Map()
      );
    }
  }
  if (node.type === 'scalar_in_expression') return membership(node, alias, parameters);
  return new Map();
}

function equality(
  member: AstNode,
  operand: AstNode,
  alias: string,
  parameters: Parameters,
): Map<string, EqualityCondition> | undefined {
  const path = memberPath(member, alias);
  const value = operandValue(operand, parameters);
  if (path === undefined || value === unknownValue) return undefined;
  // `=` with a missing value is never true: an empty set of values.
  if (value !== undefined && !isIndexableValue(value)) return undefined;
  return single(path, value === undefined ? [] : [value]);
}

function membership(node: AstNode, alias: string, parameters: Parameters): Map<string, EqualityCondition> {
  const path = memberPath(node['value'] as AstNode, alias);
  const values = (node['list'] as AstNode[]).map((item) => operandValue(item, parameters));
  // `includes` matches a missing value with a missing list item, and objects by reference: not lookups.
  if (path === undefined || !values.every(isIndexableValue)) return new Map();
  return single(path, values);
}

function single(path: (string | number)[], values: IndexableValue[]): Map<string, EqualityCondition> {
  return new Map([[pathKey(path), { path, values: new Set(values) }]]);
}

function both(
  a: Map<string, EqualityCondition>,
  b: Map<string, EqualityCondition>,
): Map<string, EqualityCondition> {
  const merged = new Map(a);
  for (const [key, condition] of b) {
    const other = merged.get(key);
    merged.set(
      key,
      other === undefined
        ? condition
        : { path: condition.path, values: new Set([...condition.values].filter((v) => other.values.has(v))) },
    );
  }
  return merged;
}

function either(
  a: Map<string, EqualityCondition>,
  b: Map<string, EqualityCondition>,
): Map<string, EqualityCondition> {
  const merged = new Map<string, EqualityCondition>();
  for (const [key, condition] of a) {
    const other = b.get(key);
    if (other !== undefined) {
      merged.set(key, { path: condition.path, values: new Set([...condition.values, ...other.values]) });
    }
  }
  return merged;
}

/** `c.a.b`, `c["a"]`, `c.list[0]` over the root alias, as a path; undefined for anything else. */
function memberPath(node: AstNode, alias: string): (string | number)[] | undefined {
  if (node.type === 'identifier') return node['name'] === alias ? [] : undefined;
  if (node.type !== 'scalar_member_expression') return undefined;
  const object = memberPath(node['object'] as AstNode, alias);
  const property = node['property'] as AstNode;
  if (object === undefined) return undefined;
  if (!node['computed'] && property.type === 'identifier') return [...object, String(property['name'])];
  if (property.type === 'string_constant') return [...object, String(property['value'])];
  if (property.type === 'number_constant') return [...object, Number(property['value'])];
  return undefined;
}

const unknownValue = Symbol('not a constant or parameter');

function operandValue(node: AstNode, parameters: Parameters): unknown {
  switch (node.type) {
    case 'string_constant':
    case 'number_constant':
    case 'boolean_constant':
      return node['value'];
    case 'null_constant':
      return null;
    case 'parameter_name':
      return parameters.get(String(node['name']));
    default:
      return unknownValue;
  }
}
