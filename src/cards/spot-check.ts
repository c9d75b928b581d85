/** The spot-check cards (rule 12): the scope form, the committed seed hash, the drawn sample. */
import { CATEGORY_LABELS, SERVICE_CATEGORIES, type ServiceCategory } from '../domain/categories';
import { formatPercent, formatTenths } from '../domain/score';
import { exportButton } from './export-button';
import { button, buttons, card, type Element, form, hr, input, longSelect, md, text } from './kit';
import { type SpotCheckListView, spotCheckListElements } from './spot-check-list';

const home = () => button({ text: '返回主菜单', value: { a: 'menu.show' } });

function multiSelect(name: string, placeholder: string, options: { text: string; value: string }[]): Element {
  return {
    tag: 'multi_select_static',
    name,
    placeholder: { tag: 'plain_text', content: placeholder },
    options: options.map((o) => ({ text: { tag: 'plain_text', content: o.text }, value: o.value })),
    // Explicit: the multi-select page gives `required` a default of true, and 不选即全部 needs it off.
    required: false,
  };
}

export type SpotCheckFormView = {
  /** The units the checker may choose from; `zone`: their grant covers the whole zone. */
  units: { id: number; name: string }[];
  zone: boolean;
  defaultBp: number;
  /** 以往抽查: the first page of the checks the clicker may open. */
  earlier?: SpotCheckListView;
};

/** 抽查: the scope and the sample size or rate; below it, the earlier checks. */
export function buildSpotCheckFormCard(v: SpotCheckFormView) {
  const fields: Element[] = [
    ...longSelect({
      name: 'units',
      placeholder: v.zone ? '单位(不选即全区所有单位)' : '单位(不选即您权限内的全部单位)',
      options: v.units.map((u) => ({ text: u.name, value: String(u.id) })),
      multi: true,
      typed: { label: '或输入单位名称', placeholder: '列表中没有的单位:输入全称,多个以、分隔' },
    }),
    multiSelect(
      'categories',
      '服务类别(不选即全部类别)',
      SERVICE_CATEGORIES.map((c) => ({ text: CATEGORY_LABELS[c], value: c })),
    ),
    input({ name: 'from_month', label: '起始月份', placeholder: '如 2026-01' }),
    input({ name: 'to_month', label: '截止月份', placeholder: '如 2026-12' }),
    input({ name: 'size', label: '抽查数量', placeholder: '抽取的考核记录条数,如 10(与比例二选一)' }),
    input({
      name: 'rate',
      label: '抽查比例(%)',
      placeholder: `如 ${formatPercent(v.defaultBp).replace('%', '')}(与数量二选一,向上取整)`,
    }),
    buttons([
      button({
        text: '确认范围',
        value: { a: 'spotcheck.create' },
        type: 'primary',
        submit: true,
        name: 'create',
      }),
    ]),
  ];
  return card({
    title: '抽查',
    subtitle: '纪检监察 · 财政部门',
    summary: '抽查',
    elements: [
      md(
        '按范围从**当前有效的月度考核成绩**中随机抽取。确认范围后系统即生成随机种子并登记其哈希值,**在读取任何考核记录之前**;抽取结果只由种子和范围内的考核记录决定,任何人均可复核。',
      ),
      form('spotcheck', fields),
      ...(v.earlier ? [hr(), ...spotCheckListElements(v.earlier)] : []),
      buttons([home()]),
    ],
  });
}

export type ScopeView = {
  units: string[] | null;
  categories: ServiceCategory[] | null;
  fromMonth: string;
  toMonth: string;
  sampleSize: number | null;
  sampleBp: number | null;
};

export function scopeText(s: ScopeView): string {
  const units = s.units === null ? '全区所有单位' : s.units.map(text).join('、');
  const cats = s.categories === null ? '全部类别' : s.categories.map((c) => CATEGORY_LABELS[c]).join('、');
  const how = s.sampleSize !== null ? `${s.sampleSize} 条` : `${formatPercent(s.sampleBp ?? 0)}(向上取整)`;
  return `单位:${units}\n类别:${cats}\n月份:${text(s.fromMonth)} 至 ${text(s.toMonth)}\n抽取:${how}`;
}

