/**
 * 组织架构 through the chat, for a zone without the directory's scope (people from Feishu's directory
 * are `org:sync`'s): the YAML org file as a sheet, one row per person (单位编码, 单位名称, 姓名,
 * open_id, 角色), or a row with only 单位编码 and 单位名称 for a unit without people. It means what the
 * YAML means: units by code, people by open_id, and each listed person's live roles exactly as listed
 * (missing ones granted, unlisted ones revoked); people not listed are left alone. Only a zone-wide
 * admin imports it.
 */
import { inArray } from 'drizzle-orm';
import { people, units } from '../../db/schema';
import { ROLE_LABELS, ROLES, type Role } from '../../domain/roles';
import { type ImportKind, type ImportRowError, sheetTable } from '../import-kind/kind';
import { type OrgFile, type ValidOrgFile, validateOrgFile, ZONE_SCOPE } from './file';
import { applyOrgFile, lockOrgImport } from './import';
import { rolesOf } from './grants';

const UNIT_CODE = /^[a-z][a-z0-9_-]*$/;
const OPEN_ID = /^ou_[0-9a-zA-Z]+$/;
const ROLE_BY_TEXT = new Map<string, Role>(
  ROLES.flatMap((r) => [[r, r] as const, [ROLE_LABELS[r], r] as const]),
);
const ZONE_WORDS = new Set(['全区', 'zone', ZONE_SCOPE]);

type RoleEntry = Role | { role: Role; scope: string };
type PersonRow = { row: number; open_id: string; name: string; unit?: string; roles: RoleEntry[] };

const roleText = (role: Role, scope: string, unitNames: Map<string, string>) =>
  `${ROLE_LABELS[role]}(${scope === ZONE_SCOPE ? '全区' : (unitNames.get(scope) ?? scope)})`;

