import type { Actor } from '../domain/actor';
import { buildMenuCard } from './menu';

/** The main menu for `actor`; `note` says why a typed word opened it (a section they cannot use). */
export function menuCardFor(actor: Actor | undefined, note?: string) {
  return buildMenuCard({ name: actor?.name, roles: actor?.grants ?? [], ...(note ? { note } : {}) });
}
