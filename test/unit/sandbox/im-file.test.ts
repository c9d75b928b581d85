import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../../../src/sandbox/multipart';

const CT = 'multipart/form-data; boundary=XyZ';
const body = (parts: string[]) => Buffer.from(`${parts.map((p) => `--XyZ\r\n${p}\r\n`).join('')}--XyZ--\r\n`);

describe('the sandbox multipart reader', () => {
  it('reads fields as text and a file part as its bytes and name', () => {
    const r = parseMultipart(
      body([
        'Content-Disposition: form-data; name="file_type"\r\n\r\nxls',
        'Content-Disposition: form-data; name="file_name"\r\n\r\n考核台账.xlsx',
        'Content-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004\r\nrest',
      ]),
      CT,
    );
    expect(r.file_type).toBe('xls');
    expect(r.file_name).toBe('考核台账.xlsx');
    const f = r.file as { filename: string; bytes: Buffer };
    expect(f.filename).toBe('a.xlsx');
    expect(f.bytes.toString('latin1')).toBe('PK\u0003\u0004\r\nrest');
  });

  it('refuses a body without its boundary', () => {
    expect(() => parseMultipart(Buffer.from('nothing'), CT)).toThrow(/boundary/);
    expect(() => parseMultipart(Buffer.from('x'), 'multipart/form-data')).toThrow(/boundary/);
  });
});
