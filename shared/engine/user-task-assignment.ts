/**
 * The assignment a `createUserTask` command carries: the model's assignee, candidate users and groups, due
 * and follow-up dates and priority (Camunda 7 attributes, Camunda 8 `zeebe:assignmentDefinition`,
 * `zeebe:taskSchedule`, `zeebe:priorityDefinition`, Caseflow's `caseflow:assignmentDefinition`), evaluated
 * when the task is created over the task's visible variables (its input-mapped locals included) and the
 * engine clock. A value that evaluates to null (or an empty text or list) is left out, as an unassigned task
 * has no assignee. An expression that fails, or a value of the wrong kind, is an incident naming the element
 * and the expression; resolving it evaluates everything again.
 */
import type { Expression, FlowNode, UserTaskDefinition } from '../bpmn/graph.js';
import { addDuration, parseDateTime, parseDuration } from '../time/iso8601.js';
import type { UserTaskAssignment } from './commands.js';
import type { Execution } from './execution.js';
import type { ElementInstance } from './state.js';

type Outcome<T> =
  { readonly ok: true; readonly value: T | undefined } | { readonly ok: false; readonly message: string };

type Field = keyof UserTaskAssignment;

const labels: Readonly<Record<Field, string>> = {
  assignee: 'assignee',
  candidateUsers: 'candidate users',
  candidateGroups: 'candidate groups',
  dueDate: 'due date',
  followUpDate: 'follow-up date',
  priority: 'priority',
};

/**
 * The evaluated assignment (undefined when the model declares none or every value is absent), or null after
 * raising an incident on `instance`.
 */
export function evaluateAssignment(
  x: Execution,
  instance: ElementInstance,
  node: FlowNode,
): UserTaskAssignment | undefined | null {
  const definition = node.userTask;
  if (!definition) return undefined;
  const variables = x.variablesIn(instance.scope, instance);
  const assignment: Record<string, unknown> = {};
  for (const field of Object.keys(labels) as Field[]) {
    const expression = definition[field];
    if (!expression) continue;
    const evaluated = x.evaluate(expression, variables);
    const outcome: Outcome<unknown> = evaluated.ok
      ? convert(field, evaluated.value, definition, x.now)
      : { ok: false, message: evaluated.message };
    if (!outcome.ok) {
      const code = evaluated.ok ? 'invalid-assignment' : 'expression-failed';
      const message = `The ${labels[field]} of ${node.id} (${describe(expression)}): ${outcome.message}`;
      x.raiseIncident(instance, code, message, 'enter');
      return null;
    }
    if (outcome.value !== undefined) assignment[field] = outcome.value;
  }
  return Object.keys(assignment).length > 0 ? (assignment as UserTaskAssignment) : undefined;
}

function describe(expression: Expression): string {
  return expression.language === 'feel' ? `=${expression.source}` : expression.source;
}

function convert(
  field: Field,
  value: unknown,
  definition: UserTaskDefinition,
  now: string,
): Outcome<unknown> {
  if (value === null) return { ok: true, value: undefined };
  switch (field) {
    case 'assignee':
      return text(value);
    case 'candidateUsers':
    case 'candidateGroups':
      return names(value);
    case 'dueDate':
    case 'followUpDate':
      return instant(value, now);
    case 'priority':
      return priority(value, definition.priorityRange);
  }
}

function text(value: unknown): Outcome<string> {
  if (typeof value !== 'string')
    return { ok: false, message: `expected a text, got ${JSON.stringify(value)}` };
  const trimmed = value.trim();
  return { ok: true, value: trimmed === '' ? undefined : trimmed };
}

/** A comma-separated text or a list of texts; blanks are dropped, duplicates kept once. */
function names(value: unknown): Outcome<readonly string[]> {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string'))
    return {
      ok: false,
      message: `expected a list of texts or a comma-separated text, got ${JSON.stringify(value)}`,
    };
  const list = [...new Set((items as string[]).map((item) => item.trim()).filter((item) => item !== ''))];
  return { ok: true, value: list.length > 0 ? list : undefined };
}

/**
 * An ISO 8601 date-time (UTC when it has no offset; a FEEL date and time prints as one) as an instant, or
 * an ISO 8601 duration counted from the engine clock (Camunda 7 accepts `P2D` as a due date).
 */
function instant(value: unknown, now: string): Outcome<string> {
  if (typeof value === 'string') {
    const dateTime = parseDateTime(value);
    if (dateTime) return { ok: true, value: new Date(dateTime.epochMs).toISOString() };
    const duration = parseDuration(value.trim());
    if (duration) return { ok: true, value: new Date(addDuration(Date.parse(now), duration)).toISOString() };
  }
  return {
    ok: false,
    message: `expected an ISO 8601 date-time (or a duration), got ${JSON.stringify(value)}`,
  };
}

function priority(value: unknown, range: UserTaskDefinition['priorityRange']): Outcome<number> {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const bounds = range ? ` from ${range.min} to ${range.max}` : '';
  const fits =
    typeof number === 'number' &&
    Number.isInteger(number) &&
    (!range || (number >= range.min && number <= range.max));
  return fits
    ? { ok: true, value: number }
    : { ok: false, message: `expected a whole number${bounds}, got ${JSON.stringify(value)}` };
}
