import type { MessageView, Sandbox } from '../sandbox';
import { describeMessage, describeToast } from './render';

/**
 * Drives the sandbox as people would and prints what each of them sees: who said what, which card
 * arrived, which button was clicked. Shared by `npm run demo` and future scripted scenarios.
 */
export class Transcript {
  private readonly shown = new Map<string, number>();
  constructor(
    private readonly sb: Sandbox,
    private readonly print: (line: string) => void = console.log,
  ) {}

  private openId(name: string): string {
    const u = this.sb.users().find((x) => x.name === name);
    if (!u) throw new Error(`no such person: ${name}`);
    return u.openId;
  }

  private fresh(name: string): MessageView[] {
    return this.sb
      .inbox(this.openId(name))
      .filter((m) => m.sender === 'bot' && this.shown.get(m.messageId) !== m.versions.length);
  }

  /** Waits until the bot has sent `name` something new (or `quietMs` passes), then prints it. */
  async settle(name: string, quietMs = 1500): Promise<MessageView[]> {
    await this.sb.waitFor(() => this.fresh(name).length > 0, quietMs).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    const items = this.fresh(name);
    for (const m of items) {
      this.shown.set(m.messageId, m.versions.length);
      this.print(
        `  → ${name} 收到${m.msgType === 'interactive' ? '卡片' : '消息'}:\n${describeMessage(m, '     ').text}`,
      );
    }
    return items;
  }

  note(text: string) {
    this.print(`\n## ${text}`);
  }

  async say(name: string, text: string) {
    this.print(`\n[${name}] ${text}`);
    await this.sb.say(this.openId(name), text);
    return this.settle(name);
  }

  /** `button` is its text, or a subset of its callback value when several buttons share a text. */
  async click(
    name: string,
    button: string | Record<string, unknown>,
    form?: Record<string, unknown>,
    notify: string[] = [],
    /** The card to click on; the person's newest card when left out. */
    on?: MessageView,
  ) {
    const card = on ?? this.sb.lastCard(this.openId(name));
    if (!card) throw new Error(`${name} has no card to click`);
    const filled = form ? ` 填写 ${JSON.stringify(form)}` : '';
    this.print(
      `\n[${name}] 点击「${typeof button === 'string' ? button : JSON.stringify(button)}」${filled}`,
    );
    const res = await this.sb.click(this.openId(name), card, button, form);
    const toast = describeToast(res.toast);
    if (toast) this.print(toast);
    if (res.card) {
      const m = this.sb.message(card.messageId)!;
      this.shown.set(m.messageId, m.versions.length);
      this.print(`  → 卡片更新为:\n${describeMessage(m, '     ').text}`);
    }
    for (const other of notify) await this.settle(other);
    return res;
  }
}
