import { parse } from 'yaml';
import { z } from 'zod';
import { ROLES } from '../../domain/roles';

/** `zone` as a scope means the whole zone; anything else is a unit code. */
export const ZONE_SCOPE = 'zone';

const unknownRole = (input: unknown) => `unknown role ${JSON.stringify(input)}`;
const role = z.enum(ROLES, { error: (iss) => unknownRole(iss.input) });
const scopedRole = z.strictObject({ role, scope: z.string().min(1) });
/** A union reports only "Invalid input"; name the role when that is what is wrong. */
const roleEntry = z.union([role, scopedRole], {
  error: (iss) => {
    const input: unknown = iss.input;
    if (typeof input === 'string') return unknownRole(input);
    if (input && typeof input === 'object' && 'role' in input && !role.safeParse(input.role).success)
      return unknownRole(input.role);
    if (input && typeof input === 'object')
      return 'a { role, scope } entry needs a scope: a unit code or zone';
    return undefined;
  },
});

const unitEntry = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'unit code must be lower-case letters, digits, - or _'),
  name: z.string().trim().min(1),
});

const personEntry = z.strictObject({
  open_id: z.string().regex(/^ou_[0-9a-zA-Z]+$/, 'open_id must look like ou_ followed by letters and digits'),
  name: z.string().trim().min(1),
  /** Zone-level people (committee, finance, discipline...) belong to no unit. */
  unit: z.string().optional(),
  /** A bare role is scoped to the person's unit. */
  roles: z.array(roleEntry).default([]),
});

export const orgFileSchema = z
  .strictObject({ zone: z.string().trim().min(1), units: z.array(unitEntry), people: z.array(personEntry) })
  .superRefine((doc, ctx) => {
    const codes = new Set<string>();
    doc.units.forEach((u, i) => {
      if (u.code === ZONE_SCOPE)
        ctx.addIssue({ code: 'custom', path: ['units', i], message: `'${ZONE_SCOPE}' is reserved` });
      if (codes.has(u.code))
        ctx.addIssue({ code: 'custom', path: ['units', i], message: `duplicate unit ${u.code}` });
      codes.add(u.code);
    });
    const openIds = new Set<string>();
    doc.people.forEach((p, i) => {
      const at = (message: string, ...path: (string | number)[]) =>
        ctx.addIssue({ code: 'custom', path: ['people', i, ...path], message });
      if (openIds.has(p.open_id)) at(`duplicate open_id ${p.open_id}`);
      openIds.add(p.open_id);
      if (p.unit !== undefined && !codes.has(p.unit)) at(`unknown unit ${JSON.stringify(p.unit)}`, 'unit');
      p.roles.forEach((r, j) => {
        if (typeof r === 'string') {
          if (p.unit === undefined)
            at(
              `role ${r} has no scope: the person has no unit; write { role: ${r}, scope: zone }`,
              'roles',
              j,
            );
        } else if (r.scope !== ZONE_SCOPE && !codes.has(r.scope)) {
          at(`unknown unit ${JSON.stringify(r.scope)} as scope of role ${r.role}`, 'roles', j);
        }
      });
    });
  });

export type OrgFile = z.input<typeof orgFileSchema>;
export type ValidOrgFile = z.output<typeof orgFileSchema>;

/** Validates a parsed document; the error names the entry (`people[3] 张伟 (ou_…)`) and the problem. */
export function validateOrgFile(doc: unknown): ValidOrgFile {
  const r = orgFileSchema.safeParse(doc);
  if (r.success) return r.data;
  const lines = r.error.issues.map((iss) => `${describe(doc, iss.path)}: ${iss.message}`);
  throw new Error(`org file is invalid:\n  ${lines.join('\n  ')}`);
}

/** Parses YAML text into a validated org file. */
export function parseOrgFile(text: string): ValidOrgFile {
  return validateOrgFile(parse(text));
}

function describe(doc: unknown, path: PropertyKey[]): string {
  const [section, index, ...rest] = path;
  if (typeof section !== 'string' || typeof index !== 'number') return path.map(String).join('.') || 'file';
  const entry = (doc as Record<string, unknown[] | undefined>)[section]?.[index] as
    | Record<string, unknown>
    | undefined;
  const label =
    section === 'people' ? `${entry?.name ?? '?'} (${entry?.open_id ?? '?'})` : `${entry?.code ?? '?'}`;
  const tail = rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${section}[${index}] ${label}${tail}`;
}
