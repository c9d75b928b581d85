/** Polls until `fn` returns something truthy and resolves with it; for "the bot answers eventually" checks. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`waitFor: 条件在 ${timeoutMs} ms 内未满足`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
