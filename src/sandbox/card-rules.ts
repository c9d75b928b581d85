// What Feishu Card JSON 2.0 allows, copied from the field tables (字段说明) of the official pages, one
// entry per page with its URL. The pages are mirrored in /work/cardpages (URL near each page's top).
// In 2.0 an unknown property is an error, so every component lists exactly what its page lists; a
// property a page lists only for some context (a button's `name` inside a form) says so.

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

const DOCS = 'https://open.feishu.cn/document/feishu-cards';
const COMPONENTS = `${DOCS}/card-json-v2-components`;

/** The official pages the rules cite. */
export const PAGES = {
  structure: `${DOCS}/card-json-v2-structure`,
  overview: `${COMPONENTS}/component-json-v2-overview`,
  faq: 'https://open.feishu.cn/document/common-capabilities/message-card/message-card',
  send: 'https://open.feishu.cn/document/server-docs/im-v1/message/create',
  interactions: `${DOCS}/configuring-card-interactions`,
  i18n: `${DOCS}/configure-multi-language-content`,
  title: `${COMPONENTS}/content-components/title`,
  markdown: `${COMPONENTS}/content-components/rich-text`,
  div: `${COMPONENTS}/content-components/plain-text`,
  hr: `${COMPONENTS}/content-components/divider`,
  img: `${COMPONENTS}/content-components/image`,
  img_combination: `${COMPONENTS}/content-components/multi-image-laylout`,
  table: `${COMPONENTS}/content-components/table`,
  chart: `${COMPONENTS}/content-components/chart`,
  person: `${COMPONENTS}/content-components/user-profile`,
  person_list: `${COMPONENTS}/content-components/user-list`,
  audio: `${COMPONENTS}/content-components/audio`,
  column_set: `${COMPONENTS}/containers/column-set`,
  form: `${COMPONENTS}/containers/form-container`,
  interactive_container: `${COMPONENTS}/containers/interactive-container`,
  collapsible_panel: `${COMPONENTS}/containers/collapsible-panel`,
  button: `${COMPONENTS}/interactive-components/button`,
  input: `${COMPONENTS}/interactive-components/input`,
  select_static: `${COMPONENTS}/interactive-components/single-select-dropdown-menu`,
  multi_select_static: `${COMPONENTS}/interactive-components/multi-select-dropdown-menu`,
  select_person: `${COMPONENTS}/interactive-components/single-select-user-picker`,
  multi_select_person: `${COMPONENTS}/interactive-components/multi-select-user-picker`,
  date_picker: `${COMPONENTS}/interactive-components/date-picker`,
  picker_time: `${COMPONENTS}/interactive-components/time-selector`,
  picker_datetime: `${COMPONENTS}/interactive-components/date-time-picker`,
  overflow: `${COMPONENTS}/interactive-components/overflow`,
  checker: `${COMPONENTS}/interactive-components/checker`,
  select_img: `${COMPONENTS}/interactive-components/image-picker`,
} as const;

/**
 * The rules a finding is reported under. `strict` rules hold a card to a reading of an unclear page
 * (or to what this bot's users must see): Feishu may accept such a card, the sandbox refuses it.
 */
export const RULES = {
  schema: { page: PAGES.structure, code: 230099 },
  props: { page: PAGES.overview, code: 230099 },
  'form-context': { page: PAGES.form, code: 230099 },
  'required-explicit': { page: PAGES.multi_select_static, code: 230099, strict: true },
  'confirm-submit': { page: PAGES.button, code: 230099, strict: true },
  names: { page: PAGES.form, code: 230099 },
  'element-id': { page: PAGES.structure, code: 230099 },
  form: { page: PAGES.form, code: 230099 },
  nesting: { page: PAGES.table, code: 230099 },
  'person-empty': { page: PAGES.select_person, code: 230099, strict: true },
  'option-values': { page: PAGES.select_static, code: 230099 },
  'soft-break': { page: PAGES.markdown, code: 230099, strict: true },
  'glued-link': { page: PAGES.faq, code: 230099 },
  'legacy-entity': { page: PAGES.faq, code: 230099, strict: true },
  mention: { page: PAGES.send, code: 100290 },
  elements: { page: PAGES.structure, code: 11310 },
  tables: { page: PAGES.faq, code: 230099 },
  table: { page: PAGES.table, code: 230099 },
  chart: { page: PAGES.chart, code: 230099 },
  size: { page: PAGES.send, code: 230025 },
} as const satisfies Record<string, { page: string; code: number; strict?: boolean }>;

