import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify';
import { ROLES } from '../../src/domain/roles';
import { type OrgFile, parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { findPersonByOpenId, grantRole, hasRole, revokeRole, rolesOf } from '../../src/features/org/grants';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

const demo = () => parseOrgFile(readFileSync(new URL('../../org/demo-zone.yaml', import.meta.url), 'utf8'));
const snapshot = async () => ({
  units: await t.sql`select * from units order by id`,
  people: await t.sql`select * from people order by id`,
  grants: await t.sql`select * from role_grants order by id`,
  audit: await t.sql`select * from audit_log order by id`,
});
const unitId = async (code: string) =>
  (await t.sql`select id::int as id from units where code = ${code}`)[0]!.id as number;
const person = async (openId: string) => (await findPersonByOpenId(t.db, openId))!;

describe('importOrg with the demo zone', () => {
  it('imports every unit, person and grant, auditing each grant', async () => {
    const doc = demo();
    const s = await importOrg(t.db, doc);
    const grants = doc.people.reduce((n, p) => n + p.roles.length, 0);
    expect(s).toEqual({
      zone: '花桥经济开发区',
      units: { added: 3, updated: 0, unchanged: 0 },
      people: { added: doc.people.length, updated: 0, unchanged: 0 },
      grants: { added: grants, revoked: 0, unchanged: 0 },
    });
    const audit = await t.sql`select action, actor, data from audit_log where aggregate_type = 'person'`;
    expect(audit).toHaveLength(grants);
    expect(audit[0]).toMatchObject({ action: 'role.granted', actor: 'org:import' });
    const roles = new Set((await t.sql`select distinct role from role_grants`).map((r) => r.role));
    expect(roles.size).toBe(ROLES.length); // the demo covers every role
  });

  it('changes nothing and audits nothing when run again', async () => {
    const before = await snapshot();
    const s = await importOrg(t.db, demo());
    expect(s.grants).toMatchObject({ added: 0, revoked: 0 });
    expect(s.units.unchanged + s.people.unchanged).toBe(3 + demo().people.length);
    expect(await snapshot()).toEqual(before);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('revokes a role dropped from the file and updates the person', async () => {
    const doc = demo();
    const zhang = doc.people.find((p) => p.name === '张伟')!;
    zhang.roles = ['filer'];
    zhang.name = '张伟伟';
    const s = await importOrg(t.db, doc);
    expect(s.grants).toMatchObject({ added: 0, revoked: 1 });
    expect(s.people.updated).toBe(1);
    const p = await person(zhang.open_id);
    expect(p.name).toBe('张伟伟');
    expect(await rolesOf(t.db, p.id)).toEqual([
      { role: 'filer', unitId: await unitId('asset'), unitCode: 'asset' },
    ]);
    const [last] = await t.sql`select action, data from audit_log order by id desc limit 1`;
    expect(last).toEqual({ action: 'role.revoked', data: { role: 'assessor', scope: 'asset' } });
    await importOrg(t.db, demo()); // back to the demo state for the tests below
  });
});

describe('importOrg with a bad file', () => {
  const bad = (mutate: (doc: OrgFile) => void) => {
    const doc: OrgFile = demo();
    doc.units.push({ code: 'parks', name: '园林所' });
    mutate(doc);
    return doc;
  };

  it('names the entry with an unknown unit and writes nothing', async () => {
    const before = await snapshot();
    const doc = bad((d) => {
      d.people.push({
        open_id: 'ou_ffffffffffffffffffffffffffffff01',
        name: '钱多多',
        unit: 'nope',
        roles: ['filer'],
      });
    });
    await expect(importOrg(t.db, doc)).rejects.toThrow(
      /people\[14\] 钱多多 \(ou_f+01\)\.unit: unknown unit "nope"/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('names the entry with an unknown role or scope', async () => {
    const yaml =
      'zone: z\nunits: [{ code: a, name: A }]\npeople:\n  - { open_id: ou_1, name: 甲, unit: a, roles: [boss] }\n';
    expect(() => parseOrgFile(yaml)).toThrow(/people\[0\] 甲 \(ou_1\)\.roles\[0\]: unknown role "boss"/);
    const scoped = bad((d) => {
      d.people[0]!.roles!.push({ role: 'assessor', scope: 'mars' });
    });
    await expect(importOrg(t.db, scoped)).rejects.toThrow(
      /people\[0\] 王建国 .*roles\[2\]: unknown unit "mars"/,
    );
  });
});

describe('grantRole / revokeRole / hasRole', () => {
  it('grant and revoke are idempotent and audited once each', async () => {
    const p = await person('ou_c47e1f9a2b3c4d5e8f6a7b0c1d2e3f03');
    const g = {
      personId: p.id,
      role: 'inspection' as const,
      unitId: await unitId('sanitation'),
      actor: 'ou_admin',
    };
    const auditCount = async () =>
      (await t.sql`select count(*)::int as n from audit_log where aggregate_id = ${String(p.id)}`)[0]!
        .n as number;
    const n0 = await auditCount();
    expect(await t.db.transaction((tx) => grantRole(tx, g))).toBe(true);
    expect(await t.db.transaction((tx) => grantRole(tx, g))).toBe(false);
    expect(await auditCount()).toBe(n0 + 1);
    expect(await t.db.transaction((tx) => revokeRole(tx, g))).toBe(true);
    expect(await t.db.transaction((tx) => revokeRole(tx, g))).toBe(false);
    expect(await auditCount()).toBe(n0 + 2);
    const last = await t.sql`select actor, action, data from audit_log order by id desc limit 2`;
    expect(last).toEqual([
      { actor: 'ou_admin', action: 'role.revoked', data: { role: 'inspection', scope: 'sanitation' } },
      { actor: 'ou_admin', action: 'role.granted', data: { role: 'inspection', scope: 'sanitation' } },
    ]);
    expect(await t.db.transaction((tx) => grantRole(tx, g))).toBe(true); // a revoked grant can be granted again
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  });

  it('a zone grant satisfies every unit; a unit grant only its unit', async () => {
    const [asset, sanitation] = [await unitId('asset'), await unitId('sanitation')];
    const discipline = await person('ou_b1d3f5a7c9e04b2d4f6a8c0e1b3d5f11');
    expect(await hasRole(t.db, discipline.id, 'discipline', asset)).toBe(true);
    expect(await hasRole(t.db, discipline.id, 'discipline', null)).toBe(true);
    expect(await hasRole(t.db, discipline.id, 'finance', asset)).toBe(false);
    const wang = await person('ou_3f1a9c2e7b4d4e0a8c6f1b2d3e4f5a61');
    expect(await hasRole(t.db, wang.id, 'unit_leadership', asset)).toBe(true);
    expect(await hasRole(t.db, wang.id, 'unit_leadership', sanitation)).toBe(false);
    expect(await hasRole(t.db, wang.id, 'unit_leadership', null)).toBe(false);
  });

  it('findPersonByOpenId returns undefined for a stranger', async () => {
    expect(await findPersonByOpenId(t.db, 'ou_nobody')).toBeUndefined();
  });
});
