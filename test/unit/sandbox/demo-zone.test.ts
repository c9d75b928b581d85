import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseOrgFile } from '../../../src/features/org/file';
import {
  DEMO_LEADERSHIP_CHAT,
  DEMO_ORG,
  DEMO_PROJECT_CHAT,
  demoGroups,
  jobTitleOf,
} from '../../../src/sandbox-boot';

/**
 * What the demo boot hands the sandbox (issue 24, point 5): each person's roles as the org file
 * grants them, shown under their name in the web chat, and the two groups a newcomer finds.
 */
const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
const person = (name: string) => org.people.find((p) => p.name === name)!;
const idOf = (name: string) => person(name).open_id;

describe('the demo zone in the sandbox', () => {
  it('titles each person with their unit and roles; a zone role says 全区, another unit is named', () => {
    expect(jobTitleOf(org, person('王建国'))).toBe('资产经营公司 · 单位领导班子、分管班子成员');
    expect(jobTitleOf(org, person('张伟'))).toBe('资产经营公司 · 经办人、考核人');
    // 刘芳's assessor grant names her own unit: said like a bare role.
    expect(jobTitleOf(org, person('刘芳'))).toBe('综合行政执法局 · 单位领导班子、经办人、考核人');
    expect(jobTitleOf(org, person('郑毅'))).toBe('纪检监察(全区)');
    expect(jobTitleOf(org, person('马骏'))).toBe('管理员(全区)');
    const other = { ...person('张伟'), roles: [{ role: 'assessor' as const, scope: 'sanitation' }] };
    expect(jobTitleOf(org, other)).toBe('资产经营公司 · 考核人(环卫所)');
    expect(jobTitleOf(org, { ...person('郑毅'), roles: [] })).toBe('暂无角色');
  });

  it('has a leadership group of the first unit and a project group of its contract people, unbound', () => {
    expect(demoGroups(org)).toEqual([
      {
        chatId: DEMO_LEADERSHIP_CHAT,
        name: '资产经营公司领导班子',
        members: [idOf('王建国'), idOf('李秀英')],
      },
      {
        chatId: DEMO_PROJECT_CHAT,
        name: '资产经营公司·园区保洁项目群',
        members: [idOf('王建国'), idOf('李秀英'), idOf('张伟')],
      },
    ]);
  });

  it('leaves out a group nobody would be in', () => {
    const noLeaders = { ...org, people: org.people.filter((p) => p.name === '张伟') };
    expect(demoGroups(noLeaders).map((g) => g.chatId)).toEqual([DEMO_PROJECT_CHAT]);
    expect(demoGroups({ ...org, units: [] })).toEqual([]);
  });
});
