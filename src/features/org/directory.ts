import { and, eq, isNull, or } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { openWorkCard } from '../../cards/open-work';
import { type Db, rawSql, type Tx } from '../../db/client';
import { people, personAppIds, units } from '../../db/schema';
import { advisoryXactLock } from '../../db/sql/locks';
import { openWorkOf, unitAdminsOf } from '../../db/sql/open-work';
import { markLeftOn } from '../../db/sql/people';
import { shanghaiDate } from '../../domain/business-date';
import {
  type DirectoryDepartment,
  type DirectorySnapshot,
  type DirectoryUser,
  unitCodeOf,
} from '../../domain/directory';
import type { OutboxWriter } from '../../outbox/write';

/**
 * Who reads the directory: the app (`appId`) and whether it is the app the bot runs as (`primary`).
 * Only the primary app's open_id is `people.open_id` (what the bot sends to and knows clicks by);
 * every app's is kept in person_app_ids, so a second app's ids map to the same people.
 */
export interface DirectoryApp {
  appId: string;
  primary: boolean;
  actor: string;
  now: Date;
}

type Person = typeof people.$inferSelect;
export type Change = 'added' | 'updated' | 'unchanged';

/** A department as a unit: by its id, else an unlinked unit of the same name (typed in YAML before). */
export async function applyDepartment(tx: Tx, d: DirectoryDepartment, app: DirectoryApp): Promise<Change> {
  const [linked] = await tx.select().from(units).where(eq(units.directoryDepartmentId, d.openDepartmentId));
  if (linked) {
    if (linked.name === d.name) return 'unchanged';
    await tx.update(units).set({ name: d.name }).where(eq(units.id, linked.id));
    await audit(tx, app, {
      aggregateType: 'unit',
      aggregateId: linked.id,
      action: 'unit.directory_renamed',
      data: { from: linked.name, to: d.name },
    });
    return 'updated';
  }
  const [byName] = await tx
    .select()
    .from(units)
    .where(and(eq(units.name, d.name), isNull(units.directoryDepartmentId)))
    .limit(1);
  if (byName) {
    await tx.update(units).set({ directoryDepartmentId: d.openDepartmentId }).where(eq(units.id, byName.id));
    await audit(tx, app, {
      aggregateType: 'unit',
      aggregateId: byName.id,
      action: 'unit.directory_linked',
      data: { department: d.openDepartmentId },
    });
    return 'updated';
  }
  const [row] = await tx
    .insert(units)
    .values({ code: unitCodeOf(d.openDepartmentId), name: d.name, directoryDepartmentId: d.openDepartmentId })
    .returning({ id: units.id });
  await audit(tx, app, {
    aggregateType: 'unit',
    aggregateId: row!.id,
    action: 'unit.directory_added',
    data: { department: d.openDepartmentId, name: d.name },
  });
  return 'added';
}

/** A department removed from the directory: its unit stays (contracts and history hang on it). */
export async function departmentDeleted(tx: Tx, openDepartmentId: string, app: DirectoryApp): Promise<void> {
  const [u] = await tx.select().from(units).where(eq(units.directoryDepartmentId, openDepartmentId));
  if (u)
    await audit(tx, app, {
      aggregateType: 'unit',
      aggregateId: u.id,
      action: 'unit.directory_deleted',
      data: { department: openDepartmentId },
    });
}

/**
 * The person behind a directory user: by user_id, then union_id, then this app's open_id (mapped
 * before, or a person typed in YAML under the primary app's open_id).
 */
async function findPerson(tx: Tx, u: DirectoryUser, app: DirectoryApp): Promise<Person | undefined> {
  const keys = [
    u.userId ? eq(people.userId, u.userId) : undefined,
    u.unionId ? eq(people.unionId, u.unionId) : undefined,
  ].filter((k) => k !== undefined);
  if (keys.length) {
    const found = await tx
      .select()
      .from(people)
      .where(or(...keys));
    const byUser = found.find((p) => u.userId && p.userId === u.userId);
    if (byUser ?? found[0]) return byUser ?? found[0];
  }
  const [mapped] = await tx
    .select({ p: people })
    .from(personAppIds)
    .innerJoin(people, eq(people.id, personAppIds.personId))
    .where(and(eq(personAppIds.appId, app.appId), eq(personAppIds.openId, u.openId)));
  if (mapped) return mapped.p;
  if (!app.primary) return undefined;
  const [typed] = await tx.select().from(people).where(eq(people.openId, u.openId));
  return typed;
}