export type RuleId = keyof typeof RULES;

/** One thing the check refuses: a JSON path in the card, why, and the rule it breaks. */
export interface Finding {
  rule: RuleId;
  path: string;
  message: string;
}

export const isStrict = (rule: RuleId): boolean => 'strict' in RULES[rule];

export const MAX_ELEMENTS = 200;
export const MAX_TABLES = 5;
/** The send page: "卡片消息、富文本消息请求体最大不能超过 30 KB" — the whole request body. */
export const MAX_BODY_BYTES = 30 * 1024;
/**
 * What a send's body holds besides the card's content string: `{"receive_id":"…","msg_type":
 * "interactive","content":…,"uuid":"…"}`, with a 64-character receive_id and a 50-character uuid.
 */
export const BODY_OVERHEAD_BYTES = 200;
/** The same 30 KB, for callers that compare a card's own JSON with it (the body is larger still). */
export const MAX_BYTES = MAX_BODY_BYTES;

export const TEMPLATES = words(
  'blue wathet turquoise green yellow orange red carmine violet purple indigo grey default',
);

/** How a property's value is checked: `any` is data (not walked here), the rest are shapes. */
export type Spec =
  | 'any'
  | 'icon'
  | 'behaviors'
  | 'elements'
  | { text: TextSlot }
  | { object: Record<string, Spec> }
  | { list: Spec };

/** A text object (`{tag, content}`) in one place of a card: the tags and keys its page lists. */
export interface TextSlot {
  tags: Set<string>;
  keys: Set<string>;
}

const keys = (s: string, spec: Spec = 'any'): Record<string, Spec> =>
  Object.fromEntries([...words(s)].map((k) => [k, spec]));
const obj = (s: string, extra: Record<string, Spec> = {}): Spec => ({ object: { ...keys(s), ...extra } });
const list = (of: Spec): Spec => ({ list: of });

// `i18n_content` on every text: the multi-language page (PAGES.i18n) gives each text's content one.
/** Fixed `plain_text` (button text, placeholders, tips, confirm, option names, labels). */
const PLAIN: Spec = { text: { tags: words('plain_text'), keys: words('tag content i18n_content') } };
/** 普通文本 (div) text: plain_text or lark_md, with its own style fields (PAGES.div). */
const DIV_TEXT: Spec = {
  text: {
    tags: words('plain_text lark_md'),
    keys: words('tag element_id content i18n_content text_size text_color text_align lines'),
  },
};
/** 勾选器 (checker) text (PAGES.checker). */
const CHECKER_TEXT: Spec = {
  text: {
    tags: words('plain_text lark_md'),
    keys: words('tag content i18n_content text_size text_color text_align'),
  },
};
/** Header title and subtitle (PAGES.title); `i18n` per the multi-language page. */
export const HEADER_TEXT: Spec = {
  text: { tags: words('plain_text lark_md'), keys: words('tag content i18n_content i18n') },
};
/** 折叠面板 header title: plain_text or markdown (PAGES.collapsible_panel). */
const PANEL_TITLE: Spec = {
  text: { tags: words('plain_text markdown'), keys: words('tag content i18n_content') },
};

export const ICON_TAGS = words('standard_icon custom_icon');
export const ICON_KEYS = words('tag token color img_key');
const MULTI_URL = obj('url android_url ios_url pc_url');
const CONFIRM = obj('', { title: PLAIN, text: PLAIN });
const LAYOUT = 'direction padding horizontal_spacing horizontal_align vertical_spacing vertical_align';

/** Behavior types and their keys (配置卡片交互, PAGES.interactions). */
export const BEHAVIOR_KEYS: Record<string, Set<string>> = {
  callback: words('type value'),
  open_url: words('type default_url android_url ios_url pc_url'),
};

export const TOP_KEYS = words('schema config card_link header body');
export const CONFIG_KEYS = words(
  'streaming_mode streaming_config summary locales enable_forward update_multi width_mode use_custom_translation enable_forward_interaction style',
);
export const CARD_LINK_KEYS = words('url pc_url ios_url android_url');
export const HEADER: Record<string, Spec> = {
  ...keys('template padding i18n_text_tag_list'),
  title: HEADER_TEXT,
  subtitle: HEADER_TEXT,
  icon: 'icon',
  text_tag_list: list(obj('tag element_id color', { text: PLAIN })),
};
export const BODY_KEYS = words(`elements ${LAYOUT}`);

/** Every component takes these (the structure page: tag, margin, element_id). */
export const COMMON = words('tag element_id margin');

