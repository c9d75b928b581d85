/**
 * Binding a Feishu group: to a unit as its leadership group (领导班子群), or to
 * contracts as their project group (项目工作群). An admin binds any; a unit's leadership binds its
 * own unit and its unit's contracts. Done from a card in the group, audited, undone the same way.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { chats, contracts, groupBindings, units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber, parseContractRef } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import type { UseCase } from '../use-case';

export type BindKind = 'leadership' | 'project';
export type Option = { value: string; text: string };
export type BindingView = { id: number; kind: BindKind; label: string };

const NOT_ALLOWED = '只有管理员或该单位领导班子成员可以绑定或解绑本群';

/** The units whose groups the actor may bind: every unit for a zone admin, else those they lead. */
async function unitsFor(db: DbOrTx, actor: Actor) {
  const all = await db.select({ id: units.id, name: units.name }).from(units).orderBy(asc(units.id));
  return all.filter(
    (u) => grantsAllow(actor.grants, 'admin', u.id) || grantsAllow(actor.grants, 'unit_leadership', u.id),
  );
}

const contractLabel = (c: { id: number; signedOn: string; category: string; unit: string }) =>
  // No vendor, no amount: a binding card is seen by the whole group. The number is the contract's name.
  `合同 ${contractNumber(c)} · ${c.unit} · ${CATEGORY_LABELS[c.category as keyof typeof CATEGORY_LABELS] ?? c.category}`;

/**
 * What a person typed on the binding card when the list did not show it: a unit's exact name, or a
 * contract's number (HT-2026-0012, #12, 12) of a contract in a unit they may bind. Undefined when
 * nothing matches; bindGroup still checks the right to bind it.
 */
export async function typedBindTarget(
  db: DbOrTx,
  actor: Actor,
  kind: BindKind,
  typed: string,
): Promise<number | undefined> {
  const mine = await unitsFor(db, actor);
  if (kind === 'leadership') return mine.find((u) => u.name === typed.trim())?.id;
  const ref = parseContractRef(typed);
  if (!ref) return undefined;
  const [row] = await db
    .select({ id: contracts.id, unitId: contracts.unitId, signedOn: contracts.signedOn })
    .from(contracts)
    .where(eq(contracts.id, ref.id));
  if (!row || !mine.some((u) => u.id === row.unitId)) return undefined;
  if (ref.year && contractNumber(row) !== typed.trim().toUpperCase()) return undefined;
  return row.id;
}

/** What the actor may bind this group to: group-safe labels only (unit names, contract numbers). */
export async function bindOptions(
  db: DbOrTx,
  actor: Actor,
): Promise<{ units: Option[]; contracts: Option[] }> {
  const mine = await unitsFor(db, actor);
  if (mine.length === 0) return { units: [], contracts: [] };
  const rows = await db
    .select({
      id: contracts.id,
      signedOn: contracts.signedOn,
      category: contracts.category,
      unit: units.name,
    })
    .from(contracts)
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      inArray(
        contracts.unitId,
        mine.map((u) => u.id),
      ),
    )
    // Newest first: a new contract is the one that needs a project group; the card shows the first 50.
    .orderBy(desc(contracts.id))
    .limit(100);
  return {
    units: mine.map((u) => ({ value: String(u.id), text: u.name })),
    contracts: rows.map((c) => ({ value: String(c.id), text: contractLabel(c) })),
  };
}

/** The group's live bindings, labelled as every member may see them. */
export async function bindingsOf(db: DbOrTx, chatId: string): Promise<BindingView[]> {
  const rows = await db
    .select({
      id: groupBindings.id,
      kind: groupBindings.kind,
      unitName: units.name,
      contractId: groupBindings.contractId,
      signedOn: contracts.signedOn,
      category: contracts.category,
      contractUnit: contracts.unitId,
    })
    .from(groupBindings)
    .leftJoin(contracts, eq(contracts.id, groupBindings.contractId))
    .leftJoin(units, eq(units.id, groupBindings.unitId))
    .where(and(eq(groupBindings.chatId, chatId), isNull(groupBindings.unboundAt)))
    .orderBy(asc(groupBindings.id));
  const unitNames = new Map(
    (await db.select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]),
  );
  return rows.map((r) =>
    r.kind === 'leadership'
      ? { id: r.id, kind: r.kind, label: `${r.unitName} 领导班子群` }
      : {
          id: r.id,
          kind: r.kind,
          label: `${contractLabel({ id: r.contractId!, signedOn: r.signedOn!, category: r.category!, unit: unitNames.get(r.contractUnit!) ?? '' })} 项目工作群`,
        },
  );
}

