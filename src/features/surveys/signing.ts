/**
 * 满意度测评对象 at signing (rule 7): the clauses' survey part for the chosen recipients, the named
 * people stored in survey_recipients, and the candidates the form's person picker offers.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { people, surveyRecipients } from '../../db/schema';
import { DomainError } from '../../domain/errors';

/** The most people the picker offers (the card's 200 elements, with room for the rest of the form). */
export const MAX_SURVEY_CANDIDATES = 100;

/** Whom the picker offers: the people of the request's unit, who receive its services. */
export async function surveyCandidates(db: DbOrTx, unitId: number): Promise<string[]> {
  const rows = await db
    .select({ openId: people.openId })
    .from(people)
    .where(eq(people.unitId, unitId))
    .orderBy(asc(people.id))
    .limit(MAX_SURVEY_CANDIDATES);
  return rows.map((r) => r.openId);
}

/** The refusal when a named recipient is not a person of the request's unit (a forged picker value). */
export const UNKNOWN_SURVEY_PEOPLE = '满意度测评人员须为本单位登记的人员,请重新选择';

/** The named recipients who are people of `unitId`, the ones the picker offers (surveyCandidates). */
async function ofUnit(db: DbOrTx, openIds: string[], unitId: number) {
  return db
    .select({ id: people.id })
    .from(people)
    .where(and(inArray(people.openId, openIds), eq(people.unitId, unitId)));
}

/** Whether every named recipient is a person of the request's unit; the refusal if not. */
export async function surveyPeopleRefusal(
  db: DbOrTx,
  openIds: string[],
  unitId: number,
): Promise<string | undefined> {
  if (openIds.length === 0) return undefined;
  const known = await ofUnit(db, openIds, unitId);
  return known.length === openIds.length ? undefined : UNKNOWN_SURVEY_PEOPLE;
}

/**
 * Stores the named recipients of a contract just signed; every open_id must be a person of the
 * contract's unit (the picker offers no one else), or nothing is signed. Returns how many.
 */
export async function saveSurveyRecipients(
  tx: Tx,
  contractId: number,
  openIds: string[],
  unitId: number,
): Promise<number> {
  if (openIds.length === 0) return 0;
  const known = await ofUnit(tx, openIds, unitId);
  if (known.length !== openIds.length) throw new DomainError('bad_input', UNKNOWN_SURVEY_PEOPLE);
  await tx.insert(surveyRecipients).values(known.map((p) => ({ contractId, personId: p.id })));
  return known.length;
}
