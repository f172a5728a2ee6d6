/**
 * The case attachments API: upload (raw body with its Content-Type, the file name in `X-File-Name` or
 * `?name=`), list, metadata, download and delete, under the case's record rules (case-attachments-service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { durableClientOf } from '../durable/durable-client.js';
import { attachmentContentDisposition } from '../../shared/cases/attachment-names.js';
import type { AttachmentDocument } from '../../shared/cases/case-documents.js';
import {
  CaseAttachmentsService,
  type AttachmentLimits,
} from '../../shared/cases/case-attachments-service.js';
import { readSetting } from '../../shared/config/registry.js';
import { validationFailed } from '../../shared/http/body.js';
import type { Principal } from '../../shared/identity/principal.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import { casesService } from './cases.js';
import { attachmentBytes } from './app-services.js';
import { pageSize } from './json-request.js';
import { requestBytes } from './request-body.js';

function service(principal: Principal, context: InvocationContext): CaseAttachmentsService {
  const runtime = caseRuntime(durableClientOf(context));
  const cases = casesService(principal, context);
  return new CaseAttachmentsService(
    principal,
    (caseId) => cases.get(caseId),
    runtime.stores(principal.tenantId),
    attachmentBytes(),
    runtime.inbox,
    attachmentLimits(),
    randomUUID,
    () => new Date(),
  );
}

function attachmentLimits(): AttachmentLimits {
  return {
    maxBytes: readSetting('attachmentMaxBytes'),
    mediaTypes: readSetting('attachmentMediaTypes')
      .split(',')
      .map((type) => type.trim().toLowerCase())
      .filter((type) => type !== ''),
    perCase: readSetting('attachmentsPerCase'),
  };
}

apiRoute({
  name: 'uploadCaseAttachment',
  method: 'POST',
  route: 'cases/{id}/attachments',
  durableClient: true,
  async handler(request, principal, context) {
    const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
    const name = fileName(request);
    const { attachment, created } = await service(principal, context).upload({
      caseId: request.params.id ?? '',
      name,
      contentType: request.headers.get('content-type'),
      readBytes: (maxBytes) => requestBytes(request, maxBytes),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    });
    return json(created ? 201 : 200, attachmentView(attachment));
  },
});

apiRoute({
  name: 'listCaseAttachments',
  method: 'GET',
  route: 'cases/{id}/attachments',
  durableClient: true,
  async handler(request, principal, context) {
    const continuationToken = request.query.get('continuationToken') ?? undefined;
    const page = await service(principal, context).list(
      request.params.id ?? '',
      pageSize(request.query.get('limit')),
      continuationToken,
    );
    return json(200, {
      items: page.items.map(attachmentView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

apiRoute({
  name: 'getCaseAttachment',
  method: 'GET',
  route: 'cases/{id}/attachments/{attachmentId}',
  durableClient: true,
  async handler(request, principal, context) {
    const attachment = await service(principal, context).get(
      request.params.id ?? '',
      request.params.attachmentId ?? '',
    );
    return json(200, attachmentView(attachment));
  },
});

apiRoute({
  name: 'downloadCaseAttachment',
  method: 'GET',
  route: 'cases/{id}/attachments/{attachmentId}/content',
  durableClient: true,
  async handler(request, principal, context) {
    const { attachment, content } = await service(principal, context).download(
      request.params.id ?? '',
      request.params.attachmentId ?? '',
    );
    return {
      status: 200,
      headers: {
        'content-type': attachment.contentType,
        'content-length': String(attachment.size),
        'content-disposition': attachmentContentDisposition(attachment.name),
        // The browser must not guess another type, nor run what it shows as a page of this origin.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      },
      body: content,
    };
  },
});

apiRoute({
  name: 'deleteCaseAttachment',
  method: 'DELETE',
  route: 'cases/{id}/attachments/{attachmentId}',
  durableClient: true,
  async handler(request, principal, context) {
    await service(principal, context).delete(request.params.id ?? '', request.params.attachmentId ?? '');
    return { status: 204 };
  },
});

/** `X-File-Name` (percent-encoded UTF-8 allowed, as header values are ASCII) or the `name` query parameter. */
function fileName(request: HttpRequest): string | undefined {
  const header = request.headers.get('x-file-name');
  if (header === null) return request.query.get('name') ?? undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw validationFailed([{ field: 'X-File-Name', message: 'is not valid percent-encoding' }]);
  }
}

function attachmentView(attachment: Stored<AttachmentDocument>) {
  return {
    id: attachment.attachmentId,
    caseId: attachment.caseId,
    name: attachment.name,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    uploadedBy: attachment.uploadedBy,
    uploadedAt: attachment.uploadedAt,
  };
}
