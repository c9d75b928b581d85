import type { Actor } from '../domain/actor';
import { buildMenuCard } from './menu';

export function menuCardFor(actor: Actor | undefined) {
  return buildMenuCard({ name: actor?.name, roles: actor?.grants ?? [] });
}
