import type { Transform } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * The smallest ZIP container an XLSX needs: deflated entries, streamed ones with data descriptors
 * (flag bit 3: sizes follow the data), UTF-8 names (bit 11), and the central directory at the end.
 * No ZIP64: a size or offset past 4 GiB is refused.
 */
const MAX32 = 0xffff_ffff;
const FLAG_UTF8 = 0x0800;
const FLAG_DESCRIPTOR = 0x0008;
const DEFLATE = 8;
const VERSION = 20;

type Entry = { name: Buffer; flags: number; crc: number; size: number; csize: number; offset: number };

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function check(n: number, what: string): number {
  if (n > MAX32) throw new RangeError(`xlsx: ${what} exceeds 4 GiB (ZIP64 is not supported)`);
  return n;
}

/** A stream entry being written: push uncompressed bytes, then close. */
export interface ZipEntryStream {
  /**
   * Queues a chunk; a promise when the previous chunk is not done yet. Awaiting it gives the event
   * loop the turn zlib needs to take this chunk (its work on the thread pool is started from the
   * main thread), so compressing overlaps with building the next chunk; and when the output is
   * full the deflater holds the chunk back, so this is the back-pressure too.
   */
  write(chunk: Buffer): Promise<void> | undefined;
  close(): Promise<void>;
}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private readonly stamp = dosTime(new Date());
  private offset = 0;
  private failure: Error | undefined;
  private active: Transform | undefined;
  /** Rejects on the first failure, so nothing waits for a 'drain' of an output that has failed. */
  private readonly failed: Promise<never>;
  private fail: (e: Error) => void = () => undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly level: number,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      this.fail = (e: Error) => {
        this.failure ??= e;
        reject(this.failure);
        // Stop compressing for an output that is gone.
        this.active?.destroy();
      };
    });
    this.failed.catch(() => undefined); // reported through the waits that race it
    out.on('error', (e: Error) => this.fail(e));
  }

  get bytes(): number {
    return this.offset;
  }

  /** Fails fast once the output or a deflate stream has failed. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private emit(b: Buffer): boolean {
    this.offset += b.length;
    return this.out.write(b);
  }

  private localHeader(e: Entry): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(VERSION, 4);
    h.writeUInt16LE(e.flags, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    // With a data descriptor these three stay 0 here and follow the data.
    h.writeUInt32LE(e.crc, 14);
    h.writeUInt32LE(e.csize, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, e.name]);
  }

  /** A small part known in full (styles, workbook, …): sizes in the local header. */
  addFile(name: string, content: string): void {
    const raw = Buffer.from(content, 'utf8');
    const data = deflateRawSync(raw, { level: this.level });
    const e: Entry = {
      name: Buffer.from(name, 'utf8'),
      flags: FLAG_UTF8,
      crc: crc32(raw),
      size: raw.length,
      csize: data.length,
      offset: check(this.offset, 'archive'),
    };
    this.emit(this.localHeader(e));
    this.emit(data);
    this.entries.push(e);
  }

  /** A large part written in chunks; the deflater runs on the thread pool while rows are built. */
  openStream(name: string): ZipEntryStream {
    const e: Entry = {
      name: Buffer.from(name, 'utf8'),
      flags: FLAG_UTF8 | FLAG_DESCRIPTOR,
      crc: 0,
      size: 0,
      csize: 0,
      offset: check(this.offset, 'archive'),
    };
    this.emit(this.localHeader(e));
    const deflate = createDeflateRaw({ level: this.level, memLevel: 9, chunkSize: 64 * 1024 });
    this.active = deflate;
    deflate.on('error', (err: Error) => this.fail(err));
    deflate.on('data', (chunk: Buffer) => {
      e.csize += chunk.length;
      // The output is full: stop taking compressed data; once the deflater's output buffer is full
      // it holds back its write callbacks, and so the row producer waits.
      if (!this.emit(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
    });
    ended.catch(() => undefined); // reported by close(), or by the next write
    let previous: Promise<void> | undefined;
    let inFlight = 0;
    return {
      write: (chunk) => {
        this.throwIfFailed();
        e.crc = crc32(chunk, e.crc);
        e.size = check(e.size + chunk.length, name);
        const wait = inFlight > 0 ? Promise.race([previous!, this.failed]) : undefined;
        inFlight++;
        const done = new Promise<void>((resolve, reject) => {
          deflate.write(chunk, (err) => {
            inFlight--;
            if (err) reject(err);
            else resolve();
          });
        });
        done.catch(() => undefined); // the failure is reported by the next write or close
        previous = done;
        return wait;
      },
      close: async () => {
        deflate.end();
        await Promise.race([ended, this.failed]);
        this.active = undefined;
        check(e.csize, name);
        const d = Buffer.alloc(16);
        d.writeUInt32LE(0x08074b50, 0);
        d.writeUInt32LE(e.crc, 4);
        d.writeUInt32LE(e.csize, 8);
        d.writeUInt32LE(e.size, 12);
        this.emit(d);
        this.entries.push(e);
      },
    };
  }

  /** Writes the central directory and ends the output once everything is flushed. */
  async finish(): Promise<number> {
    this.throwIfFailed();
    const start = check(this.offset, 'archive');
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(VERSION, 4);
      h.writeUInt16LE(VERSION, 6);
      h.writeUInt16LE(e.flags, 8);
      h.writeUInt16LE(DEFLATE, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, internal and external attributes stay 0
      h.writeUInt32LE(e.offset, 42);
      this.emit(Buffer.concat([h, e.name]));
    }
    const size = check(this.offset - start, 'central directory');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    this.throwIfFailed();
    return this.offset;
  }
}
