import type { Actor } from '../bot/types';
import { buildMenuCard } from './menu';

export function menuCardFor(actor: Actor | undefined) {
  return buildMenuCard({ name: actor?.name, roles: actor?.grants ?? [] });
}
