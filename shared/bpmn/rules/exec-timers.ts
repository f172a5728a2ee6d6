/**
 * Timer event definitions: exactly one of timeDate, timeDuration or timeCycle, and when the value is written
 * as plain text (not an expression) it must be ISO 8601 of the matching kind. Expression-valued timers are
 * checked with the other expressions (exec-expressions). Cron cycles are valid in Camunda but Caseflow
 * schedules ISO 8601 repeating intervals only. Values are checked in every process (they break the
 * specification wherever they are); a timer with no value only matters where it would run.
 */
import { elementProperty, expressionBody, type ModdleElement } from '../moddle-element.js';
import { classifyValue } from '../compile/expressions.js';
import { isZeroDuration, parseCycle, parseDateTime, parseDuration } from '../../time/iso8601.js';
import { describeElement } from '../element-description.js';
import { atOwn, inExecutableProcess, owningFlowElement } from './element-helpers.js';
import type { RuleContext, ValidationRule } from './rule.js';

const timerKinds = ['timeDate', 'timeDuration', 'timeCycle'] as const;
type TimerKind = (typeof timerKinds)[number];

const expectedForm: Readonly<Record<TimerKind, string>> = {
  timeDate: 'an ISO 8601 date-time such as 2026-03-01T09:00:00Z',
  timeDuration: 'an ISO 8601 duration such as PT15M or P1DT2H',
  timeCycle: 'an ISO 8601 repeating interval such as R3/PT10M or R/2026-03-01T09:00:00Z/P1D',
};

/** Five to seven space-separated cron fields (Quartz or Unix style). */
const cronPattern = /^[\d*?/,LW#A-Za-z-]+(\s+[\d*?/,LW#A-Za-z-]+){4,6}$/;

function checkLiteral(
  kind: TimerKind,
  value: string,
  owner: string,
  where: ModdleElement,
  context: RuleContext,
) {
  const at = atOwn(where);
  if (kind === 'timeDate' && parseDateTime(value)) return;
  if (kind === 'timeDuration' && parseDuration(value)) return;
  if (kind === 'timeCycle') {
    const cycle = parseCycle(value);
    if (cycle && isZeroDuration(cycle.duration)) {
      context.sink.report(
        'caseflow.unsupported-timer',
        `The timer cycle "${value}" of ${owner} repeats with a zero duration; it would fire without pause.`,
        at,
      );
      return;
    }
    if (cycle) return;
    if (cronPattern.test(value)) {
      context.sink.report(
        'caseflow.unsupported-timer',
        `The timer cycle "${value}" of ${owner} is a cron expression; Caseflow schedules ISO 8601 repeating intervals only (e.g. R/PT1H).`,
        at,
      );
      return;
    }
  }
  context.sink.report(
    'spec.timer-definition',
    `The ${kind} "${value}" of ${owner} is not ${expectedForm[kind]}.`,
    at,
  );
}

export const execTimersRule: ValidationRule = {
  name: 'exec-timers',
  check(context) {
    for (const definition of context.model.ofType('bpmn:TimerEventDefinition')) {
      const event = owningFlowElement(context.model, definition);
      if (!event) continue;
      const owner = describeElement(event);
      const present = timerKinds.flatMap((kind) => {
        const body = expressionBody(elementProperty(definition, kind));
        return body === undefined ? [] : [{ kind, body }];
      });
      const at = atOwn(event);
      if (present.length > 1) {
        context.sink.report(
          'spec.timer-definition',
          `The timer of ${owner} has ${present.map((entry) => entry.kind).join(' and ')}; it may have only one.`,
          at,
        );
      } else if (present.length === 0 && inExecutableProcess(context.model, event)) {
        context.sink.report(
          'caseflow.timer-without-value',
          `The timer of ${owner} has no timeDate, timeDuration or timeCycle, so it can never fire.`,
          at,
        );
      }
      for (const { kind, body } of present) {
        if (classifyValue(body).language === 'literal') checkLiteral(kind, body, owner, event, context);
      }
    }
  },
};
