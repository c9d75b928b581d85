import { buildVendorListCard } from '../../cards/vendor';
import { DomainError } from '../../domain/errors';
import { listVendors, mayRegisterVendor, registerVendor } from '../../features/procurement/vendors';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

const field = (f: Record<string, unknown>, k: string) => {
  const v = f[k];
  return typeof v === 'string' ? v : '';
};

/** 供应商: the list with each vendor's bans, readable by anyone the organisation knows. */
export const showVendors: ActionHandler = async (ctx) => {
  const actor = ctx.actor;
  if (!actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  const vendors = await listVendors(ctx.tx);
  return { card: raw(buildVendorListCard({ vendors, canAdd: mayRegisterVendor(actor) })) };
};

/** Registers a vendor from the form; any refusal rolls back and the form keeps what was typed. */
export const addVendorFromCard: ActionHandler = async (ctx) => {
  const actor = ctx.actor;
  if (!actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  const f = ctx.event.formValue ?? {};
  const tx = writeTx(ctx);
  const vendor = await registerVendor(tx, actor, {
    name: field(f, 'vendor_name'),
    uscc: field(f, 'uscc'),
    contactName: field(f, 'contact_name'),
    contactPhone: field(f, 'contact_phone'),
  });
  const vendors = await listVendors(tx);
  return {
    toast: { type: 'success', content: `已登记供应商「${vendor.name}」(#${vendor.id})` },
    card: raw(buildVendorListCard({ vendors, canAdd: true })),
  };
};
