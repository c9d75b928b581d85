/**
 * The directory (通讯录) as this bot keeps it: departments become units, users become people keyed
 * by a tenant-stable id. Field names follow contact/v3 (the user and department resources and their
 * change events); department ids are open_department_id throughout, since the events carry those.
 */

export interface DirectoryUser {
  /** This app's id of the user: another app sees another open_id. */
  openId: string;
  /** Tenant-stable (needs contact:user.employee_id:readonly); the key when present. */
  userId: string | null;
  /** Stable across the apps of one developer; the key when user_id is not readable. */
  unionId: string | null;
  name: string;
  /** open_department_id of each department the user belongs to; the first one is the unit. */
  departmentIds: string[];
  /** status.is_resigned: listed, but gone. */
  resigned: boolean;
}

export interface DirectoryDepartment {
  openDepartmentId: string;
  name: string;
  /** '0' under the root. */
  parentId: string;
}

export interface DirectorySnapshot {
  departments: DirectoryDepartment[];
  users: DirectoryUser[];
}

/** Longest id or name kept: contact ids are at most 64 characters; names are bounded like any field. */
const MAX_ID = 64;
const MAX_NAME = 100;

type Obj = Record<string, unknown>;
const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : null;

/**
 * A contact/v3 user object (the API's item or an event's `object`) as a DirectoryUser; undefined when
 * it lacks an open_id or a name (a field scope missing) or carries an id longer than the platform's.
 * `departments` overrides its department_ids (a deleted user's are in `old_object`).
 */
export function directoryUserOf(raw: unknown, departments?: unknown): DirectoryUser | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Obj;
  const openId = str(o.open_id, MAX_ID);
  const name = str(o.name, MAX_NAME);
  if (!openId || !name) return undefined;
  const ids = Array.isArray(departments ?? o.department_ids)
    ? ((departments ?? o.department_ids) as unknown[])
    : [];
  const status = (o.status && typeof o.status === 'object' ? o.status : {}) as Obj;
  return {
    openId,
    userId: str(o.user_id, MAX_ID),
    unionId: str(o.union_id, MAX_ID),
    name,
    departmentIds: ids.flatMap((d) => {
      const id = str(d, MAX_ID);
      return id ? [id] : [];
    }),
    resigned: status.is_resigned === true,
  };
}

/** A contact/v3 department object as a DirectoryDepartment; undefined without an id or a name. */
export function directoryDepartmentOf(raw: unknown): DirectoryDepartment | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Obj;
  const openDepartmentId = str(o.open_department_id, MAX_ID);
  const name = str(o.name, MAX_NAME);
  if (!openDepartmentId || !name) return undefined;
  return { openDepartmentId, name, parentId: str(o.parent_department_id, MAX_ID) ?? '0' };
}

/** A unit's code for a directory department: units are looked up by code, and a code must be unique. */
export const unitCodeOf = (openDepartmentId: string): string => `dept:${openDepartmentId}`;

/** One piece of a person's open work, as the admins' card lists it. */
export type OpenWorkItem =
  | { kind: 'stage'; stageId: number; requestId: number; title: string; stageKind: string }
  | { kind: 'assessor'; contractId: number; signedOn: string; vendorName: string }
  | {
      kind: 'rectification';
      itemId: number;
      contractId: number;
      signedOn: string;
      title: string;
      dueOn: string;
    }
  | { kind: 'delegation'; delegationId: number; other: string; asDelegator: boolean; toDate: string }
  | { kind: 'role'; role: string; scope: string };
