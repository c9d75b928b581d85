/**
 * The files the bot uploaded (POST /open-apis/im/v1/files) and the files people sent, by the
 * file_key the sandbox issued.
 */
import type { SandboxCore } from './core';
import { currentContent } from './message-store';
import type { FileInfo, StoredMessage } from './types';

export type StoredFile = { fileKey: string; fileType: string; fileName: string; bytes: Buffer };

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  put(f: StoredFile) {
    this.files.set(f.fileKey, { ...f, bytes: Buffer.from(f.bytes) });
  }
  get(fileKey: string): StoredFile | undefined {
    return this.files.get(fileKey);
  }
  has(fileKey: string): boolean {
    return this.files.has(fileKey);
  }
  clear() {
    this.files.clear();
  }
}

// Kept beside the core rather than in it, as the approval center's store is.
const stores = new WeakMap<SandboxCore, FileStore>();

export function fileStoreOf(core: SandboxCore): FileStore {
  let s = stores.get(core);
  if (!s) {
    s = new FileStore();
    stores.set(core, s);
  }
  return s;
}

/** A file message's name and size, when the sandbox keeps its upload. */
export function fileInfoOf(core: SandboxCore, m: StoredMessage): FileInfo | undefined {
  if (m.msgType !== 'file') return undefined;
  const key = (currentContent(m) as { file_key?: unknown }).file_key;
  const f = typeof key === 'string' ? fileStoreOf(core).get(key) : undefined;
  return f ? { name: f.fileName, size: f.bytes.length } : undefined;
}
