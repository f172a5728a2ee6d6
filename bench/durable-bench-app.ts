/**
 * The Functions app the Durable benchmark runs on the local host: one activity that adds one, an
 * orchestrator calling it 5 times in a row and one calling it N times at once (fan-out/fan-in).
 */
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';

df.app.activity('addOne', { handler: (value: number) => value + 1 });

df.app.orchestration('fiveSteps', function* (context: OrchestrationContext) {
  let value = context.df.getInput<number>();
  for (let step = 0; step < 5; step += 1) value = (yield context.df.callActivity('addOne', value)) as number;
  return value;
});

df.app.orchestration('fanOutFanIn', function* (context: OrchestrationContext) {
  const count = context.df.getInput<number>();
  const tasks = Array.from({ length: count }, (_, index) => context.df.callActivity('addOne', index));
  const results = (yield context.df.Task.all(tasks)) as number[];
  return results.reduce((sum, value) => sum + value, 0);
});