/**
 * The unit of the first of the user's departments that is one; undefined when none is (the root, or
 * a department outside the app's scope): the person's unit is then left as it was.
 */
async function unitOfDepartments(tx: Tx, ids: string[]): Promise<{ id: number; name: string } | undefined> {
  for (const d of ids) {
    const [u] = await tx.select().from(units).where(eq(units.directoryDepartmentId, d));
    if (u) return { id: u.id, name: u.name };
  }
  return undefined;
}

/** Keeps this app's open_id of the person (an app rebuilt gives a person a new one: it replaces the old). */
async function mapOpenId(tx: Tx, personId: number, u: DirectoryUser, app: DirectoryApp): Promise<boolean> {
  const [old] = await tx
    .select()
    .from(personAppIds)
    .where(and(eq(personAppIds.appId, app.appId), eq(personAppIds.personId, personId)));
  if (old?.openId === u.openId) return false;
  if (old)
    await tx
      .update(personAppIds)
      .set({ openId: u.openId })
      .where(and(eq(personAppIds.appId, app.appId), eq(personAppIds.personId, personId)));
  else await tx.insert(personAppIds).values({ appId: app.appId, openId: u.openId, personId });
  return true;
}

/**
 * A directory user as a person: created (primary app only; a second app only maps the people the
 * first one brought in), or brought up to date (name, unit, stable ids, open_ids), each change
 * audited with what it was. A user the directory marks resigned leaves (`leave`). Roles are never
 * touched: they stay the admin's decision in the bot.
 */
export async function applyUser(
  tx: Tx,
  u: DirectoryUser,
  app: DirectoryApp,
  out: OutboxWriter,
): Promise<Change | 'unmatched' | 'left'> {
  const found = await findPerson(tx, u, app);
  if (u.resigned) {
    if (found) await leave(tx, found, app, out);
    return found ? 'left' : 'unmatched';
  }
  const unit = await unitOfDepartments(tx, u.departmentIds);
  if (!found) {
    if (!app.primary) return 'unmatched';
    const [row] = await tx
      .insert(people)
      .values({
        openId: u.openId,
        name: u.name,
        unitId: unit?.id ?? null,
        userId: u.userId,
        unionId: u.unionId,
      })
      .returning({ id: people.id });
    await mapOpenId(tx, row!.id, u, app);
    await audit(tx, app, {
      aggregateType: 'person',
      aggregateId: row!.id,
      action: 'person.directory_added',
      data: {
        name: u.name,
        unit: unit?.name ?? null,
        userId: u.userId,
        unionId: u.unionId,
        app: app.appId,
      },
    });
    return 'added';
  }
  const want: Partial<Person> = {};
  if (app.primary) {
    if (found.name !== u.name) want.name = u.name;
    if (unit && found.unitId !== unit.id) want.unitId = unit.id;
    if (found.openId !== u.openId) want.openId = u.openId;
    if (found.leftAt) want.leftAt = null;
  }
  if (u.userId && found.userId !== u.userId) want.userId = u.userId;
  if (u.unionId && found.unionId !== u.unionId) want.unionId = u.unionId;
  const mapped = await mapOpenId(tx, found.id, u, app);
  if (Object.keys(want).length === 0 && !mapped) return 'unchanged';
  if (Object.keys(want).length) await tx.update(people).set(want).where(eq(people.id, found.id));
  const changed: Record<string, unknown> = {};
  if (want.name !== undefined) changed.name = { from: found.name, to: want.name };
  if (want.unitId !== undefined) changed.unit = { to: unit?.name };
  if (want.openId !== undefined) changed.openId = 'primary app id replaced';
  if (want.leftAt !== undefined) changed.rejoined = true;
  if (want.userId !== undefined || want.unionId !== undefined) changed.stableIds = true;
  if (mapped) changed.appOpenId = app.appId;
  await audit(tx, app, {
    aggregateType: 'person',
    aggregateId: found.id,
    action: 'person.directory_updated',
    data: changed,
  });
  return 'updated';
}

