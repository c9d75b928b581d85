import { describe, expect, it } from 'vitest';
import { buildHelpCard, buildIntroCard, buildMenuCard } from '../../../src/cards/menu';
import { buildRolesAdminCard } from '../../../src/cards/roles-admin';
import { actionValue } from '../../../src/cards/values';
import { checkCard } from '../../../src/sandbox/card-check';
import { walkButtons } from './walk';

const cards = {
  menu: buildMenuCard({ name: '张伟', roles: [{ role: 'filer', scope: '资产经营公司' }] }),
  menuAdmin: buildMenuCard({ name: '马骏', roles: [{ role: 'admin', scope: '全区' }] }),
  menuStranger: buildMenuCard({ roles: [] }),
  help: buildHelpCard(),
  intro: buildIntroCard('保洁项目群'),
  rolesAdmin: buildRolesAdminCard({
    people: [{ openId: 'ou_1', name: '甲' }],
    scopes: [{ value: 'zone', text: '全区' }],
    grants: [{ person: '甲', role: '管理员', scope: '全区' }],
    page: { total: 100, newer: 60, older: 59 },
  }),
};

describe('card builders', () => {
  it.each(Object.entries(cards))('%s is a valid Card JSON 2.0 card', (_name, card) => {
    expect(checkCard(card)).toEqual([]);
  });

  it.each(Object.entries(cards))(
    'every button of %s carries a value the router can decode',
    (_name, card) => {
      for (const value of walkButtons(card)) expect(actionValue.safeParse(value).success).toBe(true);
    },
  );

  it('the admin menu offers role management; others do not see it', () => {
    expect(JSON.stringify(cards.menuAdmin)).toContain('角色管理');
    expect(JSON.stringify(cards.menu)).not.toContain('角色管理');
    expect(JSON.stringify(cards.menuStranger)).toContain('尚未加入');
  });
});
