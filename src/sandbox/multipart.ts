/**
 * multipart/form-data bodies (the file upload route): fields as strings, a file part as its bytes
 * and filename. Only what the SDK sends (axios with form-data): CRLF line ends, one boundary.
 */
import type { IncomingMessage } from 'node:http';

/** Past this the sandbox stops reading: far above Feishu's 30 MB file limit, which the route checks. */
export const MAX_MULTIPART_BYTES = 64 * 1024 * 1024;

export class MultipartError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

export type UploadedFile = { filename: string; contentType: string; bytes: Buffer };
export type MultipartBody = Record<string, string | UploadedFile>;

export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).bytes);
}

function boundaryOf(contentType: string): string {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b) throw new MultipartError('multipart body without a boundary');
  return b.trim();
}

function dispositionParam(header: string, name: string): string | undefined {
  const m = new RegExp(`${name}="([^"]*)"`, 'i').exec(header);
  return m?.[1];
}

/** Splits a whole body into its parts. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const out: MultipartBody = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    const headStart = pos + 2; // past CRLF
    const headEnd = body.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0) throw new MultipartError('multipart part without headers');
    const next = body.indexOf(delimiter, headEnd + 4);
    if (next < 0) throw new MultipartError('multipart body not closed');
    const headers = body.subarray(headStart, headEnd).toString('utf8');
    const content = body.subarray(headEnd + 4, next - 2); // the CRLF before the delimiter
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = dispositionParam(disposition, 'name');
    if (name) {
      const filename = dispositionParam(disposition, 'filename');
      out[name] =
        filename !== undefined
          ? {
              filename,
              contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? '',
              bytes: Buffer.from(content),
            }
          : content.toString('utf8');
    }
    pos = next;
  }
  return out;
}

export async function readMultipart(req: IncomingMessage): Promise<MultipartBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_MULTIPART_BYTES) throw new MultipartError('request body too large', true);
    chunks.push(buf);
  }
  return parseMultipart(Buffer.concat(chunks), req.headers['content-type'] ?? '');
}
