// Checks a Feishu Card JSON 2.0 card before it is sent: returns [] when valid, else readable findings
// with a JSON path, each under a rule of card-rules (which cites the official page it comes from).
// Pure: no I/O. docs/FEISHU.md ("What the sandbox's card check enforces") lists the rules.
import { countElements } from './card-count';
import {
  type Ctx,
  checkElementIds,
  checkFormRules,
  checkOptionValues,
  checkPeople,
  checkTable,
  claimName,
  type Scope,
} from './card-element-check';
import { markdownFindings } from './card-markdown-check';
import {
  BODY_KEYS,
  BODY_OVERHEAD_BYTES,
  CARD_LINK_KEYS,
  CONFIG_KEYS,
  type Finding,
  HEADER,
  MAX_BODY_BYTES,
  MAX_ELEMENTS,
  MAX_TABLES,
  NOT_IN_FORM,
  PAGES,
  PERSON_PICKERS,
  REMOVED_TAGS,
  type RuleId,
  TAGS,
  TEMPLATES,
  TOP_KEYS,
  UNIQUE_OPTION_VALUES,
} from './card-rules';
import { checkShape, isObj, type Obj, show } from './card-shape-check';
import { checkCharts } from './chart-check';

export interface CheckOptions {
  /** The open_ids this app knows: a mention (`<at id=…>`, person, person_list) of any other is refused. */
  knownOpenIds?: ReadonlySet<string>;
}

export const formatFinding = (f: Finding): string => `${f.path}: ${f.message}`;

/** Every problem of the card as readable strings (`path: why`). */
export function checkCard(card: unknown, opts: CheckOptions = {}): string[] {
  return cardFindings(card, opts).map(formatFinding);
}

/** Every problem of the card, each with the rule it breaks. */
export function cardFindings(card: unknown, opts: CheckOptions = {}): Finding[] {
  if (!isObj(card)) return [{ rule: 'schema', path: 'card', message: 'must be a JSON object' }];
  const findings: Finding[] = [];
  const ctx: Ctx = {
    findings,
    tables: 0,
    names: new Map(),
    add: (f) => findings.push(f),
    ...(opts.knownOpenIds ? { knownOpenIds: opts.knownOpenIds } : {}),
  };
  const add = (rule: RuleId, path: string, message: string) => ctx.add({ rule, path, message });
  if (card.schema !== '2.0') add('schema', 'schema', `must be "2.0" (got ${show(card.schema)})`);
  for (const k of Object.keys(card)) {
    if (TOP_KEYS.has(k)) continue;
    if (k === 'elements') add('schema', k, 'JSON 1.0 shape; in 2.0 elements go under body.elements');
    else if (k.startsWith('i18n_')) add('schema', k, 'not supported in 2.0; use i18n_content on each text');
    else add('schema', k, 'unknown top-level property');
  }
  if (card.config !== undefined && checkKeys(card.config, CONFIG_KEYS, 'config', ctx)) {
    if (card.config.update_multi === false)
      add('schema', 'config.update_multi', '2.0 supports only true (shared cards)');
  }
  if (card.card_link !== undefined) checkKeys(card.card_link, CARD_LINK_KEYS, 'card_link', ctx);
  if (card.header !== undefined) checkHeader(card.header, ctx);
  if (!isObj(card.body)) add('schema', 'body', 'required, an object with an elements array');
  else if (checkKeys(card.body, BODY_KEYS, 'body', ctx))
    walkList(card.body.elements, 'body.elements', ctx, { depth: 0 });
  checkElementIds(card, ctx);
  const count = countElements(card);
  if (count > MAX_ELEMENTS)
    add(
      'elements',
      'card',
      `${count} elements, at most ${MAX_ELEMENTS} allowed (components and every tagged element: texts, option texts, confirm texts, icons; ${PAGES.structure})`,
    );
  if (ctx.tables > MAX_TABLES) add('tables', 'card', `${ctx.tables} tables, at most ${MAX_TABLES} allowed`);
  for (const s of checkCharts(card)) {
    const at = s.indexOf(': ');
    add('chart', s.slice(0, at), s.slice(at + 2));
  }
  const bytes = Buffer.byteLength(JSON.stringify(JSON.stringify(card)), 'utf8') + BODY_OVERHEAD_BYTES;
  if (bytes > MAX_BODY_BYTES)
    add(
      'size',
      'card',
      `sent as a message, its request body is about ${bytes} bytes (the card JSON-escaped as the content string, plus ${BODY_OVERHEAD_BYTES} for the rest): exceeds 30 KB (${MAX_BODY_BYTES} bytes)`,
    );
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule} ${formatFinding(f)}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

function checkKeys(v: unknown, allowed: Set<string>, path: string, ctx: Ctx): v is Obj {
  if (!isObj(v)) {
    ctx.add({ rule: 'schema', path, message: 'must be an object' });
    return false;
  }
  for (const k of Object.keys(v))
    if (!allowed.has(k)) ctx.add({ rule: 'schema', path: `${path}.${k}`, message: 'unknown property' });
  return true;
}

