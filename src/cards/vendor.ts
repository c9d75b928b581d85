import type { ServiceCategory } from '../domain/categories';
import { CATEGORY_LABELS } from '../domain/categories';
import { button, buttons, card, type Element, form, hr, input, md, text } from './kit';

/** Enough to find a vendor on a phone, and below the card's 200-element and 30 KB limits. */
export const VENDORS_SHOWN = 50;

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

/** The vendor list, each with its bidding bans (rule 10); filers and finance may register one. */
export function buildVendorListCard(v: VendorListView): object {
  const elements: Element[] = [];
  if (v.vendors.length === 0) elements.push(md('尚未登记任何供应商。'));
  for (const vendor of v.vendors.slice(0, VENDORS_SHOWN)) elements.push(md(vendorText(vendor)));
  if (v.vendors.length > VENDORS_SHOWN)
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
    subtitle: `共 ${v.vendors.length} 家 · 含禁止投标记录`,
    template: 'wathet',
    elements,
  });
}
