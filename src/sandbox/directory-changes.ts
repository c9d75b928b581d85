/**
 * Changes to the tenant's directory made as an administrator makes them in the Feishu admin console,
 * each pushed to the bot as the directory's change event (contact-events.ts).
 */
import { departmentEvent, userEvent } from './contact-events';
import type { SandboxCore } from './core';
import type { Deliverer } from './deliverer';
import type { NewDepartment, NewUser } from './directory';
import type { DeliveryRecord, SandboxDepartment, SandboxUser } from './types';

export interface DirectoryChanges {
  /** A department added without an event (the directory as it stands before the bot syncs it). */
  addDepartment(d: NewDepartment): SandboxDepartment;
  /** 员工入职: contact.user.created_v3. */
  createUser(u: NewUser): Promise<DeliveryRecord>;
  /** 员工信息被修改 (a rename, a move to other departments): contact.user.updated_v3. */
  updateUser(who: string, change: { name?: string; departmentIds?: string[] }): Promise<DeliveryRecord>;
  /** 员工离职: contact.user.deleted_v3. */
  deleteUser(who: string): Promise<DeliveryRecord>;
  createDepartment(d: NewDepartment): Promise<DeliveryRecord>;
  updateDepartment(
    openDepartmentId: string,
    change: { name?: string; parentId?: string },
  ): Promise<DeliveryRecord>;
  deleteDepartment(openDepartmentId: string): Promise<DeliveryRecord>;
}

export function directoryChanges(core: SandboxCore, deliverer: Deliverer): DirectoryChanges {
  const dir = core.directory;
  const userOf = (who: string): SandboxUser => {
    const u = dir.findUser(who);
    if (!u) throw new Error(`未知用户 ${who}`);
    return u;
  };
  const deptOf = (id: string): SandboxDepartment => {
    const d = dir.department(id);
    if (!d || d.deleted) throw new Error(`部门 ${id} 不存在`);
    return d;
  };
  return {
    addDepartment: (d) => dir.addDepartment(d),
    createUser: (u) => deliverer.deliver(userEvent(core, 'created', dir.addUser(u)), 'event'),
    updateUser: (who, change) => {
      const u = userOf(who);
      const before = structuredClone(u);
      if (change.name !== undefined) u.name = change.name;
      if (change.departmentIds !== undefined) u.departmentIds = [...change.departmentIds];
      return deliverer.deliver(userEvent(core, 'updated', u, before), 'event');
    },
    deleteUser: (who) => {
      const u = userOf(who);
      u.deleted = true;
      return deliverer.deliver(userEvent(core, 'deleted', u), 'event');
    },
    createDepartment: (d) =>
      deliverer.deliver(departmentEvent(core, 'created', dir.addDepartment(d)), 'event'),
    updateDepartment: (id, change) => {
      const d = deptOf(id);
      const before = structuredClone(d);
      if (change.name !== undefined) d.name = change.name;
      if (change.parentId !== undefined) d.parentId = change.parentId;
      return deliverer.deliver(departmentEvent(core, 'updated', d, before), 'event');
    },
    deleteDepartment: (id) => {
      const d = deptOf(id);
      d.deleted = true;
      return deliverer.deliver(departmentEvent(core, 'deleted', d), 'event');
    },
  };
}
