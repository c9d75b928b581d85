import { ApiError } from './feishu-errors';
import { isRecord } from './http-io';

/**
 * The request checks of the approval center's routes, as the v4 reference documents them
 * (open.feishu.cn/document/server-docs/approval-v4/external_approval/create,
 * .../external_instance/create and .../external_instance/check, "请求体" and "错误码").
 */

type Obj = Record<string, unknown>;

export const ApprovalCodes = { paramInvalid: 1390001, approvalCodeNotFound: 1390002 } as const;

/** 1390001, HTTP 400; the detail after `ext=` says which field, as the IM errors do. */
export function paramInvalid(detail: string): ApiError {
  return new ApiError(400, ApprovalCodes.paramInvalid, `param is invalid, ext=${detail}`);
}

export function approvalCodeNotFound(): ApiError {
  return new ApiError(400, ApprovalCodes.approvalCodeNotFound, 'approval code not found');
}

export const LOCALES = [
  'zh-CN',
  'en-US',
  'ja-JP',
  'zh-HK',
  'zh-TW',
  'de-DE',
  'es-ES',
  'fr-FR',
  'id-ID',
  'it-IT',
  'ko-KR',
  'pt-BR',
  'th-TH',
  'vi-VN',
  'ms-MY',
  'ru-RU',
];
export const INSTANCE_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'CANCELED',
  'DELETED',
  'HIDDEN',
  'TERMINATED',
];
export const TASK_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'TRANSFERRED', 'DONE'];
export const UPDATE_MODES = ['REPLACE', 'UPDATE'];
const DISPLAY_METHODS = ['BROWSER', 'SIDEBAR', 'NORMAL', 'TRUSTEESHIP'];
const VIEWER_TYPES = ['TENANT', 'DEPARTMENT', 'USER', 'NONE'];
/** The documented maxima: 200 tasks, 200 cc entries, 200 viewers and managers, 2048 characters of form. */
const MAX_LIST = 200;
const MAX_FORM_CHARS = 2048;
const I18N_PREFIX = '@i18n@';

export function str(o: Obj, key: string, path: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw paramInvalid(`${path}${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw paramInvalid(`${path}${key} must be a string`);
  if (required && v === '') throw paramInvalid(`${path}${key} must not be empty`);
  return v;
}

export function oneOf(o: Obj, key: string, path: string, allowed: string[], required: boolean) {
  const v = str(o, key, path, required);
  if (v !== undefined && !allowed.includes(v))
    throw paramInvalid(`${path}${key} ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  return v;
}

/** A Unix millisecond timestamp, sent as a string of digits ("0" for a task or instance not ended). */
export function millis(o: Obj, key: string, path: string, required: boolean): string | undefined {
  const v = str(o, key, path, required);
  if (v !== undefined && !/^\d{1,16}$/.test(v))
    throw paramInvalid(`${path}${key} must be a Unix millisecond timestamp string`);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw paramInvalid(`${path}${key} must be a boolean`);
  return v;
}

export function list(o: Obj, key: string, path: string, required: boolean, max = MAX_LIST): Obj[] {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw paramInvalid(`${path}${key} is required`);
    return [];
  }
  if (!Array.isArray(v)) throw paramInvalid(`${path}${key} must be a list`);
  if (v.length > max) throw paramInvalid(`${path}${key} has ${v.length} entries, at most ${max}`);
  v.forEach((x, i) => {
    if (!isRecord(x)) throw paramInvalid(`${path}${key}[${i}] must be an object`);
  });
  return v as Obj[];
}

export function object(o: Obj, key: string, path: string, required: boolean): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw paramInvalid(`${path}${key} is required`);
    return undefined;
  }
  if (!isRecord(v)) throw paramInvalid(`${path}${key} must be an object`);
  return v;
}

