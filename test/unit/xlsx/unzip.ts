import { crc32, inflateRawSync } from 'node:zlib';

export type ZipPart = { name: string; flags: number; text: string };

/**
 * A test-side ZIP reader, independent of the writer: walks the central directory, inflates each
 * entry and checks its CRC-32 and sizes, and that a streamed entry's data descriptor agrees.
 */
export function unzip(zip: Buffer): ZipPart[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central header');
    const flags = zip.readUInt16LE(p + 8);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = inflateRawSync(zip.subarray(start, start + csize));
    if (raw.length !== size || crc32(raw) >>> 0 !== crc) throw new Error(`bad size or CRC for ${name}`);
    if (flags & 0x0008) {
      const d = start + csize;
      const ok =
        zip.readUInt32LE(d) === 0x08074b50 &&
        zip.readUInt32LE(d + 4) === crc &&
        zip.readUInt32LE(d + 8) === csize &&
        zip.readUInt32LE(d + 12) === size;
      if (!ok) throw new Error(`bad data descriptor for ${name}`);
    }
    parts.push({ name, flags, text: raw.toString('utf8') });
  }
  return parts;
}
