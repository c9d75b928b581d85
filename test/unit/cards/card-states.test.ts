import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCard } from '../../../src/sandbox/card-check';
import { cardStates } from './card-states';

/**
 * Issue 21, point 3: every card state of every builder (card-states.ts) passes the sandbox's check,
 * and fits Feishu's 30 KB as it travels: the card JSON-escaped again as the `content` string of the
 * request body, with 1 KB left for the rest of the body (receive_id, msg_type, uuid).
 */
const LIMIT = 30 * 1024;
const ENVELOPE = 1024;

const dir = fileURLToPath(new URL('../../../src/cards/', import.meta.url));
const modules = await Promise.all(
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map(async (f) => (await import(`${dir}${f}`)) as Record<string, unknown>),
);
/** Every exported card builder of src/cards, found by name so a new one cannot be forgotten. */
const builders = modules.flatMap((m) =>
  Object.entries(m)
    .filter(([name, v]) => typeof v === 'function' && /Card$/.test(name))
    .map(([name]) => name),
);

const cases = Object.entries(cardStates).flatMap(([builder, byState]) =>
  Object.entries(byState).map(([state, build]) => [builder, state, build] as const),
);

describe('every card state of every builder passes the sandbox card check', () => {
  it('every exported card builder has its states', () => {
    expect(Object.keys(cardStates).sort()).toEqual([...builders].sort());
    for (const byState of Object.values(cardStates)) expect(Object.keys(byState).length).toBeGreaterThan(0);
  });

  // Tuples and %s: vitest shortens a $name taken from an object to 40 characters.
  it.each(cases)('%s: %s', (_builder, _state, build) => {
    const card = build();
    expect(checkCard(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(JSON.stringify(card))) + ENVELOPE).toBeLessThan(LIMIT);
  });
});

/**
 * The check passes a card that fit.ts cut down to fit, so a list too long for the card would hide its
 * own form and still look valid. The largest option lists must still reach the user: each of these
 * states keeps the fields that offer them.
 */
const LARGEST_OPTION_LISTS: [builder: string, state: string, fields: string[]][] = [
  [
    'groupBindingCard',
    'unbound, largest: 200 units and 200 contracts (both capped)',
    ['leadership_unit', 'project_contract'],
  ],
  ['groupBindingCard', 'bound to 12 contracts, 200 more offered', ['project_contract']],
  ['buildBudgetCard', 'largest: 200 lines in one unit, 200 units to register for', ['unit', 'category']],
  ['buildBudgetCard', 'zone-wide finance: 200 units of 5 lines each', ['unit', 'category']],
  ['buildFilingCard', 'step 1, largest: 200 budget lines', ['line']],
  [
    'buildFilingCard',
    'step 4, largest: 50 people in three pickers, with an error',
    ['leader', 'department', 'assessors'],
  ],
  [
    'buildRolesAdminCard',
    'largest: 50 people, the zone and 200 units, a middle page of 2,000 grants',
    ['person', 'role', 'scope'],
  ],
  ['buildSavingsCard', 'largest: 200 units saved, 200 units to record for', ['unit', 'cause']],
  ['buildSpotCheckFormCard', 'largest: 200 units to choose from', ['units', 'categories']],
  ['buildProcurementFormCard', 'largest: 200 vendors (select capped)', ['method', 'vendor']],
  ['buildDelegationCard', 'largest: 50 colleagues, 12 outgoing, 12 incoming, 25 stages', ['person']],
  [
    'buildInspectionFormCard',
    'largest: 50 people in each of three pickers',
    ['owner_1', 'owner_2', 'owner_3'],
  ],
];

/** The names of the fields inside the card's forms. */
function fieldNames(node: unknown, inForm = false, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) fieldNames(n, inForm, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (inForm && o.tag !== 'button' && typeof o.name === 'string') out.push(o.name);
    for (const v of Object.values(o)) fieldNames(v, inForm || o.tag === 'form', out);
  }
  return out;
}

describe('the largest option lists still reach the user', () => {
  it.each(LARGEST_OPTION_LISTS)('%s: %s', (builder, state, fields) => {
    const build = cardStates[builder]?.[state];
    expect(build, 'the state exists in card-states.ts').toBeDefined();
    const names = fieldNames(build!());
    for (const f of fields) expect(names, `field ${f}`).toContain(f);
  });
});
