type Element = Record<string, unknown>;

/**
 * An irreversible click asks first (`confirm`), and the dialog must show under either reading of the
 * pages: the form page says `confirm` "仅在用户点击包含提交属性的按钮时才会触发", the button page lists it
 * for any button. So a top-level button, or row of buttons, that carries a `confirm` is put in a form
 * of its own and its buttons become that form's submit buttons (the form page: a button in a form
 * needs `form_action_type` and a card-wide unique `name`). The form has no fields: the click arrives
 * as before, with the same callback value and an empty `form_value`. Forms may only sit at the root
 * (卡片 JSON 2.0 结构), which is where builders put their button rows; the sandbox's check refuses a
 * `confirm` that would not fire, so one placed deeper is caught by the card tests.
 */
export function confirmInForms(elements: Element[]): Element[] {
  let forms = 0;
  return elements.map((el) => {
    if (!needsForm(el)) return el;
    forms++;
    const name = `confirm_form_${forms}`;
    let n = 0;
    const submit = (b: Element): Element =>
      b.tag === 'button' ? { ...b, name: `${name}_button_${++n}`, form_action_type: 'submit' } : b;
    if (el.tag === 'button') return { tag: 'form', name, elements: [submit(el)] };
    const columns = (el.columns as Element[]).map((c) => ({
      ...c,
      elements: (c.elements as Element[]).map(submit),
    }));
    return { tag: 'form', name, elements: [{ ...el, columns }] };
  });
}

const unconfirmed = (b: Element) => b.tag === 'button' && b.confirm !== undefined && !b.form_action_type;

function needsForm(el: Element): boolean {
  if (el.tag === 'button') return unconfirmed(el);
  if (el.tag !== 'column_set' || !Array.isArray(el.columns)) return false;
  const inRow = (el.columns as Element[]).flatMap((c) => (Array.isArray(c.elements) ? c.elements : []));
  // Only a plain row of buttons: anything else in it (a field, a link button) keeps it as it is.
  return inRow.some(unconfirmed) && inRow.every((b) => b.tag === 'button' && callsBack(b));
}

const callsBack = (b: Element) =>
  Array.isArray(b.behaviors) && b.behaviors.every((x) => (x as Element).type === 'callback');
