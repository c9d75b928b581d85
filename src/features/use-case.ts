/**
 * The one shape of a write use case (CONTRIBUTING.md, "Add a button"): `fn(uc, input)`. `uc` carries
 * what every write is done with: the transaction, the person acting (established by the caller's
 * scope: an `Actor`, never `undefined`), the business clock and the outbox the messages go through.
 * `input` is what this use case is about (the ids and the form). A use case that needs only some of
 * them takes a `Pick` of this type, in the same first place.
 */
import type { Tx } from '../db/client';
import type { Actor } from '../domain/actor';
import type { OutboxWriter } from '../outbox/write';

export type UseCase = { tx: Tx; actor: Actor; now: Date; out: OutboxWriter };

/**
 * The exception: a use case whose own refusal (not the legal reviewer, not the owner, ...) comes before
 * any check of who acts takes the actor as the click found it, possibly unknown, so that the first
 * refusal a person sees stays its own.
 */
export type UseCaseOfAnyone = Omit<UseCase, 'actor'> & { actor: Actor | undefined };
