import { readXlsx } from '../../src/xlsx';
import { askMenu, forgeCardCallback } from './cards';
import type { Harness } from './harness';

/** Clicks 导出 as `who` with this button value, by a forged callback on their menu card (in `chatId` when given). */
export async function exportAs(h: Harness, who: string, value: Record<string, unknown>, chatId = '') {
  const menu = await askMenu(h.sb, h.person(who));
  return forgeCardCallback(h, h.person(who), menu.messageId, { a: 'export.request', ...value }, {}, chatId);
}

/**
 * The file `who` receives after the `before` they had, read back. The build is a job retried with
 * backoff, so a busy machine may take a while.
 */
export async function nextFile(h: Harness, who: string, before: number) {
  const f = await h.sb.waitFor(() => h.sb.filesReceived(h.person(who))[before], 60_000);
  return { ...f, sheets: await readXlsx(f.bytes) };
}
