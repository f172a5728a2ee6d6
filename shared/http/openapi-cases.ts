/** The Cases and Tasks API part of the OpenAPI document (openapi.ts merges it). */
import { errors, jsonContent, pageOf, pagingParameters, ref } from './openapi-parts.js';

const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const query = (name: string, schema: object = { type: 'string' }, description?: string) => ({
  name,
  in: 'query',
  schema,
  ...(description ? { description } : {}),
});
const variables = { type: 'object', additionalProperties: true, description: 'Names are identifiers.' };
const accepted = { 202: { description: 'Delivered to the case inbox.' } };
const header = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'header',
  required: false,
  description,
  schema,
});
const listEtag = {
  description: 'Strong tag of the page (ids and ETags of its tasks, its continuation token).',
  schema: { type: 'string' },
};
const waitApplied = {
  description: '`wait=<seconds>` when the request waited (`If-None-Match` with `Prefer: wait`).',
  schema: { type: 'string' },
};
const taskChange = (operationId: string, summary: string, body?: object) => ({
  post: {
    operationId,
    summary,
    parameters: [id],
    ...(body ? { requestBody: { required: true, content: jsonContent(body) } } : {}),
    responses: {
      200: { description: 'The task.', content: jsonContent(ref('Task')) },
      ...errors(...(body ? [400, 401, 403, 404, 409, 413, 415] : [401, 403, 404, 409])),
    },
  },
});

export const casesPaths = {
  '/cases': {
    post: {
      operationId: 'startCase',
      summary:
        'Start a case of the latest active version; the same business key again returns that case (200).',
      requestBody: {
        required: true,
        content: jsonContent({
          type: 'object',
          required: ['processKey'],
          properties: { processKey: { type: 'string' }, businessKey: { type: 'string' }, variables },
        }),
      },
      responses: {
        201: { description: 'Started.', content: jsonContent(ref('Case')) },
        200: { description: 'The case this business key started before.', content: jsonContent(ref('Case')) },
        ...errors(400, 401, 404, 409, 413, 415),
      },
    },
    get: {
      operationId: 'listCases',
      summary: 'Cases the caller may see, newest first; `var.<name>=<JSON value>` filters on variables.',
      parameters: [
        query('processKey'),
        query('status', { enum: ['active', 'completed', 'terminated', 'failed'] }),
        query('businessKey'),
        query('startedBy'),
        query('startedAfter', { type: 'string', format: 'date-time' }),
        query('startedBefore', { type: 'string', format: 'date-time' }),
        ...pagingParameters,
      ],
      responses: { 200: { description: 'One page.', content: pageOf('Case') }, ...errors(400, 401) },
    },
  },
  '/cases/{id}': {
    get: {
      operationId: 'getCase',
      summary: 'A case: status, variables, active elements.',
      parameters: [id],
      responses: {
        200: { description: 'The case.', content: jsonContent(ref('Case')) },
        ...errors(401, 404),
      },
    },
  },
  '/cases/{id}/timeline': {
    get: {
      operationId: 'getCaseTimeline',
      summary: 'Every applied event and ended element: who, when, what.',
      parameters: [id],
      responses: {
        200: {
          description: 'The timeline, oldest first.',
          content: jsonContent({
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('TimelineEntry') } },
          }),
        },
        ...errors(401, 404),
      },
    },
  },
  '/cases/{id}/cancel': {
    post: {
      operationId: 'cancelCase',
      summary: 'Cancel the case and its child cases (admin or the starter).',
      parameters: [id],
      responses: { ...accepted, ...errors(401, 403, 404, 409) },
    },
  },
  '/cases/{id}/variables': {
    post: {
      operationId: 'setCaseVariables',
      'x-caseflow-roles': ['admin'],
      summary: 'Set root variables of a running case, through its inbox (admin).',
      parameters: [
        id,
        { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: jsonContent({ type: 'object', required: ['variables'], properties: { variables } }),
      },
      responses: { ...accepted, ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
  },
  '/cases/{id}/comments': {
    get: {
      operationId: 'listCaseComments',
      summary: 'Comments on a case, oldest first.',
      parameters: [id],
      responses: {
        200: {
          description: 'The comments.',
          content: jsonContent({
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: ref('Comment') } },
          }),
        },
        ...errors(401, 404),
      },
    },
    post: {
      operationId: 'addCaseComment',
      summary: 'Comment on a case.',
      parameters: [id],
      requestBody: {
        required: true,
        content: jsonContent({
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string' } },
        }),
      },
      responses: {
        201: { description: 'Added.', content: jsonContent(ref('Comment')) },
        ...errors(400, 401, 404, 413, 415),
      },
    },
  },
  '/tasks': {
    get: {
      operationId: 'listTasks',
      summary:
        'Tasks: mine (assigned), offered (unassigned, to me or my groups), involved, all (admin, designer).',
      parameters: [
        query('scope', { enum: ['mine', 'offered', 'involved', 'all'] }),
        query('status', { enum: ['open', 'completed', 'cancelled'] }),
        query('processKey'),
        query('businessKey'),
        query('dueBefore', { type: 'string', format: 'date-time' }),
        query('dueAfter', { type: 'string', format: 'date-time' }),
        query('priority', { type: 'integer' }),
        query('sort', { enum: ['created', 'due', 'priority'] }),
        query('order', { enum: ['asc', 'desc'] }),
        ...pagingParameters,
        header(
          'If-None-Match',
          'The ETag of the page last seen: 304 while the page is unchanged (at once, or after waiting).',
        ),
        header(
          'Prefer',
          'RFC 7240 `wait=<seconds>` (1 to 60, else 400): with `If-None-Match`, wait for the page to change; ' +
            'a task created for the caller ends the wait at once, other changes are seen within a second.',
        ),
      ],
      responses: {
        200: {
          description: 'One page (as soon as it differs from `If-None-Match`).',
          headers: { ETag: listEtag, 'Preference-Applied': waitApplied },
          content: pageOf('Task'),
        },
        304: {
          description: 'The page still has the tag in `If-None-Match` (the wait, if any, is over). No body.',
          headers: { ETag: listEtag, 'Preference-Applied': waitApplied },
        },
        ...errors(400, 401, 403),
      },
    },
  },
  '/tasks/{id}': {
    get: {
      operationId: 'getTask',
      summary: 'A task the caller may see, with its form (docs/forms.md).',
      parameters: [id],
      responses: {
        200: {
          description:
            'The task and its form: a form key, or the JSON schema completing checks variables against.',
          content: jsonContent({
            allOf: [
              ref('Task'),
              {
                type: 'object',
                required: ['form'],
                properties: {
                  form: {
                    oneOf: [
                      {
                        type: 'object',
                        required: ['kind', 'formKey'],
                        properties: { kind: { const: 'formKey' }, formKey: { type: 'string' } },
                      },
                      {
                        type: 'object',
                        required: ['kind', 'schema'],
                        properties: { kind: { const: 'schema' }, schema: { type: 'object' } },
                      },
                    ],
                  },
                },
              },
            ],
          }),
        },
        ...errors(401, 404),
      },
    },
  },
  '/tasks/{id}/claim': taskChange('claimTask', 'Take an unassigned task offered to the caller.'),
  '/tasks/{id}/unclaim': taskChange('unclaimTask', 'Give the task back (assignee or admin).'),
  '/tasks/{id}/assign': taskChange('assignTask', 'Assign the task (admin or assignee).', {
    type: 'object',
    required: ['assignee'],
    properties: { assignee: { type: 'string' } },
  }),
  '/tasks/{id}/delegate': taskChange('delegateTask', 'Delegate the task (assignee or admin).', {
    type: 'object',
    required: ['assignee'],
    properties: { assignee: { type: 'string' } },
  }),
  '/tasks/{id}/complete': taskChange(
    'completeTask',
    'Complete the task (assignee or admin); of two concurrent completions one gets 409.',
    { type: 'object', properties: { variables } },
  ),
};

