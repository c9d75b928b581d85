import { eq, inArray } from 'drizzle-orm';
import { type Db, rawSql, type Tx } from '../../db/client';
import { people, units } from '../../db/schema';
import { advisoryXactLock } from '../../db/sql/locks';
import type { Role } from '../../domain/roles';
import { type OrgFile, type ValidOrgFile, validateOrgFile, ZONE_SCOPE } from './file';
import { grantRole, revokeRole, rolesOf } from './grants';

type Counts = { added: number; updated: number; unchanged: number };
export type ImportSummary = {
  zone: string;
  units: Counts;
  people: Counts;
  grants: { added: number; revoked: number; unchanged: number };
};

/**
 * Makes the database match the org file, in one transaction: units by code, people by open_id, and
 * each listed person's live grants exactly as listed (missing ones granted, unlisted ones revoked,
 * every change audited). People absent from the file are left alone, so grants made from the chat
 * admin card for them survive a re-import. Running it twice changes nothing the second time.
 * Throws, writing nothing, when the file names an unknown unit or role.
 */
export async function importOrg(db: Db, doc: OrgFile, actor = 'org:import'): Promise<ImportSummary> {
  const file = validateOrgFile(doc);
  return db.transaction(async (tx) => {
    // Two imports at once would otherwise race on the same units and grants.
    await lockOrgImport(tx);
    return applyOrgFile(tx, file, actor);
  });
}

/** Serialises org imports (the shell command's and the chat's); released at commit. */
export async function lockOrgImport(tx: Tx): Promise<void> {
  await advisoryXactLock(rawSql(tx), { kind: 'org-import' });
}

/** The org file's units, people and grants written in the caller's transaction (under lockOrgImport). */
export async function applyOrgFile(tx: Tx, file: ValidOrgFile, actor: string): Promise<ImportSummary> {
  const summary: ImportSummary = {
    zone: file.zone,
    units: { added: 0, updated: 0, unchanged: 0 },
    people: { added: 0, updated: 0, unchanged: 0 },
    grants: { added: 0, revoked: 0, unchanged: 0 },
  };
  const unitIds = await upsertUnits(tx, file.units, summary.units);
  const personIds = await upsertPeople(tx, file.people, unitIds, summary.people);
  for (const p of file.people) {
    const personId = personIds.get(p.open_id)!;
    await syncGrants(tx, { personId, wanted: wantedGrants(p, unitIds), actor, counts: summary.grants });
  }
  return summary;
}

async function upsertUnits(tx: Tx, list: ValidOrgFile['units'], n: Counts): Promise<Map<string, number>> {
  const codes = list.map((u) => u.code);
  const existing = await tx.select().from(units).where(inArray(units.code, codes));
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const ids = new Map<string, number>();
  for (const u of list) {
    const old = byCode.get(u.code);
    if (!old) {
      const [row] = await tx.insert(units).values(u).returning({ id: units.id });
      ids.set(u.code, row!.id);
      n.added++;
      continue;
    }
    ids.set(u.code, old.id);
    if (old.name === u.name) n.unchanged++;
    else {
      await tx.update(units).set({ name: u.name }).where(eq(units.id, old.id));
      n.updated++;
    }
  }
  return ids;
}

async function upsertPeople(
  tx: Tx,
  list: ValidOrgFile['people'],
  unitIds: Map<string, number>,
  n: Counts,
): Promise<Map<string, number>> {
  const existing = await tx
    .select()
    .from(people)
    .where(
      inArray(
        people.openId,
        list.map((p) => p.open_id),
      ),
    );
  const byOpenId = new Map(existing.map((p) => [p.openId, p]));
  const ids = new Map<string, number>();
  for (const p of list) {
    const want = { name: p.name, unitId: p.unit === undefined ? null : unitIds.get(p.unit)! };
    const old = byOpenId.get(p.open_id);
    if (!old) {
      const [row] = await tx
        .insert(people)
        .values({ openId: p.open_id, ...want })
        .returning({ id: people.id });
      ids.set(p.open_id, row!.id);
      n.added++;
      continue;
    }
    ids.set(p.open_id, old.id);
    if (old.name === want.name && old.unitId === want.unitId) n.unchanged++;
    else {
      await tx.update(people).set(want).where(eq(people.id, old.id));
      n.updated++;
    }
  }
  return ids;
}

type Wanted = { role: Role; unitId: number | null };
const grantKey = (g: Wanted) => `${g.role}@${g.unitId ?? ZONE_SCOPE}`;

/** The file's role list resolved to (role, unit id | null for zone), duplicates folded. */
function wantedGrants(p: ValidOrgFile['people'][number], unitIds: Map<string, number>): Map<string, Wanted> {
  const out = new Map<string, Wanted>();
  for (const r of p.roles) {
    // The file schema has already checked that every scope and bare-role unit exists.
    const [role, scope] = typeof r === 'string' ? [r, p.unit!] : [r.role, r.scope];
    const g = { role, unitId: scope === ZONE_SCOPE ? null : unitIds.get(scope)! };
    out.set(grantKey(g), g);
  }
  return out;
}

async function syncGrants(
  tx: Tx,
  {
    personId,
    wanted,
    actor,
    counts: n,
  }: { personId: number; wanted: Map<string, Wanted>; actor: string; counts: ImportSummary['grants'] },
) {
  const live = new Map((await rolesOf(tx, personId)).map((g) => [grantKey(g), g]));
  for (const [key, g] of wanted) {
    if (live.has(key)) n.unchanged++;
    else if (await grantRole(tx, { personId, ...g, actor })) n.added++;
  }
  for (const [key, g] of live) {
    if (!wanted.has(key) && (await revokeRole(tx, { personId, role: g.role, unitId: g.unitId, actor })))
      n.revoked++;
  }
}