async function unitOfTarget(tx: Tx, kind: BindKind, targetId: number): Promise<number> {
  if (kind === 'leadership') {
    const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, targetId));
    if (!u) throw new DomainError('unit_unknown', '所选单位不存在');
    return u.id;
  }
  const [c] = await tx.select({ unitId: contracts.unitId }).from(contracts).where(eq(contracts.id, targetId));
  if (!c) throw new DomainError('no_contract', '所选合同不存在');
  return c.unitId;
}

function mayBind(actor: Actor, unitId: number) {
  if (!grantsAllow(actor.grants, 'admin', unitId) && !grantsAllow(actor.grants, 'unit_leadership', unitId))
    throw new DomainError('not_allowed', NOT_ALLOWED);
}

async function requireGroup(tx: Tx, chatId: string) {
  const [c] = await tx.select({ type: chats.type }).from(chats).where(eq(chats.chatId, chatId));
  if (c?.type !== 'group')
    throw new DomainError('not_a_group', '请在要绑定的群聊里操作:先在群里 @我,再点「绑定本群」');
}

export async function bindGroup(
  uc: Pick<UseCase, 'tx' | 'actor' | 'now'>,
  input: { chatId: string; kind: BindKind; targetId: number },
) {
  const { tx, actor, now } = uc;
  const { chatId, kind, targetId } = input;
  await requireGroup(tx, chatId);
  const unitId = await unitOfTarget(tx, kind, targetId);
  mayBind(actor, unitId);
  const live = await tx
    .select({ kind: groupBindings.kind })
    .from(groupBindings)
    .where(and(eq(groupBindings.chatId, chatId), isNull(groupBindings.unboundAt)));
  if (live.some((b) => b.kind !== kind))
    throw new DomainError('already_bound', '本群已绑定为另一种群,请先解除原绑定');
  const [row] = await tx
    .insert(groupBindings)
    .values({
      chatId,
      kind,
      unitId: kind === 'leadership' ? targetId : null,
      contractId: kind === 'project' ? targetId : null,
      boundBy: actor.openId,
      boundAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: groupBindings.id });
  if (!row) {
    throw new DomainError(
      'already_bound',
      kind === 'leadership'
        ? '该单位已绑定领导班子群(或本群已绑定),请先解除原绑定'
        : '该合同已绑定项目工作群,请先解除原绑定',
    );
  }
  await appendAudit(tx, {
    aggregateType: 'group_binding',
    aggregateId: row.id,
    actor: actor.openId,
    action: 'group.bound',
    data: { chatId, kind, ...(kind === 'leadership' ? { unitId: targetId } : { contractId: targetId }) },
    at: now,
  });
  return row.id;
}

export async function unbindGroup(
  uc: Pick<UseCase, 'tx' | 'actor' | 'now'>,
  input: { chatId: string; bindingId: number },
) {
  const { tx, actor, now } = uc;
  const { chatId, bindingId } = input;
  const [b] = await tx
    .select()
    .from(groupBindings)
    .where(and(eq(groupBindings.id, bindingId), eq(groupBindings.chatId, chatId)))
    .for('update');
  if (!b || b.unboundAt) throw new DomainError('no_binding', '该绑定不存在或已解除');
  mayBind(actor, await unitOfTarget(tx, b.kind, (b.unitId ?? b.contractId)!));
  await tx
    .update(groupBindings)
    .set({ unboundAt: now, unboundBy: actor.openId })
    .where(eq(groupBindings.id, bindingId));
  await appendAudit(tx, {
    aggregateType: 'group_binding',
    aggregateId: bindingId,
    actor: actor.openId,
    action: 'group.unbound',
    data: { chatId },
    at: now,
  });
}
