import { asc, eq } from 'drizzle-orm';
import { buildRolesAdminCard } from '../../cards/roles-admin';
import { buildNoticeCard, myRolesButton } from '../../cards/ways-on';
import type { DbOrTx } from '../../db/client';
import { people, units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { type FormValues, formText, hasControlChars } from '../../domain/form';
import { LIST_SEARCH_MAX } from '../../domain/list-page';
import { ROLE_LABELS, ROLES } from '../../domain/roles';
import { findPersonByOpenId, grantPage, grantRole, revokeRole } from '../../features/org/grants';
import { raw } from '../types';
import { withTypedChoices } from './typed-choice';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** A zone admin manages every scope; a unit admin only grants within its own unit. */
async function adminScopes(tx: DbOrTx, actor: Actor | undefined) {
  if (!actor) throw new DomainError('not_admin', '您没有管理员权限');
  const isZoneAdmin = grantsAllow(actor.grants, 'admin', null);
  const isUnitAdmin = actor.unitId !== null && grantsAllow(actor.grants, 'admin', actor.unitId);
  if (!isZoneAdmin && !isUnitAdmin) throw new DomainError('not_admin', '您没有管理员权限');
  const all = await tx.select().from(units).orderBy(asc(units.id));
  const unitScopes = all
    .filter((u) => isZoneAdmin || u.id === actor.unitId)
    .map((u) => ({ value: String(u.id), text: u.name }));
  return isZoneAdmin ? [{ value: 'zone', text: '全区' }, ...unitScopes] : unitScopes;
}

/** The unit a unit admin manages, or null for a zone admin (who sees every unit's people and grants). */
const managedUnit = (actor: Actor) => (grantsAllow(actor.grants, 'admin', null) ? null : actor.unitId);

/** The grants list's search and page: 查找 starts again at page 1; a page button carries both. */
type GrantListing = { q?: string; after?: number; before?: number };

async function adminCard(tx: DbOrTx, actor: Actor | undefined, listing: GrantListing = {}) {
  const scopes = await adminScopes(tx, actor);
  const unit = managedUnit(actor!);
  const cursor = {
    ...(listing.after ? { after: listing.after } : {}),
    ...(listing.before ? { before: listing.before } : {}),
  };
  const [everyone, page] = await Promise.all([
    tx
      .select()
      .from(people)
      .where(unit === null ? undefined : eq(people.unitId, unit))
      .orderBy(asc(people.id)),
    grantPage(tx, { unit, q: listing.q, cursor }),
  ]);
  return buildRolesAdminCard({
    people: everyone.map((p) => ({ openId: p.openId, name: p.name })),
    scopes,
    grants: page.rows.map((g) => ({ person: g.person, role: ROLE_LABELS[g.role], scope: g.unit ?? '全区' })),
    page: {
      total: page.total,
      ...(listing.q ? { q: listing.q } : {}),
      ...(page.newer !== undefined ? { newer: page.newer } : {}),
      ...(page.older !== undefined ? { older: page.older } : {}),
    },
  });
}

/** 查找 as typed: at most LIST_SEARCH_MAX characters, no control characters. */
function readGrantSearch(form: FormValues): string | undefined {
  const q = formText(form, 'grant_q');
  if ([...q].length > LIST_SEARCH_MAX)
    throw new DomainError('bad_input', `「查找授权」最多${LIST_SEARCH_MAX}字,请精简后重试`);
  if (hasControlChars(q)) throw new DomainError('bad_input', '「查找授权」含有无法识别的字符');
  return q || undefined;
}

/** Validates the form as submitted; any problem is a toast and nothing changes. */
async function readGrantForm(ctx: ActionWriteContext) {
  const scopes = await adminScopes(ctx.tx, ctx.actor);
  const f = await withTypedChoices(ctx.tx, ctx.event.formValue, [
    { name: 'scope', typed: 'scope_name', kind: 'scope' },
  ]);
  const openId = formText(f, 'person');
  if (!openId) throw new DomainError('form_incomplete', '请选择人员');
  const person = await findPersonByOpenId(ctx.tx, openId);
  const unit = managedUnit(ctx.actor!);
  if (!person) throw new DomainError('person_unknown', '所选人员不在组织架构中,请先导入组织架构');
  // A unit admin manages the people of their unit only; the refusal names no one of another unit.
  if (unit !== null && person.unitId !== unit)
    throw new DomainError('scope_denied', '所选人员不在您管理的范围内,请重新选择');
  const role = ROLES.find((r) => r === formText(f, 'role'));
  if (!role) throw new DomainError('role_unknown', '请选择有效的角色');
  const scope = formText(f, 'scope');
  const allowed = scopes.find((s) => s.value === scope);
  if (!allowed) throw new DomainError('scope_denied', '请选择范围;您只能在自己管理的范围内授权');
  return { person, role, unitId: scope === 'zone' ? null : Number(scope), scopeText: allowed.text };
}

export const showRolesAdmin = async (ctx: ReadContext, v: ValueOf<'roles.admin'>) => {
  const form = ctx.event.formValue;
  const searched = form !== undefined && Object.hasOwn(form, 'grant_q');
  const q = searched ? readGrantSearch(form) : v.q;
  const listing = searched ? { ...(q ? { q } : {}) } : v;
  return { card: raw(await adminCard(ctx.tx, ctx.actor, listing)) };
};

function changeRole(kind: 'grant' | 'revoke') {
  return async (ctx: ActionWriteContext) => {
    const g = await readGrantForm(ctx);
    const change = { personId: g.person.id, role: g.role, unitId: g.unitId, actor: ctx.actor!.openId };
    const tx = ctx.tx;
    const changed = kind === 'grant' ? await grantRole(tx, change) : await revokeRole(tx, change);
    const label = `${g.person.name}:${ROLE_LABELS[g.role]}(${g.scopeText})`;
    if (!changed) {
      const content = kind === 'grant' ? `${label} 已是现有角色,未作变更` : `${label} 并未授予,无需撤销`;
      return { toast: { type: 'info' as const, content } };
    }
    const verb = kind === 'grant' ? '授予' : '撤销';
    await ctx.out.send(
      { type: 'open_id', id: g.person.openId },
      {
        card: buildNoticeCard({
          title: '角色变更',
          text: `${ctx.actor!.name} 已${verb}您的角色:${ROLE_LABELS[g.role]}(${g.scopeText})`,
          actions: [myRolesButton()],
        }),
      },
    );
    return {
      toast: { type: 'success' as const, content: `已${verb} ${label}` },
      card: raw(await adminCard(ctx.tx, ctx.actor)),
    };
  };
}

export const grantFromCard = changeRole('grant');
export const revokeFromCard = changeRole('revoke');
