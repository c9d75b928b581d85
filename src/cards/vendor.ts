import type { ServiceCategory } from '../domain/categories';
import { CATEGORY_LABELS } from '../domain/categories';
import { LIST_SEARCH_MAX } from '../domain/list-page';
import { button, buttons, card, type Element, form, hr, input, md, select, text } from './kit';

/** Enough to find a vendor on a phone, and below the card's 200-element and 30 KB limits. */
export const VENDORS_SHOWN = 50;

/** The page shown: how many vendors match, the filter, and the cursors of 上一页 / 下一页. */
export type VendorPage = {
  total: number;
  filter: { q?: string; banned?: true };
  newer?: number;
  older?: number;
};

/** A bidding ban of a vendor (rule 10). */
export type BanView = { year: number; unit: string; category: ServiceCategory; reason: string };
/** A vendor as the list shows it. */
export type VendorView = {
  id: number;
  name: string;
  uscc: string;
  contactName: string;
  contactPhone: string | null;
  bans: BanView[];
};

export interface VendorListView {
  vendors: VendorView[];
  /** A page of the register (keyset); without it the list is capped, as before. */
  page?: VendorPage;
  /** Filers and finance see the registration form. */
  canAdd: boolean;
  typed?: Record<string, string>;
}

function vendorText(v: VendorView): string {
  const contact = `${text(v.contactName)}${v.contactPhone ? ` ${text(v.contactPhone)}` : ''}`;
  const lines = [`**${text(v.name)}**`, `统一社会信用代码:${text(v.uscc)} · 联系人:${contact}`];
  if (v.bans.length === 0) lines.push('禁止参与投标:无');
  for (const b of v.bans)
    lines.push(
      `<font color='red'>禁止参与投标:${b.year}年 ${text(b.unit)} ${CATEGORY_LABELS[b.category]}项目</font>,原因:${text(b.reason)}`,
    );
  return lines.join('\n');
}

/** 查找: a name or credit code, and whether only vendors with a bidding ban are listed. */
function searchForm(p: VendorPage): Element[] {
  const f = p.filter;
  return [
    form('vendor_search', [
      input({
        name: 'vendor_q',
        label: '供应商名称或统一社会信用代码',
        placeholder: '如 洁美,或信用代码 91320583',
        max: LIST_SEARCH_MAX,
        ...(f.q ? { value: f.q } : {}),
      }),
      select({
        name: 'vendor_banned',
        placeholder: '禁止投标记录',
        options: [
          { text: '全部供应商', value: 'all' },
          { text: '仅有禁止投标记录的', value: 'banned' },
        ],
        initial: f.banned ? 'banned' : 'all',
      }),
      buttons([
        button({
          text: '查找',
          value: { a: 'vendor.list' },
          type: 'primary',
          submit: true,
          name: 'vendor_find',
        }),
      ]),
    ]),
    ...(f.q || f.banned
      ? [
          md(
            `查找:${[f.q && `“${text(f.q)}”`, f.banned && '仅有禁止投标记录的'].filter(Boolean).join(' · ')}`,
          ),
          buttons([button({ text: '清除查找', value: { a: 'vendor.list' } })]),
        ]
      : []),
  ];
}

/** The count, always, and 上一页 / 下一页 carrying the filter and the page's edge. */
function vendorPager(p: VendorPage, shown: number): Element[] {
  const f = {
    ...(p.filter.q ? { q: p.filter.q } : {}),
    ...(p.filter.banned ? { banned: true as const } : {}),
  };
  const nav = [
    ...(p.newer !== undefined
      ? [button({ text: '上一页', value: { a: 'vendor.list', before: p.newer, ...f } })]
      : []),
    ...(p.older !== undefined
      ? [button({ text: '下一页', value: { a: 'vendor.list', after: p.older, ...f } })]
      : []),
  ];
  const what = p.filter.q || p.filter.banned ? '符合条件的供应商' : '供应商';
  return [
    md(`${what}共 ${p.total} 家,本页 ${shown} 家(按登记时间,新登记的在前)。`),
    ...(nav.length ? [buttons(nav)] : []),
  ];
}

/** The vendor list, each with its bidding bans (rule 10); filers and finance may register one. */
export function buildVendorListCard(v: VendorListView): object {
  const elements: Element[] = [];
  if (v.page) elements.push(...searchForm(v.page));
  if (v.vendors.length === 0)
    elements.push(
      md(
        v.page && (v.page.filter.q || v.page.filter.banned)
          ? '没有符合条件的供应商。'
          : '尚未登记任何供应商。',
      ),
    );
  for (const vendor of v.vendors.slice(0, VENDORS_SHOWN)) elements.push(md(vendorText(vendor)));
  if (v.page) elements.push(...vendorPager(v.page, Math.min(v.vendors.length, VENDORS_SHOWN)));
  else if (v.vendors.length > VENDORS_SHOWN)
    elements.push(md(`共 ${v.vendors.length} 家,仅显示前 ${VENDORS_SHOWN} 家。`));
  if (v.canAdd) {
    const t = v.typed ?? {};
    elements.push(
      hr(),
      md('**登记供应商**(经办人、财政部门)'),
      form('vendor_form', [
        input({
          name: 'vendor_name',
          label: '供应商名称',
          placeholder: '营业执照上的全称',
          value: t.vendor_name,
        }),
        input({
          name: 'uscc',
          label: '统一社会信用代码',
          placeholder: '18位,如 91350100M000100Y43',
          value: t.uscc,
        }),
        input({ name: 'contact_name', label: '联系人', placeholder: '姓名', value: t.contact_name }),
        input({
          name: 'contact_phone',
          label: '联系电话',
          placeholder: '如 0512-57671234',
          value: t.contact_phone,
        }),
        buttons([
          button({
            text: '登记供应商',
            value: { a: 'vendor.add' },
            type: 'primary',
            submit: true,
            name: 'vendor_add',
          }),
        ]),
      ]),
    );
  }
  elements.push(buttons([button({ text: '返回主菜单', value: { a: 'menu.show' } })]));
  return card({
    title: '供应商',
    subtitle: `共 ${v.page?.total ?? v.vendors.length} 家 · 含禁止投标记录`,
    template: 'wathet',
    elements,
  });
}
