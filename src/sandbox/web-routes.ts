/**
 * The web chat: a Feishu-like page over the sandbox (`/chat`). The page talks to the control API
 * (`/_sandbox/users`, `inbox`, `say`, `click`, `select`, `group`, `image`, `file`) for everything a
 * person does, so its clicks take the same signed callback path as Feishu; the few things only the
 * page needs live here.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxCore } from './core';
import { fileStoreOf } from './file-store';
import { sendJson } from './http-io';
import { imageType } from './media';
import { BOT_NAME } from './mention';

export const WEB_PREFIX = '/chat';

const STATIC: Record<string, string> = {
  'app.js': 'text/javascript',
  'card-render.js': 'text/javascript',
  'card-parts.js': 'text/javascript',
  'card-fields.js': 'text/javascript',
  'compose.js': 'text/javascript',
  'style.css': 'text/css',
};

/**
 * From sources the page sits beside this module. Bundled, this module is inside dist/<entry>.js (a
 * direct child of the repository root) and the page is read from the sources, as org/ is.
 */
const WEB_DIRS = ['./web/', '../src/sandbox/web/', '../../src/sandbox/web/'].map(
  (p) => new URL(p, import.meta.url),
);

async function webFile(name: string): Promise<Buffer | undefined> {
  for (const dir of WEB_DIRS) {
    const bytes = await readFile(fileURLToPath(new URL(name, dir))).catch(() => undefined);
    if (bytes) return bytes;
  }
  return undefined;
}

const VENDOR: Record<string, { module: string; file: string; stub: string }> = {
  'vchart.js': {
    // The VChart Feishu's clients draw a card's chart with: 1.10 (Feishu 7.16-7.26, and JSON 2.0
    // cards need 7.20), 1.12 from 7.27. A spec only a newer VChart reads would look right here
    // and wrong on a phone (docs/FEISHU.md, "Charts, files, images").
    module: 'vchart-1-10',
    file: 'build/index.min.js',
    // Charts then show a note instead of failing: the page still works without the package.
    stub: 'window.VChart = undefined; window.__chartStub = "图表组件未安装";',
  },
  'marked.js': { module: 'marked', file: 'lib/marked.umd.js', stub: 'window.marked = undefined;' },
};

/** A file inside an installed package; the packages' export maps hide their browser builds from resolve(). */
function packageFile(module: string, file: string): string {
  const entry = createRequire(import.meta.url).resolve(module);
  const marker = `${sep}node_modules${sep}${module.split('/').join(sep)}${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`${module} is not under node_modules`);
  return join(entry.slice(0, at + marker.length), file);
}

async function vendorFile(name: string): Promise<Buffer | undefined> {
  const v = VENDOR[name];
  if (!v) return undefined;
  try {
    return await readFile(packageFile(v.module, v.file));
  } catch {
    return Buffer.from(v.stub);
  }
}

function sendBytes(res: ServerResponse, bytes: Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, ...extra });
  res.end(bytes);
}

/** Every message and card version bumps it: the page polls this and refetches only on change. */
function version(core: SandboxCore): number {
  let n = 0;
  for (const m of core.store.all()) n += m.versions.length;
  return n;
}

export async function handleWeb(
  _req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: SandboxCore,
): Promise<void> {
  const path = url.pathname.slice(WEB_PREFIX.length);
  const q = url.searchParams;
  if (path === '' || path === '/') {
    const page = await webFile('page.html');
    if (page) return sendBytes(res, page, 'text/html; charset=utf-8');
  }
  if (path.startsWith('/static/')) {
    const name = path.slice('/static/'.length);
    const type = STATIC[name];
    const bytes = type ? await webFile(name) : undefined;
    if (type && bytes) return sendBytes(res, bytes, `${type}; charset=utf-8`);
  }
  if (path.startsWith('/vendor/')) {
    const bytes = await vendorFile(path.slice('/vendor/'.length));
    if (bytes) return sendBytes(res, bytes, 'text/javascript; charset=utf-8');
  }
  if (path === '/api/version') return sendJson(res, 200, { version: version(core) });
  if (path === '/api/chats') {
    const user = core.directory.findUser(q.get('user') ?? '');
    if (!user) return sendJson(res, 404, { error: '未知用户' });
    const chats = core.directory.chatsOf(user.openId).map((c) => ({
      chatId: c.chatId,
      name: c.type === 'p2p' ? BOT_NAME : c.name,
      type: c.type,
      members: c.members,
    }));
    return sendJson(res, 200, chats);
  }
  if (path === '/api/file') {
    const f = fileStoreOf(core).get(q.get('key') ?? '');
    if (!f) return sendJson(res, 404, { error: '文件不存在' });
    return sendBytes(res, f.bytes, 'application/octet-stream', {
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
    });
  }
  if (path === '/api/image') {
    // An image a person sent (photo evidence): the bytes the bot downloads, shown in the chat.
    const bytes = core.images.get(q.get('message') ?? '', q.get('key') ?? '');
    if (!bytes) return sendJson(res, 404, { error: '图片不存在' });
    return sendBytes(res, bytes, imageType(bytes) ?? 'application/octet-stream');
  }
  sendJson(res, 404, { error: `not found: ${url.pathname}` });
}
