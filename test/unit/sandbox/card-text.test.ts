import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCard } from '../../../src/sandbox/card-check';
import { renderCardText, stripMarkdown } from '../../../src/sandbox/card-text';

const dir = fileURLToPath(new URL('../../fixtures/cards/', import.meta.url));
const text = (content: string) => ({ tag: 'plain_text', content });

// A representative supervision card: header, markdown, columns, table, a form and plain buttons.
const card = {
  schema: '2.0',
  config: { update_multi: true },
  header: {
    title: text('服务核查：社区养老助餐'),
    subtitle: text('第 3 期 · 待复核'),
    template: 'orange',
    text_tag_list: [{ tag: 'text_tag', text: text('待办'), color: 'orange' }],
  },
  body: {
    elements: [
      {
        tag: 'markdown',
        content: '**服务商**：<font color="grey">幸福里</font><br>请在 <at id="ou_1"></at> 今天内处理',
      },
      {
        tag: 'column_set',
        columns: [
          { tag: 'column', elements: [{ tag: 'markdown', content: '### 计划\n30 人次' }] },
          {
            tag: 'column',
            elements: [{ tag: 'div', text: { tag: 'lark_md', content: '实际 **28** 人次' } }],
          },
        ],
      },
      {
        tag: 'table',
        page_size: 5,
        columns: [
          { name: 'item', display_name: '项目', data_type: 'text' },
          { name: 'n', display_name: 'Count', data_type: 'number' },
          { name: 'who', display_name: '核查人', data_type: 'persons' },
        ],
        rows: [
          { item: '助餐', n: 28, who: ['ou_a'] },
          { item: 'Bath', n: 3, who: ['ou_b', 'ou_c'] },
        ],
      },
      { tag: 'hr' },
      {
        tag: 'form',
        name: 'review',
        elements: [
          {
            tag: 'input',
            name: 'amount',
            required: true,
            label: text('金额'),
            placeholder: text('请输入金额'),
            default_value: '100',
          },
          {
            tag: 'select_static',
            name: 'verdict',
            placeholder: text('请选择'),
            required: false,
            options: [
              { text: text('合格'), value: 'pass' },
              { text: text('不合格'), value: 'fail' },
            ],
          },
          {
            tag: 'select_person',
            name: 'owner',
            placeholder: text('负责人'),
            options: [{ value: 'ou_x' }],
            required: false,
          },
          {
            tag: 'date_picker',
            name: 'due',
            placeholder: text('截止日期'),
            initial_date: '2024-06-01',
            required: false,
          },
          {
            tag: 'button',
            name: 'send',
            text: text('提交'),
            type: 'primary_filled',
            form_action_type: 'submit',
            behaviors: [{ type: 'callback', value: { action: 'review_submit' } }],
          },
        ],
      },
      {
        tag: 'button',
        text: text('稍后提醒'),
        behaviors: [{ type: 'callback', value: { action: 'snooze', id: 7 } }],
      },
      {
        tag: 'button',
        text: text('查看原件'),
        behaviors: [{ type: 'open_url', default_url: 'https://example.com/doc' }],
      },
    ],
  },
};