/**
 * 员工离职: the person is marked left (the row, grants and history stay: roles are the admin's to
 * revoke) and their open work goes on one card to each admin of their unit or the zone. Once: a
 * person already marked left is left alone.
 */
export async function leave(tx: Tx, p: Person, app: DirectoryApp, out: OutboxWriter): Promise<boolean> {
  if (!(await markLeftOn(rawSql(tx), p.id, app.now))) return false;
  const today = shanghaiDate(app.now);
  const [items, admins, unit] = await Promise.all([
    openWorkOf(tx, p.id, today),
    unitAdminsOf(tx, p.unitId, p.id),
    p.unitId === null
      ? Promise.resolve(undefined)
      : tx
          .select({ name: units.name })
          .from(units)
          .where(eq(units.id, p.unitId))
          .then((r) => r[0]),
  ]);
  const card = openWorkCard({ person: p.name, unit: unit?.name ?? '全区', leftOn: today, items });
  for (const a of admins) await out.send({ type: 'open_id', id: a.openId }, { card });
  await audit(tx, app, {
    aggregateType: 'person',
    aggregateId: p.id,
    action: 'person.left',
    data: {
      openWork: items.length,
      byKind: Object.fromEntries(
        [...new Set(items.map((i) => i.kind))].map((k) => [k, items.filter((i) => i.kind === k).length]),
      ),
      adminsTold: admins.length,
    },
  });
  return true;
}

/** The person a deleted directory user was, found as any directory user is. */
export async function userDeleted(tx: Tx, u: DirectoryUser, app: DirectoryApp, out: OutboxWriter) {
  const found = await findPerson(tx, u, app);
  return found ? leave(tx, found, app, out) : false;
}

async function audit(
  tx: Tx,
  app: DirectoryApp,
  {
    aggregateType,
    aggregateId,
    action,
    data,
  }: { aggregateType: 'unit' | 'person'; aggregateId: number; action: string; data: Record<string, unknown> },
) {
  await appendAudit(tx, { aggregateType, aggregateId, actor: app.actor, action, data, at: app.now });
}

type Counts = Record<Change, number>;
export interface SyncSummary {
  app: string;
  units: Counts;
  people: Counts & { left: number; unmatched: number };
  /** People of this zone the directory did not list: out of the app's 通讯录权限范围, or gone. */
  notListed: number;
}

/**
 * A full sync against a directory read (feishu/directory.ts), in one transaction under the org lock:
 * departments first (so users find their units), then users. People the read did not list are only
 * counted: the app may not see them (its 通讯录权限范围), so nobody leaves by being absent; the
 * deletion event says who left. Running it twice changes nothing the second time.
 */
export async function syncDirectory(
  db: Db,
  snapshot: DirectorySnapshot,
  app: DirectoryApp,
  makeOut: (tx: Tx) => OutboxWriter,
): Promise<{ summary: SyncSummary; outboxIds: string[] }> {
  return db.transaction(async (tx) => {
    await advisoryXactLock(rawSql(tx), { kind: 'org-import' });
    const out = makeOut(tx);
    const summary: SyncSummary = {
      app: app.appId,
      units: { added: 0, updated: 0, unchanged: 0 },
      people: { added: 0, updated: 0, unchanged: 0, left: 0, unmatched: 0 },
      notListed: 0,
    };
    for (const d of snapshot.departments) summary.units[await applyDepartment(tx, d, app)]++;
    const seen = new Set<number>();
    for (const u of snapshot.users) {
      summary.people[await applyUser(tx, u, app, out)]++;
      const p = await findPerson(tx, u, app);
      if (p) seen.add(p.id);
    }
    const here = await tx.select({ id: people.id }).from(people).where(isNull(people.leftAt));
    summary.notListed = here.filter((p) => !seen.has(p.id)).length;
    return { summary, outboxIds: out.ids };
  });
}
