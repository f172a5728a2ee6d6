/**
 * Reads the fields a user task's form declares into one normalised list (`userTask.formFields`): Camunda 7
 * `camunda:formData` / `camunda:formField`, or the Camunda 8 form-js JSON embedded in the process as
 * `zeebe:userTaskForm` and named by the task's form key `camunda-forms:bpmn:<id>`. Embedded JSON that does
 * not parse, or components Caseflow does not recognise, declare nothing (the task then has no field list).
 */
import type { FormFieldDefinition } from '../graph.js';
import { elementList, extensions, stringProperty, type ModdleElement } from '../moddle-element.js';
import { withoutUndefined } from './extensions.js';

type Field = { -readonly [K in keyof FormFieldDefinition]: FormFieldDefinition[K] };

/** The Camunda 8 form key of a form embedded in the process. */
export const embeddedFormPrefix = 'camunda-forms:bpmn:';

export function readFormFields(
  node: ModdleElement,
  formKey: string | undefined,
): FormFieldDefinition[] | undefined {
  const formData = extensions(node, 'camunda:FormData')[0];
  if (formData) return elementList(formData, 'fields').flatMap(camundaField);
  if (formKey?.startsWith(embeddedFormPrefix)) {
    const body = embeddedForm(node, formKey.slice(embeddedFormPrefix.length));
    return body === undefined ? undefined : formJsFields(body);
  }
  return undefined;
}

const camundaTypes: Readonly<Record<string, FormFieldDefinition['type']>> = {
  string: 'string',
  long: 'integer',
  boolean: 'boolean',
  date: 'dateTime',
  enum: 'enum',
};

function camundaField(field: ModdleElement): FormFieldDefinition[] {
  const key = stringProperty(field, 'id');
  if (key === undefined || key.trim() === '') return [];
  const type = camundaTypes[stringProperty(field, 'type') ?? 'string'] ?? 'any';
  const result: Field = { key, type, label: stringProperty(field, 'label') };
  const defaultText = stringProperty(field, 'defaultValue');
  if (defaultText !== undefined && !/[$#]\{/.test(defaultText))
    result.defaultValue = typed(defaultText, type);
  if (type === 'enum') {
    result.values = elementList(field, 'values').flatMap((value) => {
      const id = stringProperty(value, 'id');
      return id === undefined ? [] : [withoutUndefined({ value: id, label: stringProperty(value, 'name') })];
    });
  }
  const validation = field['validation'] as ModdleElement | undefined;
  for (const constraint of validation ? elementList(validation, 'constraints') : []) {
    const name = stringProperty(constraint, 'name');
    const config = Number(stringProperty(constraint, 'config'));
    if (name === 'required') result.required = true;
    else if (name === 'readonly') result.readonly = true;
    else if (!Number.isFinite(config)) continue;
    else if (name === 'min' && isNumeric(type)) result.minimum = config;
    else if (name === 'max' && isNumeric(type)) result.maximum = config;
    else if (name === 'minlength') result.minLength = config;
    else if (name === 'maxlength') result.maxLength = config;
  }
  return [withoutUndefined(result)];
}

function isNumeric(type: FormFieldDefinition['type']): boolean {
  return type === 'number' || type === 'integer';
}

/** A literal default as the field's type holds it; undefined when it does not fit. */
function typed(text: string, type: FormFieldDefinition['type']): string | number | boolean | undefined {
  if (isNumeric(type)) {
    const number = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(number) && (type !== 'integer' || Number.isInteger(number)) ? number : undefined;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  return text;
}

/** The body of the `zeebe:userTaskForm` with `id` in the process that contains `node`. */
function embeddedForm(node: ModdleElement, id: string): string | undefined {
  let container: ModdleElement | undefined = node.$parent;
  while (container && container.$type !== 'bpmn:Process') container = container.$parent;
  const form = container
    ? extensions(container, 'zeebe:UserTaskForm').find((candidate) => stringProperty(candidate, 'id') === id)
    : undefined;
  return form ? stringProperty(form, 'body') : undefined;
}

/** form-js component types that hold a value, and what they hold. */
const formJsTypes: Readonly<Record<string, FormFieldDefinition['type']>> = {
  textfield: 'string',
  textarea: 'string',
  number: 'number',
  checkbox: 'boolean',
  radio: 'enum',
  select: 'enum',
  datetime: 'dateTime',
};

const maxNesting = 32;

function formJsFields(body: string): FormFieldDefinition[] | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(body);
  } catch {
    return undefined;
  }
  const fields: FormFieldDefinition[] = [];
  // Groups nest components; their fields bind the same flat variables (a group's `path` is not followed).
  const pending: { components: unknown; depth: number }[] = [
    { components: record(schema)?.components, depth: 0 },
  ];
  while (pending.length > 0) {
    const { components, depth } = pending.shift() as { components: unknown; depth: number };
    if (!Array.isArray(components) || depth > maxNesting) continue;
    for (const component of components.map(record)) {
      if (!component) continue;
      if (Array.isArray(component.components))
        pending.push({ components: component.components, depth: depth + 1 });
      const field = formJsField(component);
      if (field) fields.push(field);
    }
  }
  return fields;
}

function formJsField(component: Record<string, unknown>): FormFieldDefinition | undefined {
  const key = text(component.key);
  const componentType = text(component.type) ?? '';
  const known = formJsTypes[componentType];
  if (key === undefined || key.trim() === '' || !known) return undefined;
  const values = Array.isArray(component.values) ? component.values.map(record) : undefined;
  // Options from a variable (`valuesKey`, `valuesExpression`) are only known at run time.
  const type = known === 'enum' && !values ? 'any' : known === 'dateTime' ? dateTimeType(component) : known;
  const validate = record(component.validate) ?? {};
  const result: Field = { key, type, label: text(component.label) };
  if (type === 'enum')
    result.values = (values ?? []).flatMap((value) => {
      const option = value && (typeof value.value === 'string' ? value.value : undefined);
      return option === undefined ? [] : [withoutUndefined({ value: option, label: text(value?.label) })];
    });
  const defaultValue = component.defaultValue;
  if (
    typeof defaultValue === 'string' ||
    typeof defaultValue === 'number' ||
    typeof defaultValue === 'boolean'
  )
    result.defaultValue = defaultValue;
  if (validate.required === true) result.required = true;
  if (component.disabled === true || component.readonly === true) result.readonly = true;
  result.minimum = numeric(validate.min);
  result.maximum = numeric(validate.max);
  result.minLength = numeric(validate.minLength);
  result.maxLength = numeric(validate.maxLength);
  result.pattern = text(validate.pattern);
  return withoutUndefined(result);
}

/** form-js `datetime` components pick date, time or both with `subtype`. */
function dateTimeType(component: Record<string, unknown>): FormFieldDefinition['type'] {
  const subtype = text(component.subtype);
  return subtype === 'date' ? 'date' : subtype === 'time' ? 'time' : 'dateTime';
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numeric(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
