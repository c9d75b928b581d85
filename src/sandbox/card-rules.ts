// Property tables for Feishu Card JSON 2.0, from the official component docs (card-json-v2-structure,
// component-json-v2-overview, card-json-v2-breaking-changes-release-notes, button, input) and the
// platform's worked examples (larksuite/cli skills/lark-im/card-examples). In 2.0 an unknown property
// is an error, so every tag lists what it may carry. Where the docs were not checked, the list is
// generous (the 1.0 fields as well), and `null` accepts any property.

const words = (s: string): Set<string> => new Set(s.split(' '));

export const MAX_ELEMENTS = 200;
export const MAX_TABLES = 5;
export const MAX_BYTES = 30 * 1024;

export const TEMPLATES = words(
  'blue wathet turquoise green yellow orange red carmine violet purple indigo grey default',
);

// `fallback` appears in the 2.0 shape of the breaking-changes page (though "not supported yet"): accepted.
export const TOP_KEYS = words('schema config card_link header body fallback');
export const CONFIG_KEYS = words(
  'streaming_mode streaming_config summary locales enable_forward update_multi width_mode use_custom_translation enable_forward_interaction style',
);
export const CARD_LINK_KEYS = words('url pc_url ios_url android_url');
export const HEADER_KEYS = words('title subtitle text_tag_list i18n_text_tag_list template icon padding');
const LAYOUT = 'direction padding horizontal_spacing horizontal_align vertical_spacing vertical_align';
export const BODY_KEYS = words(`elements ${LAYOUT}`);

export const TEXT_TAGS = words('plain_text lark_md');
export const TEXT_KEYS = words('tag content i18n_content text_size text_color text_align lines element_id');
export const ICON_TAGS = words('standard_icon custom_icon');
export const ICON_KEYS = words('tag token color img_key style');

/** Properties holding a text object (`{tag:'plain_text'|'lark_md', content}`). */
export const TEXT_SLOTS = 'text title subtitle placeholder label hover_tips disabled_tips alt'.split(' ');

export const BEHAVIOR_KEYS: Record<string, Set<string>> = {
  callback: words('type value'),
  open_url: words('type default_url pc_url ios_url android_url'),
  form_action: words('type behavior'),
};

const COMMON = 'tag element_id margin';
const INTERACT = 'behaviors value confirm disabled disabled_tips';
const FIELD = `${INTERACT} name required placeholder width type`;
const CONTAINER = `${LAYOUT} elements`;

/** Allowed properties per component tag (COMMON added); `null`: any property is accepted. */
const RAW: Record<string, string | null> = {
  markdown: 'content i18n_content text_align text_size icon',
  div: 'text width icon fields',
  hr: '',
  img: 'img_key alt title preview transparent scale_type size corner_radius',
  img_combination: 'combination_mode combination_transparent corner_radius img_list img_list_length',
  column_set: `${LAYOUT} flex_mode background_style columns action`,
  column: `${CONTAINER} width weight background_style action`,
  collapsible_panel: `${CONTAINER} expanded background_color header border`,
  interactive_container: `${CONTAINER} ${INTERACT} width height background_style has_border border_color corner_radius hover_tips`,
  form: `${CONTAINER} name`,
  repeat: `${CONTAINER} variable`,
  // value, action_type (form_submit), url and multi_url: 1.0 fields still seen in 2.0 examples.
  button: `${INTERACT} type size width text icon hover_tips name form_action_type action_type url multi_url`,
  input: `${FIELD} default_value max_length input_type rows auto_resize max_rows show_icon label label_position`,
  select_static: `${FIELD} options initial_option initial_index`,
  multi_select_static: `${FIELD} options selected_values`,
  select_person: `${FIELD} options initial_option`,
  multi_select_person: `${FIELD} options selected_values`,
  date_picker: `${FIELD} initial_date`,
  picker_time: `${FIELD} initial_time`,
  picker_datetime: `${FIELD} initial_datetime`,
  overflow: `${INTERACT} width options`,
  checker: `${INTERACT} name checked text overall_checkable button_area checked_style padding hover_tips`,
  select_img: null,
  audio: null,
  table: 'page_size row_height row_max_height freeze_first_column header_style columns rows',
  chart: 'chart_spec aspect_ratio color_theme preview height',
  person: 'user_id size show_avatar show_name style',
  person_list: 'persons size lines show_avatar show_name icon drop_invalid_user_id',
};

export const TAG_PROPS: Record<string, Set<string> | null> = Object.fromEntries(
  Object.entries(RAW).map(([tag, keys]) => [tag, keys === null ? null : words(`${COMMON} ${keys}`.trim())]),
);

/** Tags removed in 2.0, with what replaces them. */
export const REMOVED_TAGS: Record<string, string> = {
  action: "the 'action' module is not supported in 2.0: put buttons directly in elements",
  note: "the 'note' component is not supported in 2.0: use div/markdown with notation size",
};

/** Components that hold child components in `elements`. */
export const CONTAINERS = words('column collapsible_panel interactive_container form repeat');

/** Components whose value a form submits: each needs a `name` inside a form. */
export const FORM_FIELDS = words(
  'input select_static multi_select_static select_person multi_select_person date_picker picker_time picker_datetime checker select_img button',
);

/** Tags that may not appear anywhere inside a form. */
export const NOT_IN_FORM = words('table chart form');
