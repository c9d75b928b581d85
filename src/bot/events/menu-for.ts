import { buildMenuCard } from '../cards/menu';
import type { Actor } from '../types';

export function menuCardFor(actor: Actor | undefined) {
  return buildMenuCard({ name: actor?.name, roles: actor?.grants ?? [] });
}
