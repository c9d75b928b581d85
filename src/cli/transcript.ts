import type { MessageView, Sandbox } from '../sandbox';
import { buttonLabel, describeForm } from './form-text';
import { describeMessage, describeToast } from './render';

/**
 * Drives the sandbox as people would and prints what each of them sees: who said what, which card
 * arrived, which button was clicked. Shared by `npm run demo` and future scripted scenarios.
 */
export class Transcript {
  private readonly shown = new Map<string, number>();
  /** What each message last looked like: a new version that reads the same is not printed again. */
  private readonly looked = new Map<string, string>();
  constructor(
    private readonly sb: Sandbox,
    private readonly print: (line: string) => void = console.log,
  ) {}

  /** A person's name by open_id, for pickers, mentions and filled-in forms. */
  readonly nameOf = (openId: string) => this.sb.users().find((u) => u.openId === openId)?.name;

  private show(m: MessageView): string {
    const text = describeMessage(m, '     ', { nameOf: this.nameOf }).text;
    this.looked.set(m.messageId, text);
    return text;
  }

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
      // A card patched in place is the same card, changed: say so instead of showing it as new.
      const updated = this.shown.has(m.messageId);
      this.shown.set(m.messageId, m.versions.length);
      if (
        updated &&
        this.looked.get(m.messageId) === describeMessage(m, '     ', { nameOf: this.nameOf }).text
      )
        continue;
      const what = m.msgType === 'interactive' ? '卡片' : '消息';
      this.print(`  → ${name} ${updated ? `的${what}(已更新)` : `收到${what}`}:\n${this.show(m)}`);
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
    const said = form ? describeForm(card.content, form, this.nameOf) : '';
    this.print(`\n[${name}] 点击「${buttonLabel(card.content, button)}」${said ? ` 填写 ${said}` : ''}`);
    const res = await this.sb.click(this.openId(name), card, button, form);
    const toast = describeToast(res.toast);
    if (toast) this.print(toast);
    if (res.card) {
      const m = this.sb.message(card.messageId)!;
      this.shown.set(m.messageId, m.versions.length);
      this.print(`  → 卡片(已更新):\n${this.show(m)}`);
    }
    for (const other of notify) await this.settle(other);
    return res;
  }
}
