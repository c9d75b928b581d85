import { buildVendorListCard } from '../../cards/vendor';
import type { DbOrTx } from '../../db/client';
import { requireActor } from '../../domain/actor';
import { formText } from '../../domain/form';
import { readVendorSearch, VENDOR_SEARCH_FIELDS, type VendorFilter } from '../../domain/vendor-search';
import { mayRegisterVendor, registerVendor, vendorPage } from '../../features/procurement/vendors';
import { raw } from '../types';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

type Value = ValueOf<'vendor.list'>;

/** A page of the register as the card shows it, with the filter that chose it. */
async function vendorCard(db: DbOrTx, filter: VendorFilter, v: Partial<Value>, canAdd: boolean) {
  const cursor = { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) };
  const page = await vendorPage(db, filter, cursor);
  return buildVendorListCard({
    vendors: page.rows,
    canAdd,
    page: {
      total: page.total,
      filter,
      ...(page.newer !== undefined ? { newer: page.newer } : {}),
      ...(page.older !== undefined ? { older: page.older } : {}),
    },
  });
}

/**
 * 供应商: a page of the register with each vendor's bans, readable by anyone the organisation knows.
 * 查找 starts again at page 1 with what was typed; 上一页 / 下一页 carry the search and the page's edge.
 */
export const showVendors = async (ctx: ReadContext, v: Value) => {
  const actor = requireActor(ctx.actor);
  const form = ctx.event.formValue;
  const searched = form !== undefined && VENDOR_SEARCH_FIELDS.some((k) => Object.hasOwn(form, k));
  const filter: VendorFilter = searched
    ? readVendorSearch(form)
    : { ...(v.q ? { q: v.q } : {}), ...(v.banned ? { banned: true as const } : {}) };
  return { card: raw(await vendorCard(ctx.tx, filter, searched ? {} : v, mayRegisterVendor(actor))) };
};

/** Registers a vendor from the form; any refusal rolls back and the form keeps what was typed. */
export const addVendorFromCard = async (ctx: ActionWriteContext) => {
  const actor = requireActor(ctx.actor);
  const f = ctx.event.formValue;
  const vendor = await registerVendor(ctx.tx, actor, {
    name: formText(f, 'vendor_name'),
    uscc: formText(f, 'uscc'),
    contactName: formText(f, 'contact_name'),
    contactPhone: formText(f, 'contact_phone'),
  });
  return {
    toast: { type: 'success' as const, content: `已登记供应商「${vendor.name}」` },
    // Page 1, newest first: the vendor just registered heads it.
    card: raw(await vendorCard(ctx.tx, {}, {}, true)),
  };
};
