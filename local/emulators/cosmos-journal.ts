/**
 * Persistence of the local Cosmos DB: a snapshot of the whole account (`account.json`) plus a journal of the
 * document writes since (`journal.ndjson`, one JSON line per stored or removed document). Writing the whole
 * account after every write made each write cost as much as all the data, so a busy local cloud slowed down
 * as it filled up; a journal line costs as much as its document.
 *
 * Durability is by group commit: a write's answer waits until its journal line is on disk (`fdatasync`), and
 * one flush carries every line gathered meanwhile. When the journal has grown past the snapshot (and a floor),
 * or a write was not a document write (databases, containers, functions), the next flush writes a new snapshot
 * instead and empties the journal. Replaying is idempotent (a stored document replaces the one with its rid, a
 * removal of an absent rid does nothing), so a snapshot that already holds a journal's lines is harmless.
 */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import {
  restoreCosmosAccount,
  snapshotCosmosAccount,
  type CosmosAccount,
  type CosmosDocuments,
  type CosmosSnapshot,
} from './cosmos-account.js';
import { observeLsn } from './cosmos-change-feed.js';

type JournalLine =
  | {
      readonly put: {
        readonly db: string;
        readonly coll: string;
        readonly ridCount: number;
        readonly doc: object;
      };
    }
  | { readonly remove: { readonly db: string; readonly coll: string; readonly rid: string } };

/** A change waiting for its flush; stored documents are serialised at flush time (after the `_lsn` stamp). */
type PendingChange =
  | {
      readonly db: string;
      readonly coll: string;
      readonly documents: CosmosDocuments;
      readonly stored: object;
    }
  | { readonly db: string; readonly coll: string; readonly removedRid: string };

/** The journal never triggers a snapshot below this size, so small accounts are not rewritten often. */
const journalFloorBytes = 4 * 1024 * 1024;

export class CosmosJournal {
  readonly #snapshotFile: string;
  readonly #journalFile: string;
  #journal: FileHandle | undefined;
  #journalBytes = 0;
  #snapshotBytes = 0;
  #pending: PendingChange[] = [];
  #snapshotDue = false;
  #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    directory: string,
    private readonly account: CosmosAccount,
  ) {
    this.#snapshotFile = path.join(directory, 'account.json');
    this.#journalFile = path.join(directory, 'journal.ndjson');
  }

  /** Loads the snapshot and replays the journal; a torn last line (a write never answered) is cut off. */
  load(): void {
    if (existsSync(this.#snapshotFile)) {
      const text = readFileSync(this.#snapshotFile, 'utf8');
      this.#snapshotBytes = Buffer.byteLength(text);
      restoreCosmosAccount(this.account, JSON.parse(text) as CosmosSnapshot);
    }
    if (!existsSync(this.#journalFile)) return;
    const content = readFileSync(this.#journalFile);
    let offset = 0;
    while (offset < content.length) {
      const end = content.indexOf(10, offset);
      if (end < 0) break;
      this.#replay(JSON.parse(content.subarray(offset, end).toString('utf8')) as JournalLine);
      offset = end + 1;
    }
    if (offset < content.length) truncateSync(this.#journalFile, offset);
    this.#journalBytes = offset;
  }

  /** Records the document writes to this container from now on (call before a request may write to it). */
  watch(db: string, coll: string): void {
    const documents = this.account.database(db).collection(coll).documents;
    if (documents._data instanceof RecordingMap) return;
    documents._data = new RecordingMap(documents._data, {
      stored: (stored) => this.#pending.push({ db, coll, documents, stored }),
      removed: (removedRid) => this.#pending.push({ db, coll, removedRid }),
    });
  }

  /** The next flush writes a whole snapshot (after a write the journal does not record). */
  snapshotNext(): void {
    this.#snapshotDue = true;
  }

  /** Resolves once every change recorded so far is on disk. */
  commit(): Promise<void> {
    if (this.#pending.length === 0 && !this.#snapshotDue) return this.#flushing ?? Promise.resolve();
    const committed = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#flushing ??= this.#flushLoop();
    return committed;
  }

  async close(): Promise<void> {
    await this.#flushing;
    await this.#journal?.close();
    this.#journal = undefined;
  }

  async #flushLoop(): Promise<void> {
    while (this.#waiters.length > 0) {
      const changes = this.#pending;
      const waiters = this.#waiters;
      this.#pending = [];
      this.#waiters = [];
      try {
        await this.#flush(changes);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        // Those changes are in memory but not on disk: the next flush writes them with a whole snapshot.
        this.#snapshotDue = true;
        for (const waiter of waiters) waiter.reject(error as Error);
      }
    }
    this.#flushing = undefined;
  }

  async #flush(changes: PendingChange[]): Promise<void> {
    if (this.#snapshotDue || this.#journalBytes > Math.max(journalFloorBytes, this.#snapshotBytes)) {
      // The snapshot holds every change applied so far, including those of this batch.
      this.#snapshotDue = false;
      const text = JSON.stringify(snapshotCosmosAccount(this.account));
      writeFileAtomically(this.#snapshotFile, text);
      this.#snapshotBytes = Buffer.byteLength(text);
      await this.#journal?.close();
      this.#journal = await open(this.#journalFile, 'w');
      this.#journalBytes = 0;
      return;
    }
    if (changes.length === 0) return;
    const text = changes.map((change) => `${JSON.stringify(toLine(change))}\n`).join('');
    this.#journal ??= await open(this.#journalFile, 'a');
    await this.#journal.appendFile(text);
    await this.#journal.datasync();
    this.#journalBytes += Buffer.byteLength(text);
  }

  #replay(line: JournalLine): void {
    if ('put' in line) {
      const { db, coll, ridCount, doc } = line.put;
      const documents = this.account.database(db).collection(coll).documents;
      const rid = (doc as { _rid: string })._rid;
      if (documents._data.has(rid)) documents.delete(rid, undefined);
      documents._set(doc as never);
      documents._ridCount = Math.max(documents._ridCount, ridCount);
      observeLsn(doc as Record<string, unknown>);
    } else {
      const { db, coll, rid } = line.remove;
      const documents = this.account.database(db).collection(coll).documents;
      if (documents._data.has(rid)) documents.delete(rid, undefined);
    }
  }
}

function toLine(change: PendingChange): JournalLine {
  if ('removedRid' in change) return { remove: { db: change.db, coll: change.coll, rid: change.removedRid } };
  const { db, coll, documents, stored } = change;
  return { put: { db, coll, ridCount: documents._ridCount, doc: stored } };
}

/** The container's rid -> document map, telling the journal about every document stored or removed. */
class RecordingMap<V extends { read(): object }> extends Map<string, V> {
  constructor(
    entries: Map<string, V>,
    private readonly listener: { stored(document: object): void; removed(rid: string): void },
  ) {
    super(entries);
  }

  override set(rid: string, item: V): this {
    // Map's constructor calls set() before the listener exists: those entries are already persisted.
    (this.listener as typeof this.listener | undefined)?.stored(item.read());
    return super.set(rid, item);
  }

  override delete(rid: string): boolean {
    const deleted = super.delete(rid);
    if (deleted) this.listener.removed(rid);
    return deleted;
  }
}
