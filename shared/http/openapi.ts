/**
 * The OpenAPI 3.1 description of the HTTP API, served at GET /api/openapi.json. Written by hand next to the
 * route table; a test checks that every registered route is documented here and every operation exists.
 */
import { version } from '../version.js';
import { attachmentsPaths, attachmentsSchemas } from './openapi-attachments.js';
import { casesPaths, casesSchemas } from './openapi-cases.js';
import { errors, jsonContent, pageOf, pagingParameters } from './openapi-parts.js';
import { emailPaths, emailSchemas, inboundEmailPaths } from './openapi-email.js';

/** `x-caseflow-roles`: the caller needs one of these roles (403 otherwise); absent: any authenticated caller. */
const designers = ['designer', 'admin'];
const pathParameter = (name: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  schema,
});
const processVersionParameters = [
  pathParameter('key'),
  pathParameter('version', { type: 'integer', minimum: 1 }),
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'Change only if the version still has this `etag` (else 412).',
    schema: { type: 'string' },
  },
];

const automation = ['automation'];
const jsonBody = (required: string[], properties: Record<string, object>) => ({
  required: true,
  content: jsonContent({ type: 'object', required, properties }),
});
const workerId = { type: 'string', description: 'The worker instance; the lock owner.' };
const variablesSchema = { type: 'object', additionalProperties: true };
const jobAction = (operationId: string, summary: string, body: ReturnType<typeof jsonBody>) => ({
  post: {
    operationId,
    'x-caseflow-roles': automation,
    summary,
    parameters: [pathParameter('id')],
    requestBody: body,
    responses: {
      200: { description: 'The job.', content: jsonContent({ $ref: '#/components/schemas/Job' }) },
      ...errors(400, 401, 403, 404, 409, 413, 415),
    },
  },
});

const incidentRef = { $ref: '#/components/schemas/Incident' };
const admins = ['admin'];
const ifMatchHeader = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'Change only if the connector still has this `etag` (else 412).',
  schema: { type: 'string' },
};
const connectorJson = jsonContent({ $ref: '#/components/schemas/Connector' });

const definition = {
  type: 'object',
  required: ['processKey', 'version', 'active', 'modelId', 'contentHash', 'createdBy', 'createdAt', 'etag'],
  properties: {
    processKey: { type: 'string' },
    version: { type: 'integer' },
    name: { type: 'string' },
    active: { type: 'boolean' },
    modelId: { type: 'string' },
    contentHash: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    etag: { type: 'string' },
  },
};

const bearerScheme = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } as const;

