/** Statements on the people of the directory. */
import type { Sql } from '../client';

/** Marks a person left at `at`; true when this call did (false: already left, or no such person). */
export async function markLeftOn(sql: Sql, personId: number, at: Date): Promise<boolean> {
  const marked = await sql<{ id: number }[]>`
    update people set left_at = ${at.toISOString()}::timestamptz where id = ${personId} and left_at is null returning id::int`;
  return marked.length > 0;
}
