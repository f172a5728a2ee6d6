/** Where the bytes of case attachments live (Blob Storage in the app: blob-attachment-bytes.ts). */
export interface AttachmentBytes {
  put(blobName: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes as a stream, or undefined when the blob is gone. */
  open(blobName: string): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Deletes the blob; a missing one is fine. */
  delete(blobName: string): Promise<void>;
}
