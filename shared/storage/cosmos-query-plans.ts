/**
 * `@azure/cosmos` (4.9.3) sends a query-plan request alongside the first page of every query and uses the plan
 * only when the query itself fails for want of one, which a query scoped to one partition key never does (the
 * service runs it whole, ORDER BY included). No public option skips the request, so this request-level plugin
 * (the SDK's plugin hook, not in its typings) answers it at once for such queries, without a round trip; the
 * SDK keeps that answer and never looks at it. Cross-partition queries (the sweep) still get their plan.
 */
import type { FeedOptions, PluginConfig } from '@azure/cosmos';

const queryPlanHeader = 'x-ms-cosmos-is-query-plan-request';

export const skipSinglePartitionQueryPlans: PluginConfig = {
  on: 'request',
  plugin: (context, _diagnosticNode, next) => {
    const singlePartition = (context.options as FeedOptions | undefined)?.partitionKey !== undefined;
    if (singlePartition && String(context.headers?.[queryPlanHeader]).toLowerCase() === 'true') {
      return Promise.reject(
        Object.assign(new Error('No query plan is needed for a query within one partition key.'), {
          code: 400,
        }),
      );
    }
    return next(context);
  },
};