describe('renderCardText', () => {
  const { text: out, controls } = renderCardText(card);
  const lines = out.split('\n');

  it('is a valid card to begin with', () => {
    expect(checkCard(card)).toEqual([]);
  });

  it('puts the header title, tags and subtitle on top', () => {
    expect(lines.slice(0, 3)).toEqual(['【服务核查：社区养老助餐】 [待办]', '第 3 期 · 待复核', '']);
  });

  it('keeps markdown as text without ** or <font>, keeping line breaks, and flattens columns', () => {
    expect(out).toContain('服务商：幸福里\n请在 @ou_1 今天内处理\n计划\n30 人次\n实际 28 人次');
    expect(out).not.toMatch(/\*\*|<font|###/);
  });

  it('shows <br> and <br/> as line breaks, the way the builders write them', () => {
    const md = (content: string) => ({ schema: '2.0', body: { elements: [{ tag: 'markdown', content }] } });
    expect(renderCardText(md('单位:一号<br>金额:100<br/>状态:待审<BR />完')).text).toBe(
      '单位:一号\n金额:100\n状态:待审\n完',
    );
    expect(stripMarkdown('**甲**<br>乙')).toBe('甲\n乙');
  });

  it('renders a table as aligned rows and hr as a line', () => {
    expect(out).toContain(
      [
        '项目 │ Count │ 核查人',
        '─────┼───────┼─────────────',
        '助餐 │ 28    │ @ou_a',
        'Bath │ 3     │ @ou_b, @ou_c',
        '────────────────────────',
      ].join('\n'),
    );
  });

  it('numbers every control in document order; options by position, never by value', () => {
    expect(out).toContain(
      [
        '[1] (输入 金额) 请输入金额 / 当前:100 *必填',
        '[2] (单选) 请选择 — 选项(填编号):1.合格 | 2.不合格',
        '[3] (选人) 负责人 — 选项(填编号):1.ou_x',
        '[4] (日期) 截止日期 / 当前:2024-06-01 (格式 YYYY-MM-DD,例如 2026-12-01)',
        '[5] (按钮) 提交 ⟨提交⟩',
        '[6] (按钮) 稍后提醒',
        '[7] (按钮) 查看原件 → https://example.com/doc',
      ].join('\n'),
    );
  });

  it('describes each control', () => {
    expect(controls.map((c) => [c.n, c.kind, c.label])).toEqual([
      [1, 'input', '金额'],
      [2, 'select', '请选择'],
      [3, 'person', '负责人'],
      [4, 'date', '截止日期'],
      [5, 'button', '提交'],
      [6, 'button', '稍后提醒'],
      [7, 'button', '查看原件'],
    ]);
    expect(controls[0]).toEqual({
      n: 1,
      kind: 'input',
      label: '金额',
      name: 'amount',
      form: 'review',
      required: true,
      placeholder: '请输入金额',
      defaultValue: '100',
    });
    expect(controls[1]?.options).toEqual([
      { text: '合格', value: 'pass' },
      { text: '不合格', value: 'fail' },
    ]);
    expect(controls[4]).toMatchObject({
      name: 'send',
      form: 'review',
      submit: true,
      value: { action: 'review_submit' },
    });
    expect(controls[5]).toMatchObject({ submit: false, value: { action: 'snooze', id: 7 } });
    expect(controls[5]?.form).toBeUndefined();
    expect(controls[6]?.value).toBeUndefined();
  });

  it('accepts the {msg_type, card} wrapper', () => {
    expect(renderCardText({ msg_type: 'interactive', card }).text).toBe(out);
  });

  it('renders every fixture, numbering clickable containers too', () => {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const r = renderCardText(JSON.parse(readFileSync(`${dir}${f}`, 'utf8')));
      expect(r.text.length, f).toBeGreaterThan(0);
      r.controls.forEach((c, i) => {
        expect(c.n).toBe(i + 1);
      });
    }
    const approval = renderCardText(JSON.parse(readFileSync(`${dir}approval-reminder.json`, 'utf8')));
    expect(approval.controls.filter((c) => c.submit).map((c) => c.label)).toEqual(['同意', '拒绝']);
    const curated = renderCardText(JSON.parse(readFileSync(`${dir}ai-curated-recommendations.json`, 'utf8')));
    expect(curated.controls[0]).toMatchObject({ kind: 'other', value: 'view_detail' });
    expect(curated.text).toContain('[1] (可点击区域)');
  });
});

describe('renderCardText with names', () => {
  const nameOf = (id: string) => ({ ou_x: '张伟', ou_a: '李秀英', ou_1: '王建国' })[id];
  const { text } = renderCardText(card, { nameOf });

  it('shows people by name in pickers, mentions and person columns', () => {
    expect(text).toContain('[3] (选人) 负责人 — 选项(填编号):1.张伟');
    expect(text).toContain('请在 @王建国 今天内处理');
    expect(text).toContain('@李秀英');
    expect(text).not.toMatch(/ou_[x1a]\b/);
  });

  it('hints multi-line text boxes and shows a select default by its text', () => {
    const form = {
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'form',
            name: 'f',
            elements: [
              {
                tag: 'input',
                name: 'schedule',
                label: { tag: 'plain_text', content: '付款计划' },
                input_type: 'multiline_text',
              },
              {
                tag: 'select_static',
                name: 'cat',
                initial_option: 'cleaning',
                options: [{ text: { tag: 'plain_text', content: '保洁' }, value: 'cleaning' }],
              },
            ],
          },
        ],
      },
    };
    const r = renderCardText(form, { nameOf });
    expect(r.text).toContain('[1] (输入 付款计划) (可多行:用 | 分行,或行末加 \\ 续行)');
    expect(r.text).toContain('[2] (单选) / 当前:保洁 — 选项(填编号):1.保洁');
    expect(r.text).not.toContain('cleaning');
    expect(r.controls[0]).toMatchObject({ multiline: true });
  });
});

describe('stripMarkdown', () => {
  it('handles the Feishu tags', () => {
    const md =
      '<at id=all></at> <person id="ou_9" show_name="true"></person> <text_tag color="blue">4.9</text_tag> ' +
      "<number_tag>2</number_tag> <link url='u'>文档</link> [链接](https://x.y) ~~旧~~&nbsp;a<br>b";
    expect(stripMarkdown(md)).toBe('@所有人 @ou_9 [4.9] (2) 文档 链接 旧 a\nb');
  });
});
