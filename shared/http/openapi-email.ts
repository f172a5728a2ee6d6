/** The Email API part of the OpenAPI document (openapi.ts merges it); see docs/email.md. */
import { errors, jsonContent, pageOf, pagingParameters, ref } from './openapi-parts.js';

const admins = ['admin'];
const nameParameter = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const triggerNameParameter = {
  name: 'name',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
};

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

export const inboundEmailPaths = {
  '/email/inbound': {
    post: {
      operationId: 'receiveInboundEmail',
      security: [],
      summary:
        'Webhook for mail services: a raw MIME message, authorised by the shared secret CASEFLOW_EMAIL_INBOUND_SECRET.',
      parameters: [
        {
          name: 'X-Caseflow-Email-Key',
          in: 'header',
          required: false,
          description: 'The shared secret (or pass it as the `key` query parameter).',
          schema: { type: 'string' },
        },
        { name: 'key', in: 'query', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        202: {
          description: 'Stored and queued (a re-posted mail: `duplicate`, queued once).',
          content: jsonContent({
            type: 'object',
            required: ['id', 'duplicate'],
            properties: { id: { type: 'string' }, duplicate: { type: 'boolean' } },
          }),
        },
        ...errors(400, 401, 413, 415, 422, 503),
      },
    },
  },
  '/email/triggers': {
    get: {
      operationId: 'listEmailTriggers',
      'x-caseflow-roles': admins,
      summary: "The tenant's trigger rules (mail that starts cases).",
      responses: {
        200: {
          description: 'Every rule, by name.',
          content: jsonContent({
            type: 'object',
            properties: { items: { type: 'array', items: ref('EmailTrigger') } },
          }),
        },
        ...errors(401, 403),
      },
    },
  },
  '/email/triggers/{name}': {
    get: {
      operationId: 'getEmailTrigger',
      'x-caseflow-roles': admins,
      summary: 'A trigger rule.',
      parameters: [triggerNameParameter],
      responses: {
        200: { description: 'The rule.', content: jsonContent(ref('EmailTrigger')) },
        ...errors(401, 403, 404),
      },
    },
    put: {
      operationId: 'putEmailTrigger',
      'x-caseflow-roles': admins,
      summary:
        'Create or replace a trigger rule; its recipient address must not be used by another tenant (409).',
      parameters: [triggerNameParameter],
      requestBody: { required: true, content: jsonContent(ref('EmailTriggerInput')) },
      responses: {
        200: { description: 'Stored.', content: jsonContent(ref('EmailTrigger')) },
        ...errors(400, 401, 403, 409, 413, 415),
      },
    },
    delete: {
      operationId: 'deleteEmailTrigger',
      'x-caseflow-roles': admins,
      summary: 'Remove a trigger rule.',
      parameters: [triggerNameParameter],
      responses: { 204: { description: 'Removed.' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/email/rejected': {
    get: {
      operationId: 'listRejectedEmails',
      'x-caseflow-roles': admins,
      summary: 'Inbound mails of the tenant that changed nothing, newest first, with the reason.',
      parameters: [...pagingParameters],
      responses: {
        200: {
          description: 'A page.',
          content: pageOf('RejectedEmail'),
        },
        ...errors(400, 401, 403),
      },
    },
  },
};

const triggerInputProperties = {
  recipient: { type: 'string', description: 'The address mail must be sent to (unique across tenants).' },
  senderDomains: {
    type: 'array',
    items: { type: 'string' },
    description: 'Allowed sender domains; empty: any.',
  },
  subjectContains: { type: 'string', maxLength: 200 },
  subjectPattern: {
    type: 'string',
    maxLength: 200,
    description: 'Regular expression, no nested quantifiers.',
  },
  bodyContains: { type: 'string', maxLength: 200 },
  processKey: { type: 'string' },
  variables: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Variable name to FEEL expression over `mail` (from, to, subject, text, receivedAt, attachments).',
  },
};

export const emailSchemas = {
  EmailTriggerInput: {
    type: 'object',
    required: ['recipient', 'processKey'],
    properties: triggerInputProperties,
  },
  EmailTrigger: {
    type: 'object',
    required: ['name', 'recipient', 'senderDomains', 'processKey', 'variables', 'updatedBy', 'updatedAt'],
    properties: {
      name: { type: 'string' },
      ...triggerInputProperties,
      updatedBy: { type: 'string' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  RejectedEmail: {
    type: 'object',
    required: ['id', 'receivedAt', 'from', 'to', 'subject', 'reason'],
    properties: {
      id: { type: 'string' },
      receivedAt: { type: 'string', format: 'date-time' },
      from: { type: 'string' },
      to: { type: 'array', items: { type: 'string' } },
      subject: { type: 'string' },
      reason: { type: 'string' },
    },
  },
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
