/**
 * The OpenAPI 3.1 description of the HTTP API, served at GET /api/openapi.json. Written by hand next to the
 * route table; a test checks that every registered route is documented here and every operation exists.
 */
import { version } from '../version.js';
import { casesPaths, casesSchemas } from './openapi-cases.js';

/** `x-caseflow-roles`: the caller needs one of these roles (403 otherwise); absent: any authenticated caller. */
const designers = ['designer', 'admin'];
const problem = { $ref: '#/components/responses/Problem' };
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problem]));
const jsonContent = (schema: object) => ({ 'application/json': { schema } });
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
        summary: 'Liveness and version.',
        responses: { 200: { description: 'Running.' } },
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
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          { name: 'continuationToken', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'One page.',
            content: jsonContent({
              type: 'object',
              required: ['items'],
              properties: {
                items: { type: 'array', items: { $ref: '#/components/schemas/Model' } },
                continuationToken: { type: 'string' },
              },
            }),
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
    ...casesPaths,
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
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
      Definitions: {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Definition' } } },
      },
      ...casesSchemas,
    },
  },
} as const;
