/**
 * One timer occurrence of a case: a durable timer until `due` (durable-functions splits long ones itself),
 * then the `fireCaseTimer` activity delivers `timerFired` to the case. Started and terminated by the timer
 * performer with a deterministic instance id.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { fireTimer } from '../../shared/timers/fire-timer.js';
import type { TimerInput } from '../../shared/timers/timer-performer.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { caseTimerOrchestration } from './durable-timer-orchestrations.js';
import { durableClientOf } from './durable-client.js';

const fireActivity = 'fireCaseTimer';

df.app.orchestration(caseTimerOrchestration, function* (context: OrchestrationContext) {
  const input = context.df.getInput<TimerInput>();
  yield context.df.createTimer(new Date(input.due));
  return yield context.df.callActivityWithRetry(fireActivity, new df.RetryOptions(5000, 5), input);
});

df.app.activity(fireActivity, {
  extraInputs: [df.input.durableClient()],
  handler: (input: TimerInput, context) => fireTimer(input, caseRuntime(durableClientOf(context)).inbox),
});
