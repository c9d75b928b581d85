/**
 * The directory's change events, schema 2.0, field for field as in the docs
 * (/document/server-docs/contact-v3/user/events/created, .../updated, .../deleted and
 * /document/server-docs/contact-v3/department/events/created, .../updated, .../deleted): `object`
 * is the user or department after the change, `old_object` before it (a deleted user's departments
 * are only in `old_object.department_ids`). Department ids are open_department_id.
 */
import { departmentView, userView } from './contact';
import type { SandboxCore } from './core';
import { type Envelope, envelope } from './envelopes';
import type { SandboxDepartment, SandboxUser } from './types';

export type UserEventKind = 'created' | 'updated' | 'deleted';
export type DepartmentEventKind = 'created' | 'updated' | 'deleted';

function app(core: SandboxCore) {
  return {
    appId: core.appId,
    verificationToken: core.verificationToken,
    tenantKey: core.tenantKey,
    now: core.now,
  };
}

export function userEvent(
  core: SandboxCore,
  kind: UserEventKind,
  after: SandboxUser,
  before?: SandboxUser,
): Envelope {
  const object = userView(core, after);
  if (kind === 'deleted') {
    // The docs: object.department_ids carries no value on a deletion; old_object has them.
    const { department_ids, ...rest } = object;
    return envelope(app(core), 'contact.user.deleted_v3', {
      object: rest,
      old_object: { department_ids, open_id: after.openId },
    });
  }
  return envelope(app(core), `contact.user.${kind}_v3`, {
    object,
    ...(before ? { old_object: userView(core, before) } : {}),
  });
}

export function departmentEvent(
  core: SandboxCore,
  kind: DepartmentEventKind,
  after: SandboxDepartment,
  before?: SandboxDepartment,
): Envelope {
  return envelope(app(core), `contact.department.${kind}_v3`, {
    object: departmentView(core, after),
    ...(before ? { old_object: departmentView(core, before) } : {}),
  });
}