/** App Service authentication's principal header: Easy Auth writes it, clients never send it themselves. */
const appServicePrincipalScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'X-MS-CLIENT-PRINCIPAL',
  description:
    'Set by App Service authentication (Easy Auth) after it signed the caller in: base64 JSON of the ' +
    'Entra ID claims. Not for clients to send: Easy Auth strips client-sent copies. Accepted only when ' +
    'CASEFLOW_APP_SERVICE_AUTH=true.',
} as const;

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Caseflow API',
    version,
    description: 'BPMN process automation. Errors are application/problem+json with a stable `code`.',
  },
  servers: [{ url: '/api' }],
  security: [{ bearer: [] }],
  paths: {
    '/health': {
      get: {
        operationId: 'health',
        security: [],
        summary:
          'Overall status and version; an admin token adds each dependency (Cosmos DB, Blob and Queue Storage, Key Vault, the Durable task hub, AI services) with status and latency.',
        responses: {
          200: { description: 'Every required dependency is up.' },
          503: { description: 'A required dependency is down or not configured.' },
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApi',
        security: [],
        summary: 'This document.',
        responses: { 200: { description: 'The OpenAPI document.' } },
      },
    },
    '/dev/token': {
      post: {
        operationId: 'devToken',
        security: [],
        summary:
          'Local only: a development token for a seeded demo user (404 unless CASEFLOW_DEV_AUTH=true).',
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'object',
            required: ['tenantId', 'userId'],
            properties: { tenantId: { type: 'string' }, userId: { type: 'string' } },
          }),
        },
        responses: {
          200: {
            description: 'The token.',
            content: jsonContent({ $ref: '#/components/schemas/IssuedToken' }),
          },
          ...errors(400, 404, 413, 415),
        },
      },
    },
    '/models': {
      post: {
        operationId: 'uploadModel',
        'x-caseflow-roles': designers,
        summary: 'Upload a BPMN model: one new version per changed executable process (designer, admin).',
        requestBody: {
          required: true,
          content: {
            ...Object.fromEntries(
              ['application/xml', 'text/xml', 'application/bpmn+xml'].map((type) => [
                type,
                { schema: { type: 'string' } },
              ]),
            ),
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: { file: { type: 'string', format: 'binary' } },
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Stored.',
            content: jsonContent({ $ref: '#/components/schemas/UploadedModel' }),
          },
          200: {
            description: 'The same bytes were uploaded before: the existing model.',
            content: jsonContent({ $ref: '#/components/schemas/UploadedModel' }),
          },
          ...errors(401, 403, 413, 415, 422),
        },
      },
      get: {
        operationId: 'listModels',
        'x-caseflow-roles': designers,
        summary: 'Uploaded models, page by page (designer, admin).',
        parameters: [...pagingParameters],
        responses: {
          200: {
            description: 'One page.',
            content: pageOf('Model'),
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/models/{id}': {
      get: {
        operationId: 'getModel',
        'x-caseflow-roles': designers,
        summary: 'One model (designer, admin).',
        parameters: [pathParameter('id')],
        responses: {
          200: { description: 'The model.', content: jsonContent({ $ref: '#/components/schemas/Model' }) },
          ...errors(401, 403, 404),
        },
      },
    },
    '/models/{id}/source': {
      get: {
        operationId: 'getModelSource',
        'x-caseflow-roles': designers,
        summary: 'The uploaded BPMN bytes (designer, admin).',
        parameters: [pathParameter('id')],
        responses: {
          200: { description: 'The source.', content: { 'application/xml': { schema: { type: 'string' } } } },
          ...errors(401, 403, 404),
        },
      },
    },
    '/processes': {
      get: {
        operationId: 'listProcesses',
        summary: 'Startable processes: the latest active version of each process key.',
        responses: {
          200: {
            description: 'The processes.',
            content: jsonContent({ $ref: '#/components/schemas/Definitions' }),
          },
          ...errors(401),
        },
      },
    },
    '/processes/{key}/versions': {
      get: {
        operationId: 'listProcessVersions',
        summary: 'Every version of a process key, oldest first.',
        parameters: [pathParameter('key')],
        responses: {
          200: {
            description: 'The versions.',
            content: jsonContent({ $ref: '#/components/schemas/Definitions' }),
          },
          ...errors(401, 404),
        },
      },
    },
    '/processes/{key}/versions/{version}/activate': {
      post: {
        operationId: 'activateProcessVersion',
        'x-caseflow-roles': designers,
        summary: 'Let a version start cases again (designer, admin).',
        parameters: processVersionParameters,
        responses: {
          200: {
            description: 'The version.',
            content: jsonContent({ $ref: '#/components/schemas/Definition' }),
          },
          ...errors(400, 401, 403, 404, 409, 412),
        },
      },
    },
    '/processes/{key}/versions/{version}/deactivate': {
      post: {
        operationId: 'deactivateProcessVersion',
        'x-caseflow-roles': designers,
        summary: 'Stop a version from starting cases (designer, admin).',
        parameters: processVersionParameters,
        responses: {
          200: {
            description: 'The version.',
            content: jsonContent({ $ref: '#/components/schemas/Definition' }),
          },
          ...errors(400, 401, 403, 404, 409, 412),
        },
      },
    },
    '/jobs/fetch-and-lock': {
      post: {
        operationId: 'fetchAndLockJobs',
        'x-caseflow-roles': automation,
        summary: 'Lock up to maxJobs available jobs of the types for this worker (automation).',
        requestBody: jsonBody(['workerId', 'types', 'lockDurationMs'], {
          workerId,
          types: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 20 },
          maxJobs: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          lockDurationMs: { type: 'integer', minimum: 1000, maximum: 86400000 },
          asyncResponseTimeoutMs: {
            type: 'integer',
            minimum: 0,
            maximum: 60000,
            default: 0,
            description:
              'Long polling: with nothing fetchable, wait up to this long for a job of the types, then answer ' +
              'with what was locked (maybe none). 0 answers at once.',
          },
        }),
        responses: {
          200: {
            description: 'The locked jobs (maybe none).',
            content: jsonContent({ $ref: '#/components/schemas/Jobs' }),
          },
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    '/jobs/{id}/complete': jobAction(
      'completeJob',
      'Complete a job this worker locked; its variables go to the case (automation). Repeating it is harmless.',
      jsonBody(['workerId'], { workerId, variables: variablesSchema }),
    ),
    '/jobs/{id}/fail': jobAction(
      'failJob',
      'Report a technical failure: available again after retryBackoffMs, or an incident at 0 retries (automation).',
      jsonBody(['workerId', 'errorMessage', 'retries'], {
        workerId,
        errorMessage: { type: 'string' },
        retries: { type: 'integer', minimum: 0, description: 'Retries left.' },
        retryBackoffMs: { type: 'integer', minimum: 0, default: 0 },
      }),
    ),
    '/jobs/{id}/bpmn-error': jobAction(
      'throwJobError',
      'Throw a BPMN error from the job to the model (automation).',
      jsonBody(['workerId', 'errorCode'], {
        workerId,
        errorCode: { type: 'string' },
        errorMessage: { type: 'string' },
      }),
    ),
    '/jobs/{id}/extend-lock': jobAction(
      'extendJobLock',
      'Hold the lock lockDurationMs longer from now (automation).',
      jsonBody(['workerId', 'lockDurationMs'], {
        workerId,
        lockDurationMs: { type: 'integer', minimum: 1000, maximum: 86400000 },
      }),
    ),
    '/jobs': {
      get: {
        operationId: 'listJobs',
        'x-caseflow-roles': ['admin'],
        summary: 'Jobs by state and type, oldest first (admin).',
        parameters: [
          {
            name: 'state',
            in: 'query',
            schema: { enum: ['available', 'locked', 'completed', 'failed', 'cancelled', 'incident'] },
          },
          { name: 'type', in: 'query', schema: { type: 'string' } },
          ...pagingParameters,
        ],
        responses: {
          200: { description: 'One page.', content: jsonContent({ $ref: '#/components/schemas/Jobs' }) },
          ...errors(400, 401, 403),
        },
      },
    },
    '/messages': {
      post: {
        operationId: 'publishMessage',
        'x-caseflow-roles': ['automation', 'admin'],
        summary:
          'Publish a message: correlated to one waiting case, else starting cases with a message start event, else buffered for timeToLiveSeconds.',
        requestBody: jsonBody(['name'], {
          name: { type: 'string' },
          correlationKey: { type: 'string' },
          variables: variablesSchema,
          timeToLiveSeconds: { type: 'integer', minimum: 0, maximum: 2592000 },
          messageId: { type: 'string', description: 'Idempotency: the same id is correlated once.' },
        }),
        responses: {
          200: {
            description: 'What happened to the message.',
            content: jsonContent({
              type: 'object',
              required: ['messageId', 'state', 'expiresAt'],
              properties: {
                messageId: { type: 'string' },
                state: { enum: ['correlated', 'started', 'buffered', 'discarded'] },
                caseId: { type: 'string' },
                startedCases: { type: 'array', items: { type: 'string' } },
                expiresAt: { type: 'string', format: 'date-time' },
              },
            }),
          },
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    '/signals': {
      post: {
        operationId: 'broadcastSignal',
        'x-caseflow-roles': ['automation', 'admin'],
        summary: 'Broadcast a signal to every waiting case of the tenant and start signal-started processes.',
        requestBody: jsonBody(['name'], {
          name: { type: 'string' },
          variables: variablesSchema,
          signalId: { type: 'string', description: 'Idempotency: each case receives one signal id once.' },
        }),
        responses: {
          200: {
            description: 'The cases reached and started.',
            content: jsonContent({
              type: 'object',
              required: ['signalId', 'deliveredTo', 'startedCases'],
              properties: {
                signalId: { type: 'string' },
                deliveredTo: { type: 'array', items: { type: 'string' } },
                startedCases: { type: 'array', items: { type: 'string' } },
              },
            }),
          },
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    '/incidents': {
      get: {
        operationId: 'listIncidents',
        'x-caseflow-roles': ['admin'],
        summary: 'Incidents by state, case and process, oldest first (admin).',
        parameters: [
          { name: 'state', in: 'query', schema: { enum: ['open', 'resolved'] } },
          { name: 'caseId', in: 'query', schema: { type: 'string' } },
          { name: 'processKey', in: 'query', schema: { type: 'string' } },
          ...pagingParameters,
        ],
        responses: {
          200: {
            description: 'One page.',
            content: pageOf('Incident'),
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/incidents/{id}/retry': {
      post: {
        operationId: 'retryIncident',
        'x-caseflow-roles': ['admin'],
        summary: 'Retry the failed step of an open incident (for a job: a new job).',
        parameters: [pathParameter('id')],
        responses: {
          200: { description: 'The retry was handed to the case.', content: jsonContent(incidentRef) },
          ...errors(401, 403, 404, 409),
        },
      },
    },
    '/incidents/{id}/resolve': {
      post: {
        operationId: 'resolveIncident',
        'x-caseflow-roles': ['admin'],
        summary: 'Set variables in the failed scope, then retry the failed step.',
        parameters: [pathParameter('id')],
        requestBody: jsonBody([], { variables: variablesSchema }),
        responses: {
          200: { description: 'The retry was handed to the case.', content: jsonContent(incidentRef) },
          ...errors(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    '/connectors': {
      get: {
        operationId: 'listConnectors',
        'x-caseflow-roles': admins,
        summary: 'Connectors by name (admin); secrets show only as set.',
        parameters: [...pagingParameters],
        responses: {
          200: {
            description: 'One page.',
            content: pageOf('Connector'),
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/connectors/{id}': {
      put: {
        operationId: 'putConnector',
        'x-caseflow-roles': admins,
        summary:
          'Create or replace a connector (admin). Secret values (password, token, key, clientSecret) go to Key Vault; left out, the one set stays.',
        parameters: [pathParameter('id'), ifMatchHeader],
        requestBody: {
          required: true,
          content: jsonContent({ $ref: '#/components/schemas/ConnectorInput' }),
        },
        responses: {
          200: { description: 'Replaced.', content: connectorJson },
          201: { description: 'Created.', content: connectorJson },
          ...errors(400, 401, 403, 409, 412, 413, 415),
        },
      },
      get: {
        operationId: 'getConnector',
        'x-caseflow-roles': admins,
        summary: 'One connector (admin); secrets show only as set.',
        parameters: [pathParameter('id')],
        responses: {
          200: { description: 'The connector.', content: connectorJson },
          ...errors(401, 403, 404),
        },
      },
      delete: {
        operationId: 'deleteConnector',
        'x-caseflow-roles': admins,
        summary: 'Delete a connector and its Key Vault secrets (admin).',
        parameters: [pathParameter('id'), ifMatchHeader],
        responses: { 204: { description: 'Deleted.' }, ...errors(401, 403, 404, 409, 412) },
      },
    },
    '/connectors/{id}/operations/{operation}/test': {
      post: {
        operationId: 'testConnectorOperation',
        'x-caseflow-roles': admins,
        summary:
          'Call an operation with sample variables and task headers (admin): the request, the raw response (redacted, body truncated) and the mapped result.',
        parameters: [pathParameter('id'), pathParameter('operation')],
        requestBody: jsonBody([], {
          variables: variablesSchema,
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        }),
        responses: {
          200: {
            description: 'What happened.',
            content: jsonContent({
              type: 'object',
              required: ['result'],
              properties: {
                request: {
                  type: 'object',
                  properties: { method: { type: 'string' }, url: { type: 'string' } },
                },
                response: {
                  type: 'object',
                  properties: {
                    status: { type: 'integer' },
                    headers: { type: 'object', additionalProperties: { type: 'string' } },
                    body: {},
                    bodyTruncated: { type: 'boolean' },
                  },
                },
                result: {
                  type: 'object',
                  required: ['kind'],
                  properties: {
                    kind: { enum: ['complete', 'bpmnError', 'failure'] },
                    variables: variablesSchema,
                    code: { type: 'string' },
                    message: { type: 'string' },
                    retryable: { type: 'boolean' },
                  },
                },
              },
            }),
          },
          ...errors(400, 401, 403, 404, 413, 415),
        },
      },
    },
    ...casesPaths,
    ...attachmentsPaths,
    ...emailPaths,
    ...inboundEmailPaths,
  },
  components: {
    securitySchemes: { bearer: bearerScheme },
    responses: {
      Problem: {
        description: 'An error (RFC 9457 problem details).',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'code', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          code: { type: 'string', description: 'Stable error code, e.g. models.invalid-model.' },
          detail: { type: 'string' },
          diagnostics: { type: 'array', items: { type: 'object' } },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
      IssuedToken: {
        type: 'object',
        required: ['accessToken', 'tokenType', 'expiresIn', 'principal'],
        properties: {
          accessToken: { type: 'string' },
          tokenType: { const: 'Bearer' },
          expiresIn: { type: 'integer' },
          principal: { type: 'object' },
        },
      },
      Model: {
        type: 'object',
        required: ['id', 'contentHash', 'sizeBytes', 'processes', 'uploadedBy', 'uploadedAt'],
        properties: {
          id: { type: 'string' },
          contentHash: { type: 'string' },
          sizeBytes: { type: 'integer' },
          processes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['processKey', 'version'],
              properties: {
                processKey: { type: 'string' },
                version: { type: 'integer' },
                name: { type: 'string' },
              },
            },
          },
          uploadedBy: { type: 'string' },
          uploadedAt: { type: 'string', format: 'date-time' },
        },
      },
      UploadedModel: {
        allOf: [
          { $ref: '#/components/schemas/Model' },
          {
            type: 'object',
            required: ['diagnostics'],
            properties: { diagnostics: { type: 'array', items: { type: 'object' } } },
          },
        ],
      },
      Definition: definition,
      Job: {
        type: 'object',
        required: [
          'id',
          'type',
          'state',
          'caseId',
          'element',
          'elementInstance',
          'variables',
          'headers',
          'retries',
        ],
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          state: { enum: ['available', 'locked', 'completed', 'failed', 'cancelled', 'incident'] },
          caseId: { type: 'string' },
          processKey: { type: 'string' },
          element: { type: 'string' },
          elementInstance: { type: 'string' },
          variables: variablesSchema,
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          retries: { type: 'integer' },
          notBefore: { type: 'string', format: 'date-time' },
          lockOwner: { type: 'string' },
          lockExpiresAt: { type: 'string', format: 'date-time' },
          lastError: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      Jobs: {
        type: 'object',
        required: ['items'],
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
          continuationToken: { type: 'string' },
        },
      },
      Incident: {
        type: 'object',
        required: ['id', 'caseId', 'processKey', 'element', 'code', 'message', 'state', 'createdAt'],
        properties: {
          id: { type: 'string' },
          caseId: { type: 'string' },
          processKey: { type: 'string' },
          kind: {
            enum: ['stuck'],
            description:
              'stuck: the case could not advance (element is its process key, code the failure code); retry rings it',
          },
          element: { type: 'string' },
          code: { type: 'string', description: 'job-failed, expression-failed, call-failed, ...' },
          message: { type: 'string' },
          state: { enum: ['open', 'resolved'] },
          createdAt: { type: 'string', format: 'date-time' },
          resolvedAt: { type: 'string', format: 'date-time' },
        },
      },
      ConnectorInput: {
        type: 'object',
        required: ['environments', 'operations'],
        properties: {
          description: { type: 'string' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          timeoutMs: { type: 'integer', minimum: 100, maximum: 120000, default: 30000 },
          environments: {
            type: 'object',
            description: 'Values per environment (development, test, production); at least one.',
            additionalProperties: {
              type: 'object',
              required: ['baseUrl', 'authentication'],
              properties: { baseUrl: { type: 'string' }, authentication: { type: 'object' } },
            },
          },
          operations: {
            type: 'object',
            additionalProperties: { $ref: '#/components/schemas/ConnectorOperation' },
          },
        },
      },
      ConnectorOperation: {
        type: 'object',
        required: ['method', 'path'],
        properties: {
          method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          path: { type: 'string', description: 'With {FEEL} placeholders.' },
          query: { type: 'object', additionalProperties: { type: 'string' } },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: { description: 'JSON; strings starting with = are FEEL.' },
        },
      },
      Connector: {
        type: 'object',
        required: ['id', 'headers', 'timeoutMs', 'environments', 'operations', 'etag'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          timeoutMs: { type: 'integer' },
          environments: { type: 'object', additionalProperties: { type: 'object' } },
          operations: {
            type: 'object',
            additionalProperties: { $ref: '#/components/schemas/ConnectorOperation' },
          },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
          updatedBy: { type: 'string' },
          etag: { type: 'string' },
        },
      },
      Definitions: {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Definition' } } },
      },
      ...casesSchemas,
      ...attachmentsSchemas,
      ...emailSchemas,
    },
  },
} as const;

/**
 * The document as this deployment serves it: with App Service authentication accepted, every secured
 * operation takes either scheme (security requirements are alternatives); public operations stay open.
 */
export function servedOpenApiDocument(options: { readonly appServiceAuth: boolean }) {
  if (!options.appServiceAuth) return openApiDocument;
  return {
    ...openApiDocument,
    security: [{ bearer: [] }, { appServicePrincipal: [] }],
    components: {
      ...openApiDocument.components,
      securitySchemes: { bearer: bearerScheme, appServicePrincipal: appServicePrincipalScheme },
    },
  };
}
