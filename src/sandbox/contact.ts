/**
 * The directory (通讯录 contact/v3) as the bot reads it:
 * GET /open-apis/contact/v3/departments/:department_id/children
 * (/document/server-docs/contact-v3/department/children; root `0`, `fetch_child` for all levels) and
 * GET /open-apis/contact/v3/users/find_by_department
 * (/document/server-docs/contact-v3/user/find_by_department; the department's direct users). Both
 * are paged (`page_size` at most 50, `page_token`), with `user_id_type` and `department_id_type`.
 */
import type { RouteRequest } from './api-route';
import type { SandboxCore } from './core';
import { invalidParam } from './feishu-errors';
import type { SandboxDepartment, SandboxUser } from './types';

const USER_ID_TYPES = ['open_id', 'union_id', 'user_id'] as const;
const DEPT_ID_TYPES = ['open_department_id', 'department_id'] as const;
type DeptIdType = (typeof DEPT_ID_TYPES)[number];

function page<T>(req: RouteRequest, list: T[]): { items: T[]; page_token?: string; has_more: boolean } {
  const size = Number(req.query.get('page_size') ?? '10');
  if (!Number.isInteger(size) || size < 1 || size > 50) throw invalidParam('page_size must be 1 to 50');
  const start = Number(req.query.get('page_token') || '0');
  if (!Number.isInteger(start) || start < 0) throw invalidParam('page_token is invalid');
  const more = start + size < list.length;
  return {
    items: list.slice(start, start + size),
    ...(more ? { page_token: String(start + size) } : {}),
    has_more: more,
  };
}

function idTypes(req: RouteRequest) {
  // user_id_type names the type of ids such as a leader's; every user carries all three of their own.
  if (!USER_ID_TYPES.some((t) => t === (req.query.get('user_id_type') ?? 'open_id')))
    throw invalidParam('user_id_type is invalid');
  const deptType = DEPT_ID_TYPES.find(
    (t) => t === (req.query.get('department_id_type') ?? 'open_department_id'),
  );
  if (!deptType) throw invalidParam('department_id_type is invalid');
  return { deptType };
}

function deptIdOf(core: SandboxCore, openDepartmentId: string, type: DeptIdType): string {
  if (openDepartmentId === '0' || type === 'open_department_id') return openDepartmentId;
  return core.directory.department(openDepartmentId)?.departmentId ?? openDepartmentId;
}

/** The department named in the request's own id type, as its open_department_id ('0' for the root). */
function resolveDept(core: SandboxCore, id: string, type: DeptIdType): string {
  if (id === '0') return '0';
  const all = core.directory.childDepartments('0', true);
  const d = all.find((x) => (type === 'open_department_id' ? x.openDepartmentId : x.departmentId) === id);
  if (!d) throw invalidParam(`department_id ${JSON.stringify(id)} not found`);
  return d.openDepartmentId;
}

export function departmentView(
  core: SandboxCore,
  d: SandboxDepartment,
  type: DeptIdType = 'open_department_id',
) {
  return {
    name: d.name,
    parent_department_id: deptIdOf(core, d.parentId, type),
    department_id: d.departmentId,
    open_department_id: d.openDepartmentId,
    status: { is_deleted: d.deleted === true },
  };
}

export function userView(core: SandboxCore, u: SandboxUser, type: DeptIdType = 'open_department_id') {
  return {
    open_id: u.openId,
    union_id: u.unionId,
    user_id: u.userId,
    name: u.name,
    department_ids: (u.departmentIds ?? ['0']).map((d) => deptIdOf(core, d, type)),
    status: {
      is_frozen: false,
      is_resigned: u.deleted === true,
      is_activated: u.deleted !== true,
      is_exited: false,
      is_unjoin: false,
    },
    ...(u.jobTitle ? { job_title: u.jobTitle } : {}),
  };
}

export function listChildDepartments(req: RouteRequest, core: SandboxCore): unknown {
  const { deptType } = idTypes(req);
  const recursive = req.query.get('fetch_child') === 'true';
  const parent = resolveDept(core, req.params.department_id ?? '', deptType);
  req.admit();
  const list = core.directory
    .childDepartments(parent, recursive)
    .map((d) => departmentView(core, d, deptType));
  return { code: 0, msg: 'success', data: page(req, list) };
}

export function findUsersByDepartment(req: RouteRequest, core: SandboxCore): unknown {
  const { deptType } = idTypes(req);
  const id = req.query.get('department_id');
  if (!id) throw invalidParam('department_id is required');
  const dept = resolveDept(core, id, deptType);
  req.admit();
  const list = core.directory.usersOfDepartment(dept).map((u) => userView(core, u, deptType));
  return { code: 0, msg: 'success', data: page(req, list) };
}
