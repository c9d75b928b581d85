/**
 * The sandbox learns image messages: a user sends a picture (an im.message.receive_v1 with
 * message_type 'image'), and GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image
 * serves exactly its bytes through the real SDK; any other message or key is a 404.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normalizeEvent } from '../../../src/bot/normalize';
import { createFeishuClient, downloadImage } from '../../../src/feishu/client';
import { createLogger } from '../../../src/log';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox';
import { type Received, startFakeBot } from './fixtures';

let sb: Sandbox;
let receiver: Awaited<ReturnType<typeof startFakeBot>>;
const ALICE = 'ou_alice_img';

beforeAll(async () => {
  const creds = newAppCredentials();
  sb = await startSandbox(creds);
  receiver = await startFakeBot(creds.encryptKey);
  sb.setEventUrl(receiver.url);
  sb.addUser({ openId: ALICE, name: '张三' });
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const client = () =>
  createFeishuClient(
    { appId: sb.appId, appSecret: sb.appSecret, domain: sb.url },
    createLogger('silent', { write() {} }),
  );

it('an image message arrives as message_type image and its bytes download with the same SHA-256', async () => {
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
  const sent = await sb.sendImage(ALICE, bytes);
  const env = await sb.waitFor(() =>
    receiver.received.find(
      (r: Received) => (r.envelope.event.message as { message_id?: string })?.message_id === sent.messageId,
    ),
  );
  const message = env.envelope.event.message as Record<string, string>;
  expect(message.message_type).toBe('image');
  expect(JSON.parse(message.content!)).toEqual({ image_key: sent.imageKey });
  expect(normalizeEvent(env.envelope)).toMatchObject({
    kind: 'message',
    messageId: sent.messageId,
    imageKey: sent.imageKey,
    text: '',
  });

  const got = await downloadImage(client(), sent.messageId, sent.imageKey);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  expect(got.length).toBe(bytes.length);
  expect(sha(got)).toBe(sha(bytes));
});

it('another message or key is a 404 (234003), and the text path is unchanged', async () => {
  const sent = await sb.sendImage(ALICE, Buffer.from('img'));
  const other = await sb.say(ALICE, '你好');
  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: { response?: { status: number } }) => e.response?.status,
    );
  expect(await status(downloadImage(client(), sent.messageId, 'img_v3_nope'))).toBe(404);
  expect(await status(downloadImage(client(), 'om_nope', sent.imageKey))).toBe(404);
  const textEnv = receiver.received.find((r: Received) => r.envelope.header.event_id === other.eventId)!;
  const e = normalizeEvent(textEnv.envelope);
  expect(e).toMatchObject({ kind: 'message', text: '你好' });
  expect(e).not.toHaveProperty('imageKey');
});
