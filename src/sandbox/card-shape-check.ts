// Checks a property's value against its shape in card-rules: nested objects hold only the keys their
// page lists, text objects carry a tag their place allows, icons and behaviors are the documented
// kinds. Markdown and lark_md text goes through the markdown check. Pure.
import { markdownFindings } from './card-markdown-check';
import {
  BEHAVIOR_KEYS,
  type Finding,
  ICON_KEYS,
  ICON_TAGS,
  PAGES,
  type Spec,
  type TextSlot,
} from './card-rules';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

export interface CheckCtx {
  add(f: Finding): void;
  knownOpenIds?: ReadonlySet<string>;
}

/** `elements` specs are walked by the caller (they hold components); everything else is checked here. */
export function checkShape(v: unknown, spec: Spec, path: string, ctx: CheckCtx): void {
  if (spec === 'any' || spec === 'elements') return;
  if (spec === 'icon') {
    checkIcon(v, path, ctx);
    return;
  }
  if (spec === 'behaviors') {
    checkBehaviors(v, path, ctx);
    return;
  }
  if ('text' in spec) {
    checkText(v, spec.text, path, ctx);
    return;
  }
  if ('list' in spec) {
    if (!Array.isArray(v)) {
      ctx.add({ rule: 'props', path, message: 'must be an array' });
      return;
    }
    v.forEach((x, i) => {
      checkShape(x, spec.list, `${path}[${i}]`, ctx);
    });
    return;
  }
  if (!isObj(v)) {
    ctx.add({ rule: 'props', path, message: 'must be an object' });
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const inner = spec.object[k];
    if (inner === undefined) ctx.add({ rule: 'props', path: `${path}.${k}`, message: 'unknown property' });
    else checkShape(x, inner, `${path}.${k}`, ctx);
  }
}

/** A text object: its tag one its place allows, only the keys the page lists; lark_md/markdown checked as markdown. */
export function checkText(t: unknown, slot: TextSlot, path: string, ctx: CheckCtx): void {
  if (!isObj(t)) {
    ctx.add({ rule: 'props', path, message: 'must be a text object {tag, content}' });
    return;
  }
  const tags = [...slot.tags].join(' or ');
  if (!slot.tags.has(String(t.tag)))
    ctx.add({ rule: 'props', path: `${path}.tag`, message: `must be ${tags} here (got ${show(t.tag)})` });
  for (const k of Object.keys(t))
    if (!slot.keys.has(k)) ctx.add({ rule: 'props', path: `${path}.${k}`, message: 'unknown property' });
  if ((t.tag === 'lark_md' || t.tag === 'markdown') && typeof t.content === 'string') {
    const opts = ctx.knownOpenIds ? { knownOpenIds: ctx.knownOpenIds } : {};
    for (const f of markdownFindings(t.content, `${path}.content`, opts)) ctx.add(f);
  }
}

export function checkIcon(i: unknown, path: string, ctx: CheckCtx): void {
  if (!isObj(i)) {
    ctx.add({ rule: 'props', path, message: 'must be an object' });
    return;
  }
  for (const k of Object.keys(i))
    if (!ICON_KEYS.has(k)) ctx.add({ rule: 'props', path: `${path}.${k}`, message: 'unknown property' });
  if (!ICON_TAGS.has(String(i.tag)))
    ctx.add({ rule: 'props', path: `${path}.tag`, message: 'must be standard_icon or custom_icon' });
}

/** Behaviors as 配置卡片交互 lists them: callback {type, value} and open_url {type, default_url, …}. */
export function checkBehaviors(b: unknown, path: string, ctx: CheckCtx): void {
  if (!Array.isArray(b)) {
    ctx.add({ rule: 'props', path, message: 'must be an array' });
    return;
  }
  b.forEach((x, i) => {
    const p = `${path}[${i}]`;
    const keys = isObj(x) ? BEHAVIOR_KEYS[String(x.type)] : undefined;
    if (!isObj(x) || !keys) {
      const types = Object.keys(BEHAVIOR_KEYS).join(', ');
      const got = show(isObj(x) ? x.type : x);
      ctx.add({
        rule: 'props',
        path: `${p}.type`,
        message: `unknown behavior type ${got} (${types}: ${PAGES.interactions})`,
      });
      return;
    }
    for (const k of Object.keys(x))
      if (!keys.has(k)) ctx.add({ rule: 'props', path: `${p}.${k}`, message: 'unknown property' });
  });
}
