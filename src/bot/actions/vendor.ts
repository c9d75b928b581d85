import { buildVendorListCard } from '../../cards/vendor';
import { requireActor } from '../../domain/actor';
import { formText } from '../../domain/form';
import { listVendors, mayRegisterVendor, registerVendor } from '../../features/procurement/vendors';
import { raw } from '../types';
import type { ActionWriteContext, ReadContext } from './types';

/** 供应商: the list with each vendor's bans, readable by anyone the organisation knows. */
export const showVendors = async (ctx: ReadContext) => {
  const actor = requireActor(ctx.actor);
  const vendors = await listVendors(ctx.tx);
  return { card: raw(buildVendorListCard({ vendors, canAdd: mayRegisterVendor(actor) })) };
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
  const vendors = await listVendors(ctx.tx);
  return {
    toast: { type: 'success' as const, content: `已登记供应商「${vendor.name}」` },
    card: raw(buildVendorListCard({ vendors, canAdd: true })),
  };
};
