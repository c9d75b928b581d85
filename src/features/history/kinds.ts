/**
 * The history import kinds (bringing last year in), in the order an admin loads them: vendors and
 * their bans, the running contracts, the months' scores, then the periods already paid (settled
 * from those scores).
 */
import type { ImportKind } from '../import-kind/kind';
import { historyContractsKind } from './contracts';
import { historyPaymentsKind } from './payments';
import { historyScoresKind } from './scores';
import { historyVendorsKind } from './vendors';

export const HISTORY_KINDS: readonly ImportKind<any>[] = [
  historyVendorsKind,
  historyContractsKind,
  historyScoresKind,
  historyPaymentsKind,
];