/** After step 1: the seed's hash is on record; 抽取 reads the population. */
export function buildSpotCheckCreatedCard(v: { id: number; scope: ScopeView; seedHash: string }) {
  return card({
    title: `抽查 #${v.id} · 范围已确认`,
    template: 'wathet',
    summary: `抽查 #${v.id}`,
    elements: [
      md(scopeText(v.scope)),
      md(`随机种子的 SHA-256 哈希(已登记):\n**${text(v.seedHash)}**`),
      md(
        '请记录或截图上述哈希。抽取后将公开种子,任何有权查看本抽查的人员均可点击「验证抽样」,按审计记录重新抽取并核对结果。',
      ),
      buttons([
        button({
          text: '抽取',
          value: { a: 'spotcheck.draw', check: v.id },
          type: 'primary',
          confirm: {
            title: '抽取样本',
            text: '将按已登记的种子从范围内的考核记录中抽取样本,抽取后不可更改。',
          },
        }),
        home(),
      ]),
    ],
  });
}

export type SampleLine = {
  scoreId: number;
  contractId: number;
  /** The contract's number (HT-2026-0012). */
  contractNo: string;
  unit: string;
  vendor: string;
  month: string;
  assessorTenths: number;
  checkerTenths: number | null;
  exceeds: boolean | null;
  /** Whether the checker's score stands for the month (the policy's funding rule). */
  stands: boolean;
  /** The sampled score's 逾期补录 label when its month was first scored after its due date. */
  late?: string;
};

export type SamplesView = {
  id: number;
  scope: ScopeView;
  seed: string;
  seedHash: string;
  population: number;
  total: number;
  page: number;
  pageSize: number;
  samples: SampleLine[];
};

/**
 * Both scores of a sample, as the score list shows them: 考核人 78.0 / 抽查 70.0(以抽查为准). Until
 * the checker has scored, the assessor's score is withheld: the checker re-scores blind.
 */
export function bothScores(s: Pick<SampleLine, 'assessorTenths' | 'checkerTenths' | 'stands'>): string {
  if (s.checkerTenths === null) return '待录入抽查评分(录入后显示考核人评分)';
  const stands = s.stands ? '(以抽查为准)' : '';
  return `考核人 ${formatTenths(s.assessorTenths)} / 抽查 ${formatTenths(s.checkerTenths)}${stands}`;
}

/** After step 2: the sample in draw order, a page at a time, each with its 录入 button until scored. */
export function buildSpotCheckSamplesCard(v: SamplesView) {
  const lines: Element[] = [];
  for (const s of v.samples) {
    const flag = `${s.exceeds ? ' ⚠️ 差距超出容差' : ''}${s.late ? ` · ${text(s.late)}` : ''}`;
    lines.push(
      md(
        `**合同 ${text(s.contractNo)}** · ${text(s.unit)} · ${text(s.vendor)} · ${text(s.month)}\n${bothScores(s)}${flag}`,
      ),
    );
    if (s.checkerTenths === null)
      lines.push(
        buttons([
          button({ text: '录入抽查评分', value: { a: 'spotcheck.form', check: v.id, score: s.scoreId } }),
        ]),
      );
  }
  const nav: Element[] = [];
  if (v.page > 0)
    nav.push(button({ text: '上一页', value: { a: 'spotcheck.show', check: v.id, page: v.page - 1 } }));
  if ((v.page + 1) * v.pageSize < v.total)
    nav.push(button({ text: '下一页', value: { a: 'spotcheck.show', check: v.id, page: v.page + 1 } }));
  return card({
    title: `抽查 #${v.id} · 已抽取 ${v.total} 条`,
    template: 'turquoise',
    summary: `抽查 #${v.id}`,
    elements: [
      md(`${scopeText(v.scope)}\n范围内考核记录:${v.population} 条`),
      md(`种子:${text(v.seed)}\n种子哈希:${text(v.seedHash)}`),
      hr(),
      ...(lines.length ? lines : [md('范围内没有可抽取的考核记录。')]),
      buttons([
        ...nav,
        button({ text: '刷新', value: { a: 'spotcheck.show', check: v.id } }),
        button({ text: '验证抽样', value: { a: 'spotcheck.verify', check: v.id } }),
        exportButton('导出样本', { k: 'spot_checks', check: v.id }),
        home(),
      ]),
    ],
  });
}
