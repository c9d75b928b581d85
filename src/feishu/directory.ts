import {
  type DirectoryDepartment,
  type DirectorySnapshot,
  type DirectoryUser,
  directoryDepartmentOf,
  directoryUserOf,
} from '../domain/directory';
import type { FeishuClient } from './client';

/** Pages read per list at most (50 a page): far beyond a zone's departments and staff. */
const MAX_PAGES = 200;
const IDS = { user_id_type: 'user_id', department_id_type: 'open_department_id' } as const;

/**
 * The directory as far as this app may see it (its 通讯录权限范围): every department under the root
 * (GET contact/v3/departments/0/children with fetch_child), and each department's direct users and
 * the root's (GET contact/v3/users/find_by_department). Ids are passed explicitly: open_department_id,
 * as the change events carry. A user listed in two departments comes once. Throws on any code != 0.
 */
export async function readDirectory(client: FeishuClient): Promise<DirectorySnapshot> {
  const departments: DirectoryDepartment[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.sdk.contact.v3.department.children({
      path: { department_id: '0' },
      params: { ...IDS, fetch_child: true, page_size: 50, ...(pageToken ? { page_token: pageToken } : {}) },
    });
    if (res.code !== 0) throw new Error(`directory departments: code ${res.code} ${res.msg ?? ''}`);
    for (const item of res.data?.items ?? []) {
      const d = directoryDepartmentOf(item);
      if (d) departments.push(d);
    }
    if (!res.data?.has_more || !res.data.page_token) break;
    pageToken = res.data.page_token;
  }
  const users = new Map<string, DirectoryUser>();
  for (const dept of ['0', ...departments.map((d) => d.openDepartmentId)]) {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await client.sdk.contact.v3.user.findByDepartment({
        params: { ...IDS, department_id: dept, page_size: 50, ...(token ? { page_token: token } : {}) },
      });
      if (res.code !== 0) throw new Error(`directory users of ${dept}: code ${res.code} ${res.msg ?? ''}`);
      for (const item of res.data?.items ?? []) {
        const u = directoryUserOf(item);
        if (u && !users.has(u.openId)) users.set(u.openId, u);
      }
      if (!res.data?.has_more || !res.data.page_token) break;
      token = res.data.page_token;
    }
  }
  return { departments, users: [...users.values()] };
}
