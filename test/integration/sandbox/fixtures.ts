import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Sandbox } from '../../../src/sandbox';

export const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** Each client gets its own token cache: the SDK's default one is process-global. */
export function memoryCache(): lark.Cache {
  const store = new Map<string, { value: unknown; expire?: number }>();
  const k = (key: string | symbol, ns?: string) => `${ns ?? ''}:${String(key)}`;
  return {
    async set(key, value, expire, options) {
      store.set(k(key as symbol, options?.namespace), { value, ...(expire ? { expire } : {}) });
      return true;
    },
    async get(key, options) {
      const hit = store.get(k(key as symbol, options?.namespace));
      if (!hit || (hit.expire && hit.expire < Date.now())) return undefined;
      return hit.value;
    },
  };
}

export function sdkClient(sb: Sandbox): lark.Client {
  return new lark.Client({
    appId: sb.appId,
    appSecret: sb.appSecret,
    domain: sb.url,
    cache: memoryCache(),
    logger: quiet,
  });
}

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  /** The decrypted schema-2.0 envelope. */
  envelope: { header: Record<string, string>; event: Record<string, unknown> };
  signatureOk: boolean;
}

export interface FakeBot {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

type Answer = (r: Received) => unknown | Promise<unknown>;

/**
 * The smallest possible "bot": checks the signature, decrypts with the SDK's own AESCipher, answers
 * 401 on a bad signature, else whatever `answer` returns (as JSON).
 */
export async function startFakeBot(
  encryptKey: string | undefined,
  answer: Answer = () => ({}),
): Promise<FakeBot> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-lark-request-timestamp'] ?? '');
      const nonce = String(req.headers['x-lark-request-nonce'] ?? '');
      const expected = createHash('sha256')
        .update(ts + nonce + (encryptKey ?? '') + raw)
        .digest('hex');
      const signatureOk = encryptKey ? req.headers['x-lark-signature'] === expected : true;
      const body = JSON.parse(raw) as { encrypt?: string };
      const plain = encryptKey && body.encrypt ? new lark.AESCipher(encryptKey).decrypt(body.encrypt) : raw;
      const r: Received = { headers: req.headers, raw, envelope: JSON.parse(plain), signatureOk };
      received.push(r);
      if (!signatureOk) {
        res.writeHead(401).end('{"msg":"bad signature"}');
        return;
      }
      const out = await answer(r);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/feishu/events`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const text = (content: string) => ({ tag: 'plain_text', content });

/** A JSON 2.0 approval card: buttons nested in a column_set, callback values via behaviors. */
export function approvalCard(id: number, title = '待审批') {
  const button = (label: string, action: string, type: string) => ({
    tag: 'button',
    text: text(label),
    type,
    behaviors: [{ type: 'callback', value: { action, id } }],
  });
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: text(title), template: 'blue' },
    body: {
      elements: <Record<string, unknown>[]>[
        { tag: 'markdown', content: `**申请 #${id}**` },
        {
          tag: 'column_set',
          columns: [
            { tag: 'column', elements: [button('通过', 'approve', 'primary')] },
            { tag: 'column', elements: [button('驳回', 'reject', 'danger')] },
          ],
        },
      ],
    },
  };
}

/** A JSON 2.0 card with a form: a required input, a select with a default, a submit button. */
export function formCard() {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: text('填写扣分'), template: 'orange' },
    body: {
      elements: [
        {
          tag: 'form',
          name: 'deduct_form',
          elements: [
            {
              tag: 'input',
              name: 'points',
              required: true,
              label: text('扣分'),
              placeholder: text('请输入'),
            },
            // Optional fields say so: the card check wants required explicit in a form (issue 21).
            { tag: 'input', name: 'note', placeholder: text('备注'), required: false },
            {
              tag: 'select_static',
              name: 'reason',
              required: false,
              initial_option: 'late',
              options: [
                { text: text('迟到'), value: 'late' },
                { text: text('缺勤'), value: 'absent' },
              ],
            },
            {
              tag: 'button',
              name: 'submit_deduct',
              text: text('提交'),
              type: 'primary',
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: { action: 'deduct' } }],
            },
          ],
        },
      ],
    },
  };
}
