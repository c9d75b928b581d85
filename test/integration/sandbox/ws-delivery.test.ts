import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox';
import { approvalCard, quiet, sdkClient } from './fixtures';

const ALICE = 'ou_alice';
let sb: Sandbox;
let ws: lark.WSClient;
const texts: string[] = [];

beforeAll(async () => {
  const creds = newAppCredentials();
  // What is checked here is the routing over the long connection, not Feishu's 3 s deadline (tested
  // elsewhere): a generous deadline keeps a loaded CI machine from turning a slow ack into a timeout.
  sb = await startSandbox({ ...creds, limits: { deliveryTimeoutMs: 15_000 } });
  sb.addUser({ openId: ALICE, name: '张三' });
  const dispatcher = new lark.EventDispatcher({ logger: quiet }).register({
    'im.message.receive_v1': async (data) => {
      texts.push(JSON.parse(data.message.content).text);
    },
    // card.action.trigger is not in the SDK's typings, but it is routed by header.event_type.
    ...({
      'card.action.trigger': async () => ({
        toast: { type: 'info', content: '收到' },
        card: { type: 'raw', data: approvalCard(1, '长连接已处理') },
      }),
    } as Record<string, (data: unknown) => Promise<unknown>>),
  });
  ws = new lark.WSClient({ appId: creds.appId, appSecret: creds.appSecret, domain: sb.url, logger: quiet });
  await ws.start({ eventDispatcher: dispatcher });
  // Connected is not enough: the client is ready for frames once it has pinged (right after open).
  await sb.waitFor(() => sb.hub.ready() > 0);
});

afterAll(async () => {
  ws.close({ force: true });
  await sb.close();
});

it('with a long connection up, events and card callbacks go over it (no event URL needed)', async () => {
  const said = await sb.say('张三', '长连接你好');
  expect(said).toMatchObject({ via: 'ws', status: 'ok' });
  expect(texts).toEqual(['长连接你好']);

  const sent = await sdkClient(sb).im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: ALICE, msg_type: 'interactive', content: JSON.stringify(approvalCard(1)) },
  });
  const clicked = await sb.click('张三', sent.data?.message_id ?? '', '通过');
  expect(clicked.delivery.via).toBe('ws');
  expect(clicked.toast).toEqual({ type: 'info', content: '收到' });
  expect(sb.lastCard(ALICE)?.content).toMatchObject({ header: { title: { content: '长连接已处理' } } });
});
