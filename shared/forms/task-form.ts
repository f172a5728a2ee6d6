/**
 * The form of a user task, for the Tasks API (pure functions; documented in docs/forms.md).
 *
 *   taskForm(node: FlowNode): TaskForm
 *     node is the compiled graph's user task (`graph.nodes[id]`). Returns, in this order of preference:
 *     - `{ kind: 'schema', schema }` for a Camunda 8 form embedded in the process (form key
 *       `camunda-forms:bpmn:<id>` naming a `zeebe:userTaskForm`);
 *     - `{ kind: 'formKey', formKey }` for any other form key (Camunda 7 `camunda:formKey`, Camunda 8
 *       `zeebe:formDefinition formKey`/`formId`, Caseflow `caseflow:formDefinition`);
 *     - `{ kind: 'schema', schema }` for Camunda 7 `camunda:formData` fields;
 *     - otherwise `{ kind: 'schema', schema }` whose untyped properties are the variables the task's output
 *       mappings read (none without mappings), open to other keys.
 *     The schema is a JSON Schema draft 2020-12 object schema (see TaskFormSchema).
 *
 *   validateTaskVariables(form: TaskForm, variables: unknown): FormProblem[]
 *     The problems with the variables a task is completed with (empty when they fit): not an object,
 *     unknown keys (unless the schema allows them), wrong types, missing required keys, values outside the
 *     enum, the minimum/maximum, the length limits, the pattern or the date/time format, and values for
 *     read-only fields. A form key cannot be checked here: no problems. `path` is a JSON Pointer (`/amount`).
 */
import type { FlowNode, FormFieldDefinition } from '../bpmn/graph.js';
import { feelVariableNames } from '../expressions/feel-syntax.js';
import { parseJuelSubset } from '../expressions/juel-subset.js';
import { embeddedFormPrefix } from '../bpmn/compile/form-fields.js';
import { parseDateTime } from '../time/iso8601.js';

export type FormValue = string | number | boolean;

