import http from 'node:http';
import https from 'node:https';

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * One POST with a hard deadline covering connect, headers and body, on a fresh connection:
 * Feishu does not keep connections to a bot alive, and a pooled socket would keep the bot's
 * server from closing in tests.
 */
export function postWithDeadline(
  url: string,
  body: string,
  headers: Record<string, string>,
  deadlineMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new DeadlineError(`no answer within ${deadlineMs} ms`));
    }, deadlineMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      reject(e);
    }
    req.on('error', fail);
    req.end(body);
  });
}
