import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { around, diagnose, summary } from './diagnose.js';

const codes = [
  'spec.timer-definition',
  'caseflow.unsupported-timer',
  'caseflow.timer-without-value',
] as const;

function timer(definition: string): string {
  return around(
    `<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
    'wait',
    'wait',
  );
}

describe('exec-timers rule', () => {
  it('accepts valid ISO 8601 dates, durations and cycles', async () => {
    for (const definition of [
      '<bpmn:timeDate>2026-03-01T09:00:00Z</bpmn:timeDate>',
      '<bpmn:timeDuration>PT15M</bpmn:timeDuration>',
      '<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>',
      '<bpmn:timeCycle>R/2026-03-01T09:00:00+01:00/P1D</bpmn:timeCycle>',
      '<bpmn:timeDuration>${delay}</bpmn:timeDuration>',
      '<bpmn:timeDate>=now() + duration("P1D")</bpmn:timeDate>',
    ]) {
      assert.deepEqual(await diagnose(timer(definition), ...codes), [], definition);
    }
  });

  it('reports literal values that are not ISO 8601 of the right kind', async () => {
    for (const definition of [
      '<bpmn:timeDate>PT5M</bpmn:timeDate>',
      '<bpmn:timeDuration>5 minutes</bpmn:timeDuration>',
      '<bpmn:timeCycle>PT10M</bpmn:timeCycle>',
      '<bpmn:timeDate>2026-02-30T00:00:00Z</bpmn:timeDate>',
    ]) {
      const diagnostics = await diagnose(timer(definition), ...codes);
      assert.deepEqual(summary(diagnostics), [['spec.timer-definition', 'wait', 'error']], definition);
    }
  });

  it('names the value and the expected form in the message', async () => {
    const [diagnostic] = await diagnose(timer('<bpmn:timeDuration>soon</bpmn:timeDuration>'), ...codes);
    assert.match(diagnostic?.message ?? '', /timeDuration "soon" of IntermediateCatchEvent "wait".*duration/);
  });

  it('reports a timer with no value, or with more than one', async () => {
    const empty = await diagnose(timer(''), ...codes);
    assert.deepEqual(summary(empty), [['caseflow.timer-without-value', 'wait', 'error']]);
    assert.match(empty[0]?.message ?? '', /no timeDate, timeDuration or timeCycle/);
    const both = await diagnose(
      timer('<bpmn:timeDate>2026-03-01T09:00:00Z</bpmn:timeDate><bpmn:timeDuration>PT1M</bpmn:timeDuration>'),
      ...codes,
    );
    assert.deepEqual(summary(both), [['spec.timer-definition', 'wait', 'error']]);
    assert.match(both[0]?.message ?? '', /timeDate and timeDuration/);
  });

  it('reports cron cycles and zero-length cycles as not schedulable by Caseflow', async () => {
    const cron = await diagnose(timer('<bpmn:timeCycle>0 0/5 * * * ?</bpmn:timeCycle>'), ...codes);
    assert.deepEqual(summary(cron), [['caseflow.unsupported-timer', 'wait', 'error']]);
    assert.match(cron[0]?.message ?? '', /cron/);
    const zero = await diagnose(timer('<bpmn:timeCycle>R/PT0S</bpmn:timeCycle>'), ...codes);
    assert.deepEqual(summary(zero), [['caseflow.unsupported-timer', 'wait', 'error']]);
  });
});
