import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route, RouteRequest } from './api-route';
import { checkExternalInstances, createExternalApproval, syncExternalInstance } from './approval-center';
import { findUsersByDepartment, listChildDepartments } from './contact';
import { apiRule, type SandboxCore } from './core';
import { ApiError, Codes, invalidParam, rateLimited, tokenInvalid, tokenMissing } from './feishu-errors';
import { BodyError, matchPath, readJsonBody, sendJson } from './http-io';
import { listChatMembers } from './im-chat-members';
import { uploadFile } from './im-file';
import { getMessageResource } from './im-resource';
import { createMessage, replyMessage } from './im-send';
import { delayedCardUpdate, patchMessage, urgentApp } from './im-update';
import { BinaryBody } from './image-store';
import { isMultipart, MultipartError, readMultipart } from './multipart';

/** POST /open-apis/auth/v3/tenant_access_token/internal */
function issueTenantToken(req: RouteRequest, core: SandboxCore): unknown {
  req.admit();
  if (req.body.app_id !== core.appId || req.body.app_secret !== core.appSecret) {
    throw new ApiError(400, Codes.appSecretInvalid, 'app secret invalid');
  }
  const { token, expire } = core.tenantTokens.issue();
  return { code: 0, msg: 'ok', tenant_access_token: token, expire };
}

/** Exactly the routes the SDK calls for this bot; anything else is a 404 the test will see. */
const ROUTES: Route[] = [
  {
    method: 'POST',
    template: '/open-apis/auth/v3/tenant_access_token/internal',
    auth: false,
    handle: issueTenantToken,
  },
  { method: 'POST', template: '/open-apis/im/v1/messages', auth: true, handle: createMessage },
  { method: 'POST', template: '/open-apis/im/v1/files', auth: true, handle: uploadFile },
  {
    method: 'POST',
    template: '/open-apis/im/v1/messages/:message_id/reply',
    auth: true,
    handle: replyMessage,
  },
  { method: 'PATCH', template: '/open-apis/im/v1/messages/:message_id', auth: true, handle: patchMessage },
  {
    method: 'GET',
    template: '/open-apis/im/v1/messages/:message_id/resources/:file_key',
    auth: true,
    handle: getMessageResource,
  },
  {
    method: 'PATCH',
    template: '/open-apis/im/v1/messages/:message_id/urgent_app',
    auth: true,
    handle: urgentApp,
  },
  // A project group's members, who receive its contracts' satisfaction surveys (满意度测评).
  { method: 'GET', template: '/open-apis/im/v1/chats/:chat_id/members', auth: true, handle: listChatMembers },
  // The directory (通讯录): contact.ts.
  {
    method: 'GET',
    template: '/open-apis/contact/v3/departments/:department_id/children',
    auth: true,
    handle: listChildDepartments,
  },
  {
    method: 'GET',
    template: '/open-apis/contact/v3/users/find_by_department',
    auth: true,
    handle: findUsersByDepartment,
  },
  {
    method: 'POST',
    template: '/open-apis/interactive/v1/card/update',
    auth: true,
    handle: delayedCardUpdate,
  },
  // The approval center (三方审批): approval-center.ts.
  {
    method: 'POST',
    template: '/open-apis/approval/v4/external_approvals',
    auth: true,
    handle: createExternalApproval,
  },
  {
    method: 'POST',
    template: '/open-apis/approval/v4/external_instances',
    auth: true,
    handle: syncExternalInstance,
  },
  {
    method: 'POST',
    template: '/open-apis/approval/v4/external_instances/check',
    auth: true,
    handle: checkExternalInstances,
  },
];

function findRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.template, path);
    if (params) return { route, params };
  }
  return undefined;
}

function checkAuth(req: IncomingMessage, core: SandboxCore): void {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!token) throw tokenMissing();
  if (!core.tenantTokens.isValid(token)) throw tokenInvalid();
}

export async function handleOpenApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  core: SandboxCore,
): Promise<void> {
  const method = req.method ?? 'GET';
  const found = findRoute(method, url.pathname);
  if (!found) {
    core.journal.error('unknown_route', `unknown Open Platform route: ${method} ${url.pathname}`);
    sendJson(res, 404, { code: 404, msg: 'not found' });
    return;
  }
  const api = `${method} ${found.route.template}`;
  core.journal.request(api);
  const rule = apiRule(core, api);
  let admitted = false;
  try {
    if (found.route.auth) checkAuth(req, core);
    const read = isMultipart(req)
      ? readMultipart(req).then((body) => ({ body, bytes: Number(req.headers['content-length'] ?? 0) }))
      : readJsonBody(req);
    const { body, bytes } = await read.catch((e: unknown) => {
      // An upload past any legal size is answered as Feishu answers one over 30 MB (im-file.ts).
      if (e instanceof MultipartError && e.tooLarge) return { body: { __tooLarge: true }, bytes: 0 };
      throw e instanceof BodyError || e instanceof MultipartError ? invalidParam(e.message) : e;
    });
    const request: RouteRequest = {
      params: found.params,
      query: url.searchParams,
      body,
      bodyBytes: bytes,
      admit(extra = []) {
        const verdict = core.limiter.take([rule, ...extra]);
        if (!verdict.ok) {
          core.journal.rateLimited(api);
          throw rateLimited(verdict.resetSeconds);
        }
        admitted = true;
      },
    };
    const result = found.route.handle(request, core);
    if (result instanceof BinaryBody) {
      res.writeHead(200, { 'content-type': result.contentType, 'content-length': result.bytes.length });
      res.end(result.bytes);
      return;
    }
    sendJson(res, 200, result);
  } catch (e) {
    const limited = e instanceof ApiError && e.code === Codes.rateLimited;
    // A request refused by validation still reached the API, so it uses up the API's quota.
    if (!admitted && !limited) core.limiter.record(rule.key);
    if (e instanceof ApiError) {
      if (e.code === Codes.invalidParam) core.journal.error('bad_request', `${api}: ${e.msg}`);
      sendJson(res, e.status, e.body(), e.headers);
      return;
    }
    core.journal.error('bad_request', `${api}: sandbox failure: ${String(e)}`);
    sendJson(res, 500, { code: 500, msg: `sandbox internal error: ${String(e)}` });
  }
}