export interface TagSpec {
  page: string;
  props: Record<string, Spec>;
  /** Listed only for the component inside a form (the button page's name/form_action_type, the form page's required). */
  formOnly?: Set<string>;
}

const FIELD_IN_FORM = words('required');
const fieldOptions = list(obj('value', { text: PLAIN, icon: 'icon' }));
const personOptions = list(obj('value'));

/** Allowed properties per component tag, COMMON aside. */
export const TAGS: Record<string, TagSpec> = {
  markdown: {
    page: PAGES.markdown,
    props: { ...keys('content i18n_content text_align text_size'), icon: 'icon' },
  },
  div: { page: PAGES.div, props: { ...keys('width'), text: DIV_TEXT, icon: 'icon' } },
  hr: { page: PAGES.hr, props: {} },
  img: {
    page: PAGES.img,
    // mode, custom_width and compact_width: the page's 历史字段说明; i18n_img_key: PAGES.i18n.
    props: {
      ...keys(
        'img_key i18n_img_key corner_radius scale_type size transparent preview mode custom_width compact_width',
      ),
      alt: PLAIN,
      title: PLAIN,
    },
  },
  img_combination: {
    page: PAGES.img_combination,
    // img_list_length is not in the page's table; the platform's worked examples (two fixtures) carry it.
    props: {
      ...keys('combination_mode combination_transparent corner_radius img_list_length'),
      img_list: list(obj('img_key i18n_img_key')),
    },
  },
  column_set: {
    page: PAGES.column_set,
    props: {
      ...keys('horizontal_spacing horizontal_align flex_mode background_style'),
      action: obj('', { multi_url: MULTI_URL }),
      columns: 'elements',
    },
  },
  column: {
    page: PAGES.column_set,
    props: {
      ...keys(`${LAYOUT} background_style width weight`),
      action: obj('', { multi_url: MULTI_URL }),
      elements: 'elements',
    },
  },
  collapsible_panel: {
    page: PAGES.collapsible_panel,
    props: {
      ...keys(`${LAYOUT} expanded background_color`),
      header: obj('background_color width vertical_align padding icon_position icon_expanded_angle', {
        title: PANEL_TITLE,
        icon: obj('tag token color img_key size'),
      }),
      border: obj('color corner_radius'),
      elements: 'elements',
    },
  },
  interactive_container: {
    page: PAGES.interactive_container,
    props: {
      ...keys(`${LAYOUT} width height background_style has_border border_color corner_radius disabled`),
      behaviors: 'behaviors',
      hover_tips: PLAIN,
      disabled_tips: PLAIN,
      confirm: CONFIRM,
      elements: 'elements',
    },
  },
  form: { page: PAGES.form, props: { ...keys(`${LAYOUT} name`), elements: 'elements' } },
  // 循环容器: the overview says it is not built from card JSON; the platform's worked example
  // ai-curated-recommendations (a template) holds one, so its two fields are accepted.
  repeat: { page: PAGES.overview, props: { ...keys('variable'), elements: 'elements' } },
  button: {
    page: PAGES.button,
    props: {
      ...keys('type size width disabled name form_action_type action_type'),
      text: PLAIN,
      icon: 'icon',
      hover_tips: PLAIN,
      disabled_tips: PLAIN,
      confirm: CONFIRM,
      behaviors: 'behaviors',
    },
    // name and form_action_type: "内嵌在表单容器中的按钮组件，新增 name 和 form_action_type 属性";
    // action_type: the form page's 历史属性 of a button in a form.
    formOnly: words('name form_action_type action_type'),
  },
  input: {
    page: PAGES.input,
    props: {
      ...keys(
        'name required disabled default_value i18n_default_value width max_length input_type show_icon rows auto_resize max_rows label_position value',
      ),
      disabled_tips: PLAIN,
      placeholder: PLAIN,
      label: PLAIN,
      behaviors: 'behaviors',
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  select_static: {
    page: PAGES.select_static,
    props: {
      ...keys('type name required disabled initial_option initial_index width'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      options: fieldOptions,
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  multi_select_static: {
    page: PAGES.multi_select_static,
    props: {
      ...keys('type name required disabled selected_values width'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      options: fieldOptions,
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  select_person: {
    page: PAGES.select_person,
    props: {
      ...keys('type name required disabled initial_option width'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      options: personOptions,
      confirm: CONFIRM,
    },
    // The single person picker's page lists no `name`: only the form page gives one, to fields in a form.
    formOnly: words('name required'),
  },
  multi_select_person: {
    page: PAGES.multi_select_person,
    props: {
      ...keys('type name required disabled selected_values width'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      options: personOptions,
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  date_picker: {
    page: PAGES.date_picker,
    props: {
      ...keys('name required disabled width initial_date value'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  picker_time: {
    page: PAGES.picker_time,
    props: {
      ...keys('name required disabled initial_time value width'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  picker_datetime: {
    page: PAGES.picker_datetime,
    props: {
      ...keys('name required disabled initial_datetime width value'),
      placeholder: PLAIN,
      behaviors: 'behaviors',
      confirm: CONFIRM,
    },
    formOnly: FIELD_IN_FORM,
  },
  overflow: {
    page: PAGES.overflow,
    props: {
      ...keys('width'),
      options: list(obj('value', { text: PLAIN, multi_url: MULTI_URL })),
      behaviors: 'behaviors',
      confirm: CONFIRM,
    },
  },
  checker: {
    page: PAGES.checker,
    props: {
      ...keys('name required checked overall_checkable padding disabled'),
      text: CHECKER_TEXT,
      button_area: obj('pc_display_rule', { buttons: 'elements' }),
      checked_style: obj('show_strikethrough opacity'),
      confirm: CONFIRM,
      behaviors: 'behaviors',
      hover_tips: PLAIN,
      disabled_tips: PLAIN,
    },
    // required: the form page's, for any field in a form (the checker's own table has none).
    formOnly: FIELD_IN_FORM,
  },
  select_img: {
    page: PAGES.select_img,
    props: {
      ...keys('multi_select layout name required can_preview aspect_ratio disabled value'),
      disabled_tips: PLAIN,
      options: list(obj('img_key i18n_img_key value disabled', { disabled_tips: PLAIN, hover_tips: PLAIN })),
      behaviors: 'behaviors',
    },
    formOnly: FIELD_IN_FORM,
  },
  table: {
    page: PAGES.table,
    props: {
      ...keys('page_size row_height row_max_height freeze_first_column rows'),
      header_style: obj('text_align text_size background_style text_color bold lines'),
      columns: list(
        obj('name display_name width vertical_align horizontal_align data_type date_format', {
          format: obj('precision symbol separator'),
        }),
      ),
    },
  },
  chart: { page: PAGES.chart, props: keys('aspect_ratio color_theme chart_spec preview height') },
  person: { page: PAGES.person, props: keys('size show_avatar show_name style user_id') },
  person_list: {
    page: PAGES.person_list,
    props: {
      ...keys('drop_invalid_user_id lines show_name show_avatar size'),
      persons: list(obj('id')),
      icon: 'icon',
      ud_icon: obj('token', { style: obj('color') }),
    },
  },
  audio: {
    page: PAGES.audio,
    props: {
      ...keys(
        'file_key i18n_file_key audio_id disabled show_progress_bar show_time time_display time_position style padding background_style fill_color width fallback',
      ),
      disabled_tips: PLAIN,
      border: obj('color corner_radius'),
    },
  },
};

/** Tags removed in 2.0, with what replaces them (版本更新说明). */
export const REMOVED_TAGS: Record<string, string> = {
  action: "the 'action' module is not supported in 2.0: put buttons directly in elements",
  note: "the 'note' component is not supported in 2.0: use div/markdown with notation size",
};

/** Components whose value a form submits: each needs a `name` inside a form (the form page). */
export const FORM_FIELDS = words(
  'input select_static multi_select_static select_person multi_select_person date_picker picker_time picker_datetime checker select_img button',
);

/** Fields whose `required` a form reads: each must say true or false (both readings). */
export const REQUIRED_FIELDS = words(
  'input select_static multi_select_static select_person multi_select_person date_picker picker_time picker_datetime checker select_img',
);

/** Tags that may not appear anywhere inside a form (the form page: 不支持内嵌表格、图表、和表单容器组件). */
export const NOT_IN_FORM = words('table chart form');

/** The person pickers: with no candidates Feishu offers every member of the chat. */
export const PERSON_PICKERS = words('select_person multi_select_person');

/** Option lists whose values must differ (the select pages: 各选项的 value 值不可重复). */
export const UNIQUE_OPTION_VALUES = words('select_static multi_select_static');

/** element_id: "仅允许使用字母、数字和下划线，必须以字母开头，不得超过 20 字符" (structure page). */
export const ELEMENT_ID = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

/** Keys of a card that hold data, never elements: not counted toward the 200. */
export const OPAQUE_KEYS = words('chart_spec behaviors value rows i18n_text_tag_list i18n_content');
