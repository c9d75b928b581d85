/**
 * A running contract's standing, worst first: 禁投 (its vendor is banned from the project), 可清退 (a
 * termination right is open or being exercised), 预警 (an early warning is current), else 正常. The
 * standing card counts them per unit; the contract lists filter by them (合同态势's counts open the
 * contracts behind them).
 */

export const STANDINGS = ['banned', 'termination', 'warned', 'fine'] as const;
export type Standing = (typeof STANDINGS)[number];

export const STANDING_LABELS: Record<Standing, string> = {
  fine: '正常',
  warned: '预警',
  termination: '可清退',
  banned: '禁投',
};
