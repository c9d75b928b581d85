import { button, buttons, card, md } from './kit';

/** The answer in a group chat that replaced a personal view: the view itself went to the private chat. */
export const SENT_PRIVATELY = '已私聊发送';

/**
 * The bot's answer to an @mention in a group. A group is seen by all its members, so this card
 * carries nothing personal: not the sender's roles, not an amount, a vendor or a score. Each button
 * is checked against the clicker's roles when clicked, and what it opens goes to their private chat.
 */
export function groupMenuCard() {
  return card({
    title: '政府购买服务监管助手',
    template: 'blue',
    summary: '点击按钮,结果私聊发送给您',
    elements: [
      md(
        '群里只显示大家都能看的内容。点击下方按钮,内容将**私聊发送**给您本人;' +
          '也可以 @我 并写「待办」「考核」「预算」「结算」「抽查」或「帮助」。',
      ),
      buttons([
        button({ text: '我的待办', value: { a: 'todo.show' }, type: 'primary' }),
        button({ text: '我的菜单', value: { a: 'menu.show' } }),
        button({ text: '帮助', value: { a: 'help' } }),
        button({ text: '绑定本群', value: { a: 'group.open' } }),
      ]),
    ],
  });
}
