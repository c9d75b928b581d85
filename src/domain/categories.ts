/** The service categories of rule 2. */
export const SERVICE_CATEGORIES = ['cleaning', 'security', 'greening', 'equipment', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** The service categories of rule 2, as users write them. */
export const CATEGORY_LABELS: Record<ServiceCategory, string> = {
  cleaning: '保洁',
  security: '保安',
  greening: '绿化养护',
  equipment: '设备运行维护',
  other: '其他',
};

const BY_TEXT = new Map<string, ServiceCategory>(
  SERVICE_CATEGORIES.flatMap((c) => [
    [c, c],
    [CATEGORY_LABELS[c], c],
  ]),
);

/** `保洁` or `cleaning` (any case) → `cleaning`; undefined when it is neither a label nor a key. */
export function parseCategory(text: string): ServiceCategory | undefined {
  return BY_TEXT.get(text.trim().toLowerCase()) ?? BY_TEXT.get(text.trim());
}

export const CATEGORY_HINT = SERVICE_CATEGORIES.map((c) => `${CATEGORY_LABELS[c]}/${c}`).join('、');
