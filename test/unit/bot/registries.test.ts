import { describe, expect, it } from 'vitest';
import { actions } from '../../../src/bot/actions';
import { addLineFromCard } from '../../../src/bot/actions/budget';
import { type ActionTable, read } from '../../../src/bot/actions/types';
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

  it('every normalised event kind other than a click has a handler (clicks go through the actions)', () => {
    expect(Object.keys(handlers).sort()).toEqual(['bot_added', 'menu', 'message']);
  });
});
