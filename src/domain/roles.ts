/** Roles of DOMAIN.md. A grant is scoped to a unit, or to the whole zone when unitId is null. */
export const ROLES = [
  'filer',
  'responsible_leader',
  'responsible_department',
  'assessor',
  'unit_leadership',
  'zone_committee',
  'finance',
  'discipline',
  'inspection',
  'legal',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles as DOMAIN.md names them in Chinese. */
export const ROLE_LABELS: Record<Role, string> = {
  filer: '经办人',
  responsible_leader: '分管班子成员',
  responsible_department: '职能科室',
  assessor: '考核人',
  unit_leadership: '单位领导班子',
  zone_committee: '党工委管委会',
  finance: '财政部门',
  discipline: '纪检监察',
  inspection: '督查小组',
  legal: '法务',
  admin: '管理员',
};