/** The JSON Schema of one form field (a subset of draft 2020-12 keywords, plus `x-enumLabels`). */
export interface FieldSchema {
  readonly type?: 'string' | 'number' | 'integer' | 'boolean';
  readonly format?: 'date' | 'time' | 'date-time';
  readonly title?: string;
  readonly default?: FormValue;
  readonly enum?: readonly string[];
  /** The labels of `enum`'s values, in the same order (an annotation for form renderers). */
  readonly 'x-enumLabels'?: readonly string[];
  readonly readOnly?: true;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

export interface TaskFormSchema {
  readonly $schema: 'https://json-schema.org/draft/2020-12/schema';
  readonly type: 'object';
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  /** false for declared forms; true for the schema derived from output mappings. */
  readonly additionalProperties: boolean;
}

export type TaskForm =
  | { readonly kind: 'formKey'; readonly formKey: string }
  | { readonly kind: 'schema'; readonly schema: TaskFormSchema };

export interface FormProblem {
  /** JSON Pointer to the offending value (`""` for the whole object). */
  readonly path: string;
  readonly message: string;
}

const draft = 'https://json-schema.org/draft/2020-12/schema';

export function taskForm(node: FlowNode): TaskForm {
  const userTask = node.userTask;
  const formKey = userTask?.formKey;
  const fields = userTask?.formFields;
  if (fields && formKey?.startsWith(embeddedFormPrefix)) return { kind: 'schema', schema: declared(fields) };
  if (formKey !== undefined && formKey.trim() !== '') return { kind: 'formKey', formKey };
  if (fields) return { kind: 'schema', schema: declared(fields) };
  const properties: Record<string, FieldSchema> = {};
  for (const name of (node.io?.outputs ?? []).flatMap((mapping) => sourceVariables(mapping.source)))
    properties[name] = {};
  return {
    kind: 'schema',
    schema: { $schema: draft, type: 'object', properties, additionalProperties: true },
  };
}

function declared(fields: readonly FormFieldDefinition[]): TaskFormSchema {
  const properties: Record<string, FieldSchema> = {};
  const required: string[] = [];
  for (const field of fields) {
    properties[field.key] = fieldSchema(field);
    // A read-only field cannot be filled in, so it cannot be required either.
    if (field.required && !field.readonly && !required.includes(field.key)) required.push(field.key);
  }
  return {
    $schema: draft,
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

const typeSchemas: Readonly<Record<FormFieldDefinition['type'], Pick<FieldSchema, 'type' | 'format'>>> = {
  string: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  time: { type: 'string', format: 'time' },
  dateTime: { type: 'string', format: 'date-time' },
  enum: { type: 'string' },
  any: {},
};

function fieldSchema(field: FormFieldDefinition): FieldSchema {
  const values = field.type === 'enum' ? (field.values ?? []) : undefined;
  const schema: Record<string, unknown> = {
    ...typeSchemas[field.type],
    title: field.label,
    default: field.defaultValue,
    enum: values?.map((value) => value.value),
    'x-enumLabels': values?.map((value) => value.label ?? value.value),
    readOnly: field.readonly,
    minimum: field.minimum,
    maximum: field.maximum,
    minLength: field.minLength,
    maxLength: field.maxLength,
    pattern: field.pattern,
  };
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined)) as FieldSchema;
}

/** The top-level variables an output mapping's source reads. */
function sourceVariables(source: { readonly language: string; readonly source: string }): string[] {
  if (source.language === 'feel') return feelVariableNames(source.source);
  if (source.language !== 'juel') return [];
  const parsed = parseJuelSubset(source.source);
  const operands = !parsed ? [] : parsed.kind === 'operand' ? [parsed.operand] : [parsed.left, parsed.right];
  return operands.flatMap((operand) => (operand.kind === 'path' && operand.path[0] ? [operand.path[0]] : []));
}

export function validateTaskVariables(form: TaskForm, variables: unknown): FormProblem[] {
  if (form.kind === 'formKey') return [];
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    return [{ path: '', message: 'must be an object of variables' }];
  const { schema } = form;
  const values = variables as Record<string, unknown>;
  const problems: FormProblem[] = [];
  for (const name of schema.required ?? [])
    if (!Object.hasOwn(values, name)) problems.push({ path: pointer(name), message: 'is required' });
  for (const [name, value] of Object.entries(values)) {
    const field = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (!field) {
      if (!schema.additionalProperties)
        problems.push({ path: pointer(name), message: 'is not a field of this form' });
      continue;
    }
    const message = fieldProblem(field, value);
    if (message !== undefined) problems.push({ path: pointer(name), message });
  }
  return problems;
}

function fieldProblem(field: FieldSchema, value: unknown): string | undefined {
  if (field.readOnly) return 'is read-only';
  const typeProblem = wrongType(field, value);
  if (typeProblem !== undefined) return typeProblem;
  if (field.enum && !field.enum.includes(value as string))
    return `must be one of ${field.enum.map((option) => JSON.stringify(option)).join(', ')}`;
  if (typeof value === 'number') {
    if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
    if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (field.minLength !== undefined && length < field.minLength)
      return `must have at least ${field.minLength} characters`;
    if (field.maxLength !== undefined && length > field.maxLength)
      return `must have at most ${field.maxLength} characters`;
    if (field.pattern !== undefined && !matches(field.pattern, value))
      return `must match the pattern ${field.pattern}`;
    if (field.format !== undefined && !hasFormat(field.format, value))
      return `must be an ISO 8601 ${field.format}`;
  }
  return undefined;
}

function wrongType(field: FieldSchema, value: unknown): string | undefined {
  switch (field.type) {
    case undefined:
      return undefined;
    case 'integer':
      return Number.isInteger(value) ? undefined : 'must be a whole number';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a text';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
  }
}

const formats: Readonly<Record<NonNullable<FieldSchema['format']>, RegExp>> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/,
};

/** ISO 8601 shapes (seconds and offset optional, as form-js writes them); dates must exist in the calendar. */
function hasFormat(format: NonNullable<FieldSchema['format']>, value: string): boolean {
  if (!formats[format].test(value)) return false;
  return format === 'time' || parseDateTime(value) !== undefined;
}

/** A model's pattern (JSON Schema: ECMA-262, unanchored); one that does not compile matches nothing. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

function pointer(name: string): string {
  return `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
