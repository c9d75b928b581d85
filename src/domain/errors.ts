/**
 * A refusal the user can act on. `message` is shown as the toast (Chinese); `code` is for logs and
 * tests. Throwing it rolls the transaction back, so a refused action changes nothing.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