/** `links`: pc_link or mobile_link, at least one ("pc_link 和 mobile_link 至少填一个"). */
export function links(o: Obj, path: string): { pcLink?: string; mobileLink?: string } {
  const l = object(o, 'links', path, true)!;
  const pcLink = str(l, 'pc_link', `${path}links.`, false);
  const mobileLink = str(l, 'mobile_link', `${path}links.`, false);
  if (!pcLink && !mobileLink) throw paramInvalid(`${path}links needs pc_link or mobile_link`);
  return { ...(pcLink ? { pcLink } : {}), ...(mobileLink ? { mobileLink } : {}) };
}

/** The texts of the default locale of `i18n_resources` (exactly one entry has is_default). */
export function i18nTexts(body: Obj, required: boolean): Map<string, string> {
  const resources = list(body, 'i18n_resources', '', required);
  if (required && resources.length === 0) throw paramInvalid('i18n_resources must not be empty');
  let texts = new Map<string, string>();
  let defaults = 0;
  resources.forEach((r, i) => {
    const path = `i18n_resources[${i}].`;
    oneOf(r, 'locale', path, LOCALES, true);
    const isDefault = bool(r, 'is_default', path);
    if (isDefault === undefined) throw paramInvalid(`${path}is_default is required`);
    const entries = new Map<string, string>();
    list(r, 'texts', path, true, 10_000).forEach((t, j) => {
      const key = str(t, 'key', `${path}texts[${j}].`, true)!;
      if (!key.startsWith(I18N_PREFIX)) throw paramInvalid(`${path}texts[${j}].key must start with @i18n@`);
      entries.set(key, str(t, 'value', `${path}texts[${j}].`, true)!);
    });
    if (isDefault) {
      defaults += 1;
      texts = entries;
    }
  });
  if (resources.length > 0 && defaults !== 1)
    throw paramInvalid(`i18n_resources needs exactly one default locale, found ${defaults}`);
  return texts;
}

/** A field that carries an i18n key: it must start with @i18n@ and have a text in the default locale. */
export function i18nKey(
  o: Obj,
  key: string,
  path: string,
  texts: Map<string, string>,
  required: boolean,
): string | undefined {
  const v = str(o, key, path, required);
  if (v === undefined) return undefined;
  if (!v.startsWith(I18N_PREFIX)) throw paramInvalid(`${path}${key} must be an i18n key (@i18n@...)`);
  const text = texts.get(v);
  if (text === undefined) throw paramInvalid(`${path}${key} ${v} has no text in the default i18n_resources`);
  return text;
}

/** `form`: name/value pairs of i18n keys, at most 2048 characters in all. */
export function form(body: Obj, texts: Map<string, string>): { name: string; value: string }[] {
  const entries = list(body, 'form', '', false);
  if (JSON.stringify(entries).length > MAX_FORM_CHARS)
    throw paramInvalid(`form is longer than ${MAX_FORM_CHARS} characters`);
  return entries.map((f, i) => ({
    name: i18nKey(f, 'name', `form[${i}].`, texts, true)!,
    value: i18nKey(f, 'value', `form[${i}].`, texts, true)!,
  }));
}

export function displayMethod(o: Obj, path: string) {
  return oneOf(o, 'display_method', path, DISPLAY_METHODS, false);
}

/** The definition's `viewers` and `managers`, checked for shape only. */
export function viewersAndManagers(body: Obj) {
  list(body, 'viewers', '', false).forEach((v, i) => {
    oneOf(v, 'viewer_type', `viewers[${i}].`, VIEWER_TYPES, false);
  });
  const managers = body.managers;
  if (managers !== undefined && (!Array.isArray(managers) || !managers.every((m) => typeof m === 'string')))
    throw paramInvalid('managers must be a list of user ids');
  if (Array.isArray(managers) && managers.length > MAX_LIST)
    throw paramInvalid(`managers has ${managers.length} entries, at most ${MAX_LIST}`);
}

export function flag(o: Obj, key: string, path: string): boolean {
  return bool(o, key, path) ?? false;
}
