/**
 * The Models API (Modeler / Catalog): upload BPMN, list models, download a source, list startable processes
 * and versions, activate and deactivate a version. Everything is scoped to the caller's tenant.
 */
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { readSetting } from '../../shared/config/registry.js';
import { mediaType, multipartFile, requireMediaType, validationFailed } from '../../shared/http/body.js';
import type { Role } from '../../shared/identity/principal.js';
import type { DefinitionDocument, ModelDocument } from '../../shared/models/documents.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import { apiRoute, json } from './api-route.js';
import { modelsService } from './app-services.js';
import { requestBytes } from './request-body.js';

const modelMediaTypes = ['application/xml', 'text/xml', 'application/bpmn+xml'];
/** Who may change and read models; any authenticated caller may list processes and versions. */
const designers: readonly Role[] = ['designer', 'admin'];
const defaultPageSize = 50;
const maxPageSize = 200;

apiRoute({
  name: 'uploadModel',
  roles: designers,
  method: 'POST',
  route: 'models',
  async handler(request, principal) {
    const contentType = request.headers.get('content-type') ?? '';
    requireMediaType(contentType, [...modelMediaTypes, 'multipart/form-data']);
    const maxBytes = readSetting('maxModelBytes');
    const body = await requestBytes(request, maxBytes);
    const bytes =
      mediaType(contentType) === 'multipart/form-data'
        ? await multipartFile(body, contentType, 'file')
        : body;
    const service = modelsService(principal.tenantId);
    const { model, created, diagnostics } = await service.upload(bytes, principal.userId, maxBytes);
    return json(created ? 201 : 200, { ...modelView(model), diagnostics });
  },
});

apiRoute({
  name: 'listModels',
  roles: designers,
  method: 'GET',
  route: 'models',
  async handler(request, principal) {
    const limit = pageSize(request.query.get('limit'));
    const continuationToken = request.query.get('continuationToken') ?? undefined;
    const page = await modelsService(principal.tenantId).listModels(limit, continuationToken);
    return json(200, {
      items: page.items.map(modelView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

apiRoute({
  name: 'getModel',
  roles: designers,
  method: 'GET',
  route: 'models/{id}',
  async handler(request, principal) {
    const id = request.params.id ?? '';
    const model = await modelsService(principal.tenantId).model(id);
    if (!model) throw new CaseflowError('http.not-found', `No model ${id}.`);
    return json(200, modelView(model));
  },
});

apiRoute({
  name: 'getModelSource',
  roles: designers,
  method: 'GET',
  route: 'models/{id}/source',
  async handler(request, principal) {
    const source = await modelsService(principal.tenantId).source(request.params.id ?? '');
    return { status: 200, headers: { 'content-type': 'application/xml' }, body: source };
  },
});

apiRoute({
  name: 'listProcesses',
  method: 'GET',
  route: 'processes',
  async handler(_request, principal) {
    const startable = await modelsService(principal.tenantId).startable();
    return json(200, { items: startable.map(definitionView) });
  },
});

apiRoute({
  name: 'listProcessVersions',
  method: 'GET',
  route: 'processes/{key}/versions',
  async handler(request, principal) {
    const versions = await modelsService(principal.tenantId).versions(request.params.key ?? '');
    return json(200, { items: versions.map(definitionView) });
  },
});

for (const [action, active] of [
  ['activate', true],
  ['deactivate', false],
] as const) {
  apiRoute({
    name: `${action}ProcessVersion`,
    roles: designers,
    method: 'POST',
    route: `processes/{key}/versions/{version}/${action}`,
    async handler(request, principal) {
      const version = Number(request.params.version);
      if (!Number.isSafeInteger(version) || version < 1) {
        throw validationFailed([{ field: 'version', message: 'must be a positive integer' }]);
      }
      const service = modelsService(principal.tenantId);
      const ifMatch = request.headers.get('if-match') ?? undefined;
      const definition = await service.setActive(request.params.key ?? '', version, active, ifMatch);
      return json(200, definitionView(definition));
    },
  });
}

function pageSize(raw: string | null): number {
  if (raw === null) return defaultPageSize;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > maxPageSize) {
    throw validationFailed([{ field: 'limit', message: `must be an integer from 1 to ${maxPageSize}` }]);
  }
  return value;
}

function modelView(model: Stored<ModelDocument>) {
  return {
    id: model.id,
    contentHash: model.contentHash,
    sizeBytes: model.sizeBytes,
    processes: model.processes,
    uploadedBy: model.uploadedBy,
    uploadedAt: model.uploadedAt,
  };
}

function definitionView(definition: Stored<DefinitionDocument>) {
  return {
    processKey: definition.processKey,
    version: definition.version,
    ...(definition.name !== undefined ? { name: definition.name } : {}),
    active: definition.active,
    modelId: definition.modelId,
    contentHash: definition.contentHash,
    createdBy: definition.createdBy,
    createdAt: definition.createdAt,
    /** For `If-Match` on activate / deactivate. */
    etag: definition._etag,
  };
}