export const orgImportKind: ImportKind<ValidOrgFile | undefined> = {
  key: 'org',
  label: '组织架构',
  roles: ['admin'],
  template: {
    sheet: '组织架构',
    columns: [
      { header: '单位编码', example: 'asset', width: 14 },
      { header: '单位名称', example: '资产经营公司', width: 18 },
      { header: '姓名', example: '张伟', width: 10 },
      { header: 'open_id', example: 'ou_zhangwei', width: 24 },
      { header: '角色', example: '经办人、考核人、财政部门(全区)', width: 36 },
    ],
  },
  detect: (header) => header.includes('open_id') && header.includes('姓名') && header.includes('角色'),
  lock: lockOrgImport,
  async plan(db, rows, ctx) {
    const t = sheetTable(rows);
    const errors: ImportRowError[] = [];
    if (!ctx.actor.grants.some((g) => g.role === 'admin' && g.unitId === null))
      errors.push({ row: t.headerRow, message: '只有全区管理员可以导入组织架构' });
    const dbUnits = await db.select().from(units);
    const fileUnits = new Map<string, { name: string; row: number }>();
    const nameToCode = new Map(dbUnits.map((u) => [u.name, u.code]));
    // Units first: a role's scope may name a unit of a later row.
    for (const r of t.records) {
      const code = r.cell('单位编码', 'unit');
      const name = r.cell('单位名称', 'unit_name');
      if (!code) {
        if (name) errors.push({ row: r.row, message: '填写了单位名称但没有单位编码' });
        continue;
      }
      if (!UNIT_CODE.test(code) || code === ZONE_SCOPE) {
        errors.push({
          row: r.row,
          message: `单位编码「${code.slice(0, 30)}」无效,应为小写字母开头的字母、数字、- 或 _`,
        });
        continue;
      }
      const first = fileUnits.get(code);
      if (first && name && first.name && first.name !== name) {
        errors.push({
          row: r.row,
          message: `单位编码 ${code} 在第 ${first.row} 行名为「${first.name}」,本行为「${name}」`,
        });
        continue;
      }
      if (!first || (!first.name && name)) fileUnits.set(code, { name, row: first?.row ?? r.row });
    }
    for (const [code, u] of fileUnits) {
      if (!u.name && !dbUnits.some((d) => d.code === code))
        errors.push({ row: u.row, message: `新单位 ${code} 需要填写单位名称` });
      if (u.name) nameToCode.set(u.name, code);
    }
    const knownCodes = new Set([...dbUnits.map((u) => u.code), ...fileUnits.keys()]);
    const scopeOf = (text: string) =>
      ZONE_WORDS.has(text) ? ZONE_SCOPE : knownCodes.has(text) ? text : nameToCode.get(text);

    const persons: PersonRow[] = [];
    const seen = new Map<string, number>();
    for (const r of t.records) {
      const name = r.cell('姓名', 'name');
      const openId = r.cell('open_id', 'openid');
      const roleCell = r.cell('角色', 'roles');
      if (!name && !openId && !roleCell) continue; // a unit row
      const bad = (message: string) => errors.push({ row: r.row, message });
      const before = errors.length;
      if (!name) bad('姓名为空');
      if (!OPEN_ID.test(openId)) bad(`open_id「${openId.slice(0, 40)}」无效,应为 ou_ 开头的字母和数字`);
      else if (seen.has(openId)) bad(`open_id ${openId} 与第 ${seen.get(openId)} 行重复`);
      const unit = r.cell('单位编码', 'unit') || undefined;
      const roles: RoleEntry[] = [];
      for (const token of roleCell.split(/[、,，;；\s]+/).filter(Boolean)) {
        const m = /^([^(（]+)(?:[(（]([^)）]*)[)）])?$/.exec(token);
        const role = m ? ROLE_BY_TEXT.get(m[1]!.trim()) : undefined;
        if (!role) {
          bad(
            `角色「${token.slice(0, 30)}」无效,应为 ${ROLES.map((x) => ROLE_LABELS[x]).join('、')} 之一,可加范围如「考核人(asset)」「财政部门(全区)」`,
          );
          continue;
        }
        const scopeText = m![2]?.trim();
        if (scopeText === undefined) {
          if (!unit)
            bad(
              `角色「${ROLE_LABELS[role]}」需要注明范围:本人没有单位,请写作「${ROLE_LABELS[role]}(全区)」或「${ROLE_LABELS[role]}(单位编码)」`,
            );
          else roles.push(role);
          continue;
        }
        const scope = scopeOf(scopeText);
        if (!scope)
          bad(
            `角色「${ROLE_LABELS[role]}」的范围「${scopeText.slice(0, 30)}」不是已知单位,请写单位编码、单位名称或「全区」`,
          );
        else roles.push({ role, scope });
      }
      if (errors.length > before) continue;
      seen.set(openId, r.row);
      persons.push({ row: r.row, open_id: openId, name, ...(unit ? { unit } : {}), roles });
    }
    if (persons.length === 0 && fileUnits.size === 0 && errors.length === 0)
      errors.push({ row: t.headerRow, message: '文件中没有单位或人员' });
    const none = { adds: [], changes: [], unchanged: 0, errors, data: undefined };
    if (errors.length > 0) return { ...none, errors: errors.sort((a, b) => a.row - b.row) };

    // Every unit the zone has is part of the file as it is, so a role may name one the sheet leaves out.
    const doc: OrgFile = {
      zone: '-',
      units: [
        ...[...fileUnits].map(([code, u]) => ({
          code,
          name: u.name || dbUnits.find((d) => d.code === code)!.name,
        })),
        ...dbUnits.filter((d) => !fileUnits.has(d.code)).map((d) => ({ code: d.code, name: d.name })),
      ],
      people: persons.map(({ row: _row, ...p }) => p),
    };
    let file: ValidOrgFile;
    try {
      file = validateOrgFile(doc);
    } catch (err) {
      // The checks above are the schema's in Chinese; this is a safety net, named as the schema says.
      return { ...none, errors: [{ row: t.headerRow, message: `组织架构有误:${(err as Error).message}` }] };
    }

    const unitNames = new Map(file.units.map((u) => [u.code, u.name]));
    const adds: string[] = [];
    const changes: string[] = [];
    let unchanged = 0;
    for (const [code, u] of fileUnits) {
      const old = dbUnits.find((d) => d.code === code);
      if (!old) adds.push(`单位 ${code}「${u.name}」`);
      else if (u.name && old.name !== u.name)
        changes.push(`单位 ${code} 名称「${old.name}」改为「${u.name}」`);
    }
    const existing = new Map(
      (
        await db
          .select()
          .from(people)
          .where(
            inArray(
              people.openId,
              file.people.map((p) => p.open_id),
            ),
          )
      ).map((p) => [p.openId, p]),
    );
    const dbUnitById = new Map(dbUnits.map((u) => [u.id, u.code]));
    for (const [i, p] of file.people.entries()) {
      const row = persons[i]!.row;
      const wanted = new Map(
        p.roles.map((r) => {
          const [role, scope] = typeof r === 'string' ? [r, p.unit!] : [r.role, r.scope];
          return [`${role}@${scope}`, roleText(role, scope, unitNames)];
        }),
      );
      const where = p.unit ? (unitNames.get(p.unit) ?? p.unit) : '全区';
      const old = existing.get(p.open_id);
      if (!old) {
        adds.push(
          `第 ${row} 行:${p.name}(${where})${wanted.size ? `:${[...wanted.values()].join('、')}` : ''}`,
        );
        continue;
      }
      const diff: string[] = [];
      if (old.name !== p.name) diff.push(`姓名改为「${p.name}」`);
      const oldUnit = old.unitId === null ? undefined : dbUnitById.get(old.unitId);
      if (oldUnit !== p.unit) diff.push(`单位改为 ${where}`);
      const live = new Map(
        (await rolesOf(db, old.id)).map((g) => {
          const scope = g.unitCode ?? ZONE_SCOPE;
          return [`${g.role}@${scope}`, roleText(g.role, scope, unitNames)];
        }),
      );
      const granted = [...wanted].filter(([k]) => !live.has(k)).map(([, v]) => v);
      const revoked = [...live].filter(([k]) => !wanted.has(k)).map(([, v]) => v);
      if (granted.length) diff.push(`增加 ${granted.join('、')}`);
      if (revoked.length) diff.push(`撤销 ${revoked.join('、')}`);
      if (diff.length === 0) unchanged++;
      else changes.push(`第 ${row} 行:${old.name}:${diff.join(';')}`);
    }
    return {
      adds,
      changes,
      unchanged,
      errors: [],
      notes: ['表中列出的人员,其角色以本表为准(未列出的角色将被撤销);表中未列出的人员不受影响。'],
      data: file,
    };
  },
  async apply(tx, plan, ctx) {
    if (!plan.data) throw new Error('an org plan without a file reached apply');
    const s = await applyOrgFile(tx, plan.data, ctx.actor.openId);
    return {
      summary: `已导入组织架构:单位新增 ${s.units.added}、更名 ${s.units.updated};人员新增 ${s.people.added}、更新 ${s.people.updated};角色授予 ${s.grants.added}、撤销 ${s.grants.revoked}`,
      counts: {
        unitsAdded: s.units.added,
        unitsUpdated: s.units.updated,
        peopleAdded: s.people.added,
        peopleUpdated: s.people.updated,
        grantsAdded: s.grants.added,
        grantsRevoked: s.grants.revoked,
      },
    };
  },
};
