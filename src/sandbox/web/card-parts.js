/**
 * The parts of a card that need a library: Feishu markdown (via marked, raw HTML escaped, only
 * Feishu's own <font color>, <text_tag> and <at> kept) and charts (via VChart).
 */
const esc = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const COLORS =
  /^(red|green|blue|grey|gray|orange|yellow|purple|turquoise|wathet|violet|indigo|carmine|lime|neutral|[a-z]+-[0-9]+)$/;
const CSS = {
  red: '#f54a45',
  green: '#34c724',
  blue: '#3370ff',
  grey: '#8f959e',
  gray: '#8f959e',
  orange: '#ff8800',
};

/**
 * Feishu's own tags become private-use markers the markdown pass leaves alone, then spans. `<br>` and
 * `<br/>` (HTML the 2.0 rich-text page lists) become line breaks: the builders write `a<br>b`.
 */
function protect(text, names) {
  return String(text)
    .replace(/<br\s*\/?>/gi, '\uE000B\uE001')
    .replace(
      /<font\s+color\s*=\s*['"]?([\w-]+)['"]?\s*>/gi,
      (_m, c) => `\uE000F${COLORS.test(c) ? c : 'grey'}\uE001`,
    )
    .replace(/<\/font>/gi, '\uE000/F\uE001')
    .replace(
      /<text_tag(?:\s+color\s*=\s*['"]?([\w-]+)['"]?)?\s*>/gi,
      (_m, c) => `\uE000T${c && COLORS.test(c) ? c : 'blue'}\uE001`,
    )
    .replace(/<\/text_tag>/gi, '\uE000/T\uE001')
    .replace(
      /<at\s+(?:id|user_id|open_id)\s*=\s*['"]?([\w-]+)['"]?\s*>\s*<\/at>/gi,
      (_m, id) => `\uE000A${id === 'all' ? '所有人' : (names.get(id) ?? id)}\uE001`,
    );
}

function restore(html) {
  return html
    .replace(
      /\uE000F([\w-]+)\uE001/g,
      (_m, c) => `<span style="color:${CSS[c] ?? 'inherit'}" data-color="${c}">`,
    )
    .replace(/\uE000\/F\uE001/g, '</span>')
    .replace(/\uE000T([\w-]+)\uE001/g, (_m, c) => `<span class="text-tag" data-color="${c}">`)
    .replace(/\uE000\/T\uE001/g, '</span>')
    .replace(/\uE000A([^\uE001]*)\uE001/g, (_m, n) => `<b>@${n}</b>`)
    .replace(/\uE000B\uE001/g, '<br>')
    .replace(/[\uE000\uE001]/g, '');
}

/** Raw HTML in a card is shown as text, as the Feishu client does with tags it does not know. */
export function configureMarked(m) {
  m.use({ gfm: true, breaks: true, renderer: { html: (t) => esc(typeof t === 'string' ? t : t.text) } });
  return m;
}

let configured = false;
function markedReady() {
  const m = window.marked;
  if (!m) return undefined;
  if (!configured) {
    configureMarked(m);
    configured = true;
  }
  return m;
}

/** The HTML of a markdown text: through `marked` when given (raw HTML escaped), else escaped lines. */
export function markdownHtml(content, names, m) {
  const text = protect(content ?? '', names);
  return restore(m ? m.parse(text) : esc(text).replace(/\n/g, '<br>'));
}

export function markdownNode(content, names) {
  const div = document.createElement('div');
  div.className = 'md';
  div.innerHTML = markdownHtml(content, names, markedReady());
  for (const a of div.querySelectorAll('a')) {
    if (!/^https?:/i.test(a.getAttribute('href') ?? '')) a.removeAttribute('href');
    a.target = '_blank';
    a.rel = 'noopener';
  }
  for (const img of div.querySelectorAll('img'))
    img.replaceWith(document.createTextNode(img.alt || '[图片]'));
  return div;
}

const RATIOS = { '16:9': 9 / 16, '4:3': 3 / 4, '2:1': 1 / 2, '1:1': 1 };

/** A chart element; drawn once the card is in the page (VChart measures its container). */
export function chartNode(el, later) {
  const div = document.createElement('div');
  div.className = 'chart';
  const VC = window.VChart && (window.VChart.VChart ?? window.VChart.default);
  if (!VC) {
    div.innerHTML = `<div class="chart-note">${esc(window.__chartStub ?? '图表组件未安装')}</div>`;
    return div;
  }
  later.push(() => {
    const width = div.clientWidth || 320;
    // As Feishu: a fixed `height` ("240px", 1 to 999) wins over `aspect_ratio`; "auto" follows the ratio.
    const fixed = /^(\d{1,3})px$/.exec(String(el.height ?? ''));
    div.style.height = fixed
      ? `${fixed[1]}px`
      : `${Math.round(width * (RATIOS[el.aspect_ratio] ?? 9 / 16))}px`;
    const chart = new VC(el.chart_spec, { dom: div, animation: false });
    chart.renderSync();
    div.__chart = chart;
  });
  return div;
}
