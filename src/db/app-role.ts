import postgres from 'postgres';

/** The group role of migration 0009: read and write the state, insert-only on the audit trail. */
export const APP_GROUP_ROLE = 'gps_app';

const userOf = (url: string) => decodeURIComponent(new URL(url).username) || 'postgres';

/** True when the app would connect as the same role that runs the migrations (and owns the tables). */
export function sameRole(ownerUrl: string, appUrl: string): boolean {
  return userOf(ownerUrl) === userOf(appUrl);
}

export class AppRoleError extends Error {}

/**
 * Makes sure the app's login role (the user of `appUrl`) exists and is a member of gps_app, as the
 * owner of `ownerUrl`. Creates or grants only where the owner has the right (a superuser or a role
 * with CREATEROLE: a developer's machine, the sandbox, tests); a production owner usually has not,
 * and then this says what an administrator has to run. Safe against a concurrent caller.
 */
export async function ensureAppLogin(ownerUrl: string, appUrl: string): Promise<'same-role' | 'ready'> {
  if (sameRole(ownerUrl, appUrl)) return 'same-role';
  const user = userOf(appUrl);
  const password = decodeURIComponent(new URL(appUrl).password);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [me] = await sql<{ can: boolean }[]>`
      select rolsuper or rolcreaterole as can from pg_roles where rolname = current_user`;
    const [role] = await sql<{ member: boolean }[]>`
      select pg_has_role(${user}, ${APP_GROUP_ROLE}, 'member') as member from pg_roles where rolname = ${user}`;
    if (role?.member) return 'ready';
    const create = `CREATE ROLE ${user} LOGIN PASSWORD '...' IN ROLE ${APP_GROUP_ROLE}`;
    if (!me?.can) {
      throw new AppRoleError(
        role
          ? `database role ${user} is not a member of ${APP_GROUP_ROLE}; as an administrator run: GRANT ${APP_GROUP_ROLE} TO ${user}`
          : `database role ${user} does not exist; as an administrator run: ${create}`,
      );
    }
    const [stmt] = await sql<{ text: string }[]>`
      select case when ${!role} then format('CREATE ROLE %I LOGIN IN ROLE %I', ${user}::text, ${APP_GROUP_ROLE}::text)
        || case when ${password} <> '' then format(' PASSWORD %L', ${password}::text) else '' end
        else format('GRANT %I TO %I', ${APP_GROUP_ROLE}::text, ${user}::text) end as text`;
    // A parallel start (or test file) may create it first: that is as good as creating it here.
    await sql
      .unsafe(
        `DO $gps$ BEGIN ${stmt!.text}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $gps$`,
      )
      .catch((e: { code?: string }) => {
        if (e.code !== 'XX000') throw e; // "tuple concurrently updated" from a simultaneous GRANT
      });
    return 'ready';
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * What the connected role may do to the audit trail, for the start-up warning and /readyz: a role
 * that may update or delete its rows (an owner, a superuser) makes the trail tamper-evident only.
 */
export async function auditWritableBy(sql: postgres.Sql): Promise<{ role: string; canRewrite: boolean }> {
  const [r] = await sql<{ role: string; can_rewrite: boolean }[]>`
    select current_user as role,
      has_table_privilege('audit_log', 'UPDATE') or has_table_privilege('audit_log', 'DELETE')
        or pg_has_role((select tableowner from pg_tables where tablename = 'audit_log' and schemaname = 'public'), 'MEMBER')
        as can_rewrite`;
  return { role: r!.role, canRewrite: r!.can_rewrite };
}
