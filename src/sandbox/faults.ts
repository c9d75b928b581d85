/**
 * The fault knobs of the message APIs: refusals a test asks for (`Sandbox.refuse`), and the app's
 * scopes (`Sandbox.setScope`). Kept beside the core, as the approval center's store is.
 */
import type { SandboxCore } from './core';
import { type ApiError, errorFor, scopeMissing } from './feishu-errors';

/** Which calls a fault answers: message create and reply (`send`), card patch, 加急. */
export type FaultApi = 'send' | 'patch' | 'urgent';

export interface Fault {
  api: FaultApi;
  code: number;
  /** The chat (a person's p2p chat or a group) whose calls are refused; undefined: any. */
  chatId?: string;
  /** How many calls are refused before the API answers normally again. */
  left: number;
}

/** The scopes the urgent API needs: any one of them will do (发送应用内加急, 权限要求). */
const URGENT_SCOPES = ['im:message.urgent', 'im:message.urgent:app_send'];

export class Faults {
  private faults: Fault[] = [];
  private readonly revoked = new Set<string>();

  add(f: Fault): void {
    if (f.left > 0) this.faults.push(f);
  }

  /** The refusal due for this call, if any (it uses up one of the fault's times). */
  take(api: FaultApi, chatId: string): ApiError | undefined {
    if (api === 'urgent' && URGENT_SCOPES.every((s) => this.revoked.has(s)))
      return scopeMissing(URGENT_SCOPES);
    const f = this.faults.find((x) => x.api === api && (x.chatId === undefined || x.chatId === chatId));
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.faults = this.faults.filter((x) => x !== f);
    return errorFor(f.code);
  }

  /** Grants or revokes a scope; only 加急's are modelled (revoking `im:message.urgent` revokes both). */
  setScope(scope: string, granted: boolean): void {
    const scopes = URGENT_SCOPES.includes(scope) ? URGENT_SCOPES : [scope];
    for (const s of scopes) {
      if (granted) this.revoked.delete(s);
      else this.revoked.add(s);
    }
  }

  clear(): void {
    this.faults = [];
  }
}

const all = new WeakMap<SandboxCore, Faults>();

export function faultsOf(core: SandboxCore): Faults {
  let f = all.get(core);
  if (!f) {
    f = new Faults();
    all.set(core, f);
  }
  return f;
}
