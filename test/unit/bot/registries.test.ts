import { describe, expect, it } from 'vitest';
import { actions } from '../../../src/bot/actions';
import { addLineFromCard } from '../../../src/bot/actions/budget';
import { showHelp } from '../../../src/bot/actions/menu';
import { anyone, known } from '../../../src/bot/actions/scopes';
import { type ActionTable, read, write } from '../../../src/bot/actions/types';
import { handlers } from '../../../src/bot/events';
import { actionValue } from '../../../src/cards/values';

describe('registries', () => {
  it('every button value has exactly one action, and every action a value', () => {
    const values = actionValue.options.map((o) => o.shape.a.value).sort();
    expect(Object.keys(actions).sort()).toEqual(values);
  });

  it('every action declares whether it reads or writes; only writes preload', () => {
    for (const [name, action] of Object.entries(actions)) {
      expect(['read', 'write'], name).toContain(action.mode);
      if (action.mode === 'read') expect('preload' in action, name).toBe(false);
    }
  });

  it('the table is checked by type: a write handler cannot be registered as a read, nor an action left out', () => {
    // @ts-expect-error a handler that writes needs the transaction and the outbox of a write action
    read(addLineFromCard);
    const { 'budget.add': _left, ...rest } = actions;
    // @ts-expect-error every member of the button union needs an entry
    const incomplete: ActionTable = rest;
    expect(Object.keys(incomplete)).not.toContain('budget.add');
  });

  it('every action declares who may click it: an entry without a scope does not compile', () => {
    for (const [name, action] of Object.entries(actions)) expect(typeof action.scope, name).toBe('function');
    // @ts-expect-error a read action without its scope
    read(showHelp);
    // @ts-expect-error a write action without its scope
    write(addLineFromCard);
    expect(read(showHelp, anyone).scope).toBe(anyone);
    expect(write(addLineFromCard, known).scope).toBe(known);
  });

  it('only the menu, help and 我的角色 are open to anyone', () => {
    const open = Object.entries(actions)
      .filter(([, a]) => a.scope === anyone)
      .map(([name]) => name);
    expect(open.sort()).toEqual(['help', 'menu.show', 'roles.mine']);
  });

  it('every normalised event kind other than a click has a handler (clicks go through the actions)', () => {
    expect(Object.keys(handlers).sort()).toEqual([
      'bot_added',
      'directory_department',
      'directory_user',
      'menu',
      'message',
    ]);
  });
});
