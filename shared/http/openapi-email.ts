/** The Email API part of the OpenAPI document (openapi.ts merges it); see docs/email.md. */
const problem = { $ref: '#/components/responses/Problem' };
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problem]));
const jsonContent = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const admins = ['admin'];
const nameParameter = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };

export const emailPaths = {
  '/email/templates': {
    get: {
      operationId: 'listEmailTemplates',
      'x-caseflow-roles': admins,
      summary: "The tenant's templates and the built-in ones it has not replaced.",
      responses: {
        200: {
          description: 'Every template.',
          content: jsonContent({
            type: 'object',
            properties: { items: { type: 'array', items: ref('EmailTemplate') } },
          }),
        },
        ...errors(401, 403),
      },
    },
  },
  '/email/templates/{name}': {
    get: {
      operationId: 'getEmailTemplate',
      'x-caseflow-roles': admins,
      summary: "The tenant's template, else the built-in one.",
      parameters: [nameParameter],
      responses: {
        200: { description: 'The template.', content: jsonContent(ref('EmailTemplate')) },
        ...errors(401, 403, 404),
      },
    },
    put: {
      operationId: 'putEmailTemplate',
      'x-caseflow-roles': admins,
      summary: "Store the tenant's template: subject and text with {{ FEEL }} placeholders.",
      parameters: [nameParameter],
      requestBody: {
        required: true,
        content: jsonContent({
          type: 'object',
          required: ['subject', 'text'],
          properties: { subject: { type: 'string' }, text: { type: 'string' } },
        }),
      },
      responses: {
        200: { description: 'Stored.', content: jsonContent(ref('EmailTemplate')) },
        ...errors(400, 401, 403, 413, 415),
      },
    },
    delete: {
      operationId: 'deleteEmailTemplate',
      'x-caseflow-roles': admins,
      summary: "Remove the tenant's template (the built-in one applies again).",
      parameters: [nameParameter],
      responses: { 204: { description: 'Removed.' }, ...errors(401, 403, 404) },
    },
  },
  '/email/settings': {
    get: {
      operationId: 'getEmailSettings',
      'x-caseflow-roles': admins,
      summary: "Where the tenant's users get mail.",
      responses: {
        200: { description: 'The settings.', content: jsonContent(ref('EmailSettings')) },
        ...errors(401, 403),
      },
    },
    put: {
      operationId: 'putEmailSettings',
      'x-caseflow-roles': admins,
      summary: 'Replace the user addresses and the user domain.',
      requestBody: { required: true, content: jsonContent(ref('EmailSettings')) },
      responses: {
        200: { description: 'Stored.', content: jsonContent(ref('EmailSettings')) },
        ...errors(400, 401, 403, 413, 415),
      },
    },
  },
};

export const emailSchemas = {
  EmailTemplate: {
    type: 'object',
    required: ['name', 'subject', 'text', 'source'],
    properties: {
      name: { type: 'string' },
      subject: { type: 'string' },
      text: { type: 'string' },
      source: { type: 'string', enum: ['tenant', 'default'] },
    },
  },
  EmailSettings: {
    type: 'object',
    properties: {
      userDomain: { type: 'string' },
      addresses: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
};