export const casesSchemas = {
  Case: {
    type: 'object',
    required: [
      'id',
      'processKey',
      'version',
      'status',
      'startedBy',
      'startedAt',
      'variables',
      'activeElements',
    ],
    properties: {
      id: { type: 'string' },
      processKey: { type: 'string' },
      version: { type: 'integer' },
      businessKey: { type: 'string' },
      status: { enum: ['active', 'completed', 'terminated', 'failed'] },
      startedBy: { type: 'string' },
      startedAt: { type: 'string', format: 'date-time' },
      endedAt: { type: 'string', format: 'date-time' },
      parent: {
        type: 'object',
        properties: { caseId: { type: 'string' }, elementInstance: { type: 'string' } },
      },
      error: { type: 'object' },
      stuck: {
        type: 'object',
        description: 'advanceCase kept failing: code, message, at.',
        properties: { code: { type: 'string' }, message: { type: 'string' }, at: { type: 'string' } },
      },
      variables: { type: 'object' },
      activeElements: { type: 'array', items: { type: 'string' } },
    },
  },
  TimelineEntry: {
    type: 'object',
    required: ['seq', 'at', 'actor', 'kind'],
    properties: {
      seq: { type: 'integer', description: 'The inbox event number.' },
      at: { type: 'string', format: 'date-time' },
      actor: { type: 'string' },
      kind: { enum: ['event', 'element'] },
      event: { type: 'string' },
      detail: { type: 'object' },
      element: { type: 'string' },
      elementType: { type: 'string' },
      name: { type: 'string' },
      outcome: { enum: ['completed', 'terminated', 'cancelled'] },
    },
  },
  Comment: {
    type: 'object',
    required: ['id', 'author', 'text', 'at'],
    properties: {
      id: { type: 'string' },
      author: { type: 'string' },
      text: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
    },
  },
  Task: {
    type: 'object',
    required: ['id', 'caseId', 'processKey', 'element', 'status', 'priority', 'createdAt', 'etag'],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      processKey: { type: 'string' },
      businessKey: { type: 'string' },
      element: { type: 'string' },
      name: { type: 'string' },
      formKey: { type: 'string' },
      status: { enum: ['open', 'completed', 'cancelled'] },
      assignee: { type: 'string' },
      candidateUsers: { type: 'array', items: { type: 'string' } },
      candidateGroups: { type: 'array', items: { type: 'string' } },
      dueDate: { type: 'string', format: 'date-time' },
      followUpDate: { type: 'string', format: 'date-time' },
      priority: { type: 'integer' },
      createdAt: { type: 'string', format: 'date-time' },
      completedBy: { type: 'string' },
      etag: { type: 'string' },
    },
  },
};
