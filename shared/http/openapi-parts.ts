/** Building blocks shared by the parts of the OpenAPI document (openapi.ts, openapi-cases.ts, openapi-email.ts). */
const problem = { $ref: '#/components/responses/Problem' };

/** The problem+json response under each of these statuses. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, problem]));

export const jsonContent = (schema: object) => ({ 'application/json': { schema } });

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `limit` and `continuationToken`, the query parameters of every paged list. */
export const pagingParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
  {
    name: 'continuationToken',
    in: 'query',
    schema: { type: 'string' },
    description: 'From the previous page.',
  },
];

/** One page of a list: its items and, unless it is the last page, the token for the next. */
export const pageOf = (item: string) =>
  jsonContent({
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref(item) }, continuationToken: { type: 'string' } },
  });
