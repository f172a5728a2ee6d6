/**
 * The local Cosmos DB's transactional batch route, in place of `@vercel/cosmosdb-server`'s own (same body,
 * operations and per-operation answers, through the package's `_document-operations`), made atomic as in Azure:
 * when an operation of an atomic batch fails, the operations before it are undone and answer 424, like those
 * after it. The package stopped at the failure and kept what came before, so a batch that creates an inbox
 * event and claims its idempotency key could leave the event behind when the claim failed, and the app had to
 * read the key before every write to avoid that.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { RouteHandler } from './cosmos-account.js';

interface BatchOperation {
  readonly operationType?: string;
  readonly id?: string;
  readonly partitionKey?: string;
  readonly ifMatch?: string;
  readonly resourceBody?: { readonly id?: string; readonly [field: string]: unknown };
}

interface OperationResult {
  readonly statusCode: number;
  readonly body?: { readonly _etag?: string };
}

type StoredData = { readonly id: string; readonly _rid: string } & Record<string, unknown>;

/** The parts of the package's documents list that undoing a write needs. */
interface BatchDocuments {
  _item(keyPath: '/id', id: string, partition: unknown): { read(): StoredData | undefined };
  _getPartition(data: object): unknown;
  _set(data: StoredData): unknown;
  delete(id: string, partition: unknown): void;
}

interface BatchCollection {
  read(): unknown;
  readonly documents: BatchDocuments;
}

type Operation = (collection: BatchCollection, input: BatchOperation) => OperationResult;

const require = createRequire(import.meta.url);
const packageModule = <T>(name: string) => require(`@vercel/cosmosdb-server/lib/${name}.js`) as T;
const operations = packageModule<
  Record<`${'create' | 'upsert' | 'read' | 'delete' | 'replace'}Operation`, Operation>
>('handler/_document-operations');
const readJson = packageModule<{ default: (request: IncomingMessage) => Promise<unknown> }>('json').default;
const isTrue = packageModule<{ default: (request: IncomingMessage, header: string) => boolean }>(
  'true-header',
).default;
const { parsePartitionKey } = packageModule<{
  parsePartitionKey(header: string | undefined, defaultValue: string | undefined): unknown;
}>('utils/get-partition-from-header');

const operationsByType: Record<string, Operation> = {
  Create: operations.createOperation,
  Upsert: operations.upsertOperation,
  Read: operations.readOperation,
  Delete: operations.deleteOperation,
  Replace: operations.replaceOperation,
};

/** The package's handler this route replaces (compared with what `findCosmosRoute` returns). */
export const packageBatchDocuments = packageModule<{ default: RouteHandler }>(
  'handler/batch-documents',
).default;

export const batchDocuments: RouteHandler = async (account, request, response, { dbId, collId }) => {
  const body = await readJson(request);
  const atomic = isTrue(request, 'x-ms-cosmos-batch-atomic');
  const continueOnError = isTrue(request, 'x-ms-cosmos-batch-continue-on-error');
  const collection = account.database(dbId!).collection(collId!) as unknown as BatchCollection;
  if (!collection.read()) {
    response.statusCode = 404;
    return {};
  }
  if (!Array.isArray(body)) {
    response.statusCode = 400;
    return { message: 'Invalid request body' };
  }
  const inputs = body as BatchOperation[];
  const unsupported = inputs.find((input) => !operationsByType[input?.operationType ?? '']);
  if (unsupported) {
    response.statusCode = 400;
    return { message: `Operation type '${unsupported?.operationType}' is not supported in Batch.` };
  }
  const answers: Record<string, unknown>[] = [];
  const undo: (() => void)[] = [];
  const undoAll = () => {
    for (const step of undo.reverse()) step();
  };
  let failed = false;
  for (const input of inputs) {
    if (failed && !continueOnError) {
      answers.push({ statusCode: 424, requestCharge: 0 });
      continue;
    }
    let result: OperationResult;
    try {
      const target = targetOf(collection.documents, input);
      const before = target && collection.documents._item('/id', target.id, target.partition).read();
      result = operationsByType[input.operationType!]!(collection, input);
      if (target && result.statusCode < 400 && input.operationType !== 'Read') {
        undo.push(() =>
          before
            ? collection.documents._set(before)
            : collection.documents.delete(target.id, target.partition),
        );
      }
    } catch (error) {
      // An operation the package cannot run (e.g. an unreadable partition key) fails the request: nothing stays.
      undoAll();
      throw error;
    }
    failed = result.statusCode >= 400;
    answers.push(
      failed
        ? { statusCode: result.statusCode, requestCharge: 0 }
        : {
            statusCode: result.statusCode,
            requestCharge: 1,
            eTag: result.body?._etag,
            resourceBody: result.body,
          },
    );
  }
  if (!failed || !atomic) return answers;
  undoAll();
  return answers.map((answer) =>
    (answer['statusCode'] as number) < 400 ? { statusCode: 424, requestCharge: 0 } : answer,
  );
};

/** The document an operation reads or writes: by the body for creates and upserts, else by id and header. */
function targetOf(
  documents: BatchDocuments,
  input: BatchOperation,
): { id: string; partition: unknown } | undefined {
  const body = input.resourceBody;
  if (input.operationType === 'Create' || input.operationType === 'Upsert') {
    return typeof body?.id === 'string'
      ? { id: body.id, partition: documents._getPartition(body) }
      : undefined;
  }
  const id = input.operationType === 'Replace' ? body?.id : input.id;
  return typeof id === 'string' ? { id, partition: parsePartitionKey(input.partitionKey, id) } : undefined;
}
