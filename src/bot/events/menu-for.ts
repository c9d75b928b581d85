import type { Tx } from '../../db/client';
import { liveGrants } from '../../db/queries/grants';
import { buildMenuCard } from '../cards/menu';
import type { Actor } from '../types';

export async function menuCardFor(tx: Tx, actor: Actor | undefined) {
  const roles = actor ? await liveGrants(tx, actor.personId) : [];
  return buildMenuCard({ name: actor?.name, roles });
}