/** The header as the title page lists it (PAGES.title). */
function checkHeader(h: unknown, ctx: Ctx): void {
  checkShape(h, { object: HEADER }, 'header', ctx);
  if (!isObj(h)) return;
  if (h.title === undefined)
    ctx.add({ rule: 'schema', path: 'header.title', message: 'required when a header is given' });
  if (h.template !== undefined && !TEMPLATES.has(String(h.template)))
    ctx.add({
      rule: 'props',
      path: 'header.template',
      message: `${show(h.template)} is not one of ${[...TEMPLATES].join(', ')}`,
    });
}

function walkList(list: unknown, path: string, ctx: Ctx, scope: Scope): void {
  if (!Array.isArray(list)) {
    ctx.add({ rule: 'schema', path, message: 'must be an array' });
    return;
  }
  for (const [i, el] of list.entries()) walkElement(el, `${path}[${i}]`, ctx, scope);
}

function walkElement(el: unknown, path: string, ctx: Ctx, scope: Scope): void {
  const add = (rule: RuleId, p: string, message: string) => ctx.add({ rule, path: p, message });
  if (!isObj(el) || typeof el.tag !== 'string') {
    add('schema', `${path}.tag`, 'missing component tag');
    return;
  }
  const tag = el.tag;
  const removed = REMOVED_TAGS[tag];
  if (removed) {
    add('schema', `${path}.tag`, removed);
    return;
  }
  const spec = TAGS[tag];
  if (!spec) {
    add('schema', `${path}.tag`, `unknown tag '${tag}'`);
    return;
  }
  if ((tag === 'column') !== Boolean(scope.inColumns))
    add(
      'nesting',
      `${path}.tag`,
      `'${tag}' ${tag === 'column' ? 'only belongs in' : 'cannot be in'} column_set.columns`,
    );
  checkProps(el, tag, path, ctx, scope);
  checkPlacement(tag, path, ctx, scope);
  checkFormRules(el, tag, path, ctx, scope);
  if (typeof el.name === 'string') claimName(el.name, path, ctx);
  if (tag === 'markdown' && typeof el.content === 'string') {
    const opts = { softBreaks: true, ...(ctx.knownOpenIds ? { knownOpenIds: ctx.knownOpenIds } : {}) };
    for (const f of markdownFindings(el.content, `${path}.content`, opts)) ctx.add(f);
  }
  if (PERSON_PICKERS.has(tag) && !(Array.isArray(el.options) && el.options.length > 0))
    add(
      'person-empty',
      `${path}.options`,
      `${tag} without candidates offers every member of the chat (${PAGES.select_person}): show no picker, say why`,
    );
  if (UNIQUE_OPTION_VALUES.has(tag) && Array.isArray(el.options)) checkOptionValues(el.options, path, ctx);
  if (tag === 'table') checkTable(el, path, ctx);
  checkPeople(el, tag, path, ctx);

  const inner: Scope = { depth: scope.depth + 1, ...(scope.form ? { form: scope.form } : {}) };
  if (tag === 'column_set') walkList(el.columns ?? [], `${path}.columns`, ctx, { ...inner, inColumns: true });
  else if (tag === 'checker' && isObj(el.button_area) && el.button_area.buttons !== undefined)
    walkList(el.button_area.buttons, `${path}.button_area.buttons`, ctx, inner);
  else if (spec.props.elements === 'elements') {
    const form = tag === 'form' ? { path, submit: false } : scope.form;
    walkList(el.elements ?? [], `${path}.elements`, ctx, {
      depth: scope.depth + 1,
      ...(form ? { form } : {}),
    });
    if (tag === 'form' && !form?.submit)
      add('form', path, "form has no submit button (a button with form_action_type:'submit')");
  }
}

/** Each property the component's page lists, in the context the page lists it for. */
function checkProps(el: Obj, tag: string, path: string, ctx: Ctx, scope: Scope): void {
  const spec = TAGS[tag];
  if (!spec) return;
  for (const [k, v] of Object.entries(el)) {
    if (k === 'tag' || k === 'element_id' || k === 'margin') continue;
    const shape = spec.props[k];
    if (shape === undefined) {
      ctx.add({ rule: 'props', path: `${path}.${k}`, message: `unknown property of ${tag} (${spec.page})` });
      continue;
    }
    if (spec.formOnly?.has(k) && !scope.form)
      ctx.add({
        rule: 'form-context',
        path: `${path}.${k}`,
        message: `${tag} takes ${k} only inside a form (${k === 'required' ? 'it only works there: ' : ''}${spec.page})`,
      });
    checkShape(v, shape, `${path}.${k}`, ctx);
  }
}

function checkPlacement(tag: string, path: string, ctx: Ctx, scope: Scope): void {
  const add = (rule: RuleId, message: string) => ctx.add({ rule, path, message });
  if (tag === 'form' && scope.depth > 0) add('form', 'form is only allowed at the root of body.elements');
  else if (scope.form && NOT_IN_FORM.has(tag)) add('form', `${tag} is not allowed inside a form`);
  else if (tag === 'table' && scope.depth > 0)
    add('nesting', `table is only allowed at the root of body.elements (${PAGES.table})`);
}
