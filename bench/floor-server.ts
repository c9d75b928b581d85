import { createServer } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';

/**
 * The floor, in its own process like the bot: the SDK's own EventDispatcher behind its own HTTP
 * adapter, answering every card click with a constant toast. Prints `FLOOR <port>` when listening.
 */
const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const dispatcher = new lark.EventDispatcher({
  encryptKey: process.env.FLOOR_ENCRYPT_KEY,
  verificationToken: process.env.FLOOR_VERIFICATION_TOKEN,
  logger: quiet,
}).register({ 'card.action.trigger': async () => ({ toast: { type: 'info', content: '收到' } }) } as never);
const server = createServer(lark.adaptDefault('/feishu/events', dispatcher, { autoChallenge: true }));
server.listen(0, '127.0.0.1', () => {
  console.log(`FLOOR ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
