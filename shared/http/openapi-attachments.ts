/** The case attachments part of the OpenAPI document (openapi.ts merges it). */
import { errors, jsonContent, pageOf, pagingParameters, ref } from './openapi-parts.js';

const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const id = path('id');
const attachmentId = path('attachmentId');
const binary = { type: 'string', format: 'binary' };

export const attachmentsPaths = {
  '/cases/{id}/attachments': {
    post: {
      operationId: 'uploadCaseAttachment',
      summary:
        'Attach a file to an active case: the raw bytes as the body, their media type as Content-Type (the allow-list: CASEFLOW_ATTACHMENT_MEDIA_TYPES). The same Idempotency-Key, or the same name and bytes, returns the stored attachment (200).',
      parameters: [
        id,
        {
          name: 'X-File-Name',
          in: 'header',
          schema: { type: 'string' },
          description: 'The file name, percent-encoded UTF-8 allowed; reduced to its last path segment.',
        },
        {
          name: 'name',
          in: 'query',
          schema: { type: 'string' },
          description: 'The file name, if no header.',
        },
        { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
      ],
      requestBody: { required: true, content: { '*/*': { schema: binary } } },
      responses: {
        201: { description: 'Stored.', content: jsonContent(ref('Attachment')) },
        200: { description: 'Stored before (idempotent).', content: jsonContent(ref('Attachment')) },
        ...errors(400, 401, 404, 409, 413, 415),
      },
    },
    get: {
      operationId: 'listCaseAttachments',
      summary: 'The attachments of a case the caller may see, oldest first.',
      parameters: [id, ...pagingParameters],
      responses: {
        200: { description: 'One page.', content: pageOf('Attachment') },
        ...errors(400, 401, 404),
      },
    },
  },
  '/cases/{id}/attachments/{attachmentId}': {
    get: {
      operationId: 'getCaseAttachment',
      summary: "An attachment's metadata.",
      parameters: [id, attachmentId],
      responses: {
        200: { description: 'The attachment.', content: jsonContent(ref('Attachment')) },
        ...errors(401, 404),
      },
    },
    delete: {
      operationId: 'deleteCaseAttachment',
      summary: 'Delete an attachment of an active case (its uploader or an admin).',
      parameters: [id, attachmentId],
      responses: { 204: { description: 'Deleted.' }, ...errors(401, 403, 404, 409) },
    },
  },
  '/cases/{id}/attachments/{attachmentId}/content': {
    get: {
      operationId: 'downloadCaseAttachment',
      summary:
        'The bytes, with their media type, `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.',
      parameters: [id, attachmentId],
      responses: {
        200: { description: 'The file.', content: { '*/*': { schema: binary } } },
        ...errors(401, 404),
      },
    },
  },
};

export const attachmentsSchemas = {
  Attachment: {
    type: 'object',
    required: ['id', 'caseId', 'name', 'contentType', 'size', 'sha256', 'uploadedBy', 'uploadedAt'],
    properties: {
      id: { type: 'string' },
      caseId: { type: 'string' },
      name: { type: 'string' },
      contentType: { type: 'string' },
      size: { type: 'integer' },
      sha256: { type: 'string', description: 'Hex SHA-256 of the bytes.' },
      uploadedBy: { type: 'string' },
      uploadedAt: { type: 'string', format: 'date-time' },
    },
  },
};
