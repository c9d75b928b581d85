/**
 * The replay's findings: what the recomputation (recompute.ts) gives, what the trail says was done,
 * what the tables hold and what the outbox sent, side by side. Each difference is one Chinese line
 * naming the thing (contract number, vendor and project, month, period) and its rows (`audit_log #`,
 * the table's row), so an inspector can open them.
 *
 * Sent messages are compared only for trail rows younger than the outbox's retention: the retention
 * job deletes sent rows after that many days (OUTBOX_RETENTION_DAYS), so an older message missing is
 * no finding; how many were not compared is said in a note.
 */
import { CATEGORY_LABELS, type ServiceCategory } from '../../domain/categories';
import { contractNumber } from '../../domain/contract-format';
import { formatYuan } from '../../domain/money-format';
import { formatTenths } from '../../domain/ratio';
import { type BanState, banKey, type CaseEvent, type Replayed } from './recompute';
import type { State } from './state';

export type AreaCount = { label: string; checked: number; agreed: number };
export type Comparison = { counts: AreaCount[]; findings: string[]; notes: string[] };

const DAY_MS = 86_400_000;

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', nbsp: ' ', quot: '"' };
/**
 * A paragraph as a reader sees it: the card's escapes (`&#46;`, `&lt;`, line breaks) undone and the
 * white space dropped, so the warning's text in the audit row and the card it was sent in compare.
 */
const plain = (s: string) =>
  s
    .replace(/<br\s*\/?>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&(lt|gt|amp|nbsp|quot);/g, (_, n: string) => NAMED[n]!)
    .replace(/\s+/g, '');

/** Counts one area: `check` returns the findings of one item (none when it agrees). */
function area<T>(label: string, items: Iterable<T>, check: (t: T) => string[], out: Comparison) {
  let checked = 0;
  let agreed = 0;
  for (const t of items) {
    const f = check(t);
    checked++;
    if (f.length === 0) agreed++;
    out.findings.push(...f);
  }
  out.counts.push({ label, checked, agreed });
}

/** A warning's key (`below:2025-03`, `cumulative:2`, `average:2025`) as the inspector reads it. */
function warningName(key: string): string {
  const [kind, arg] = key.split(':');
  if (kind === 'below') return `连续低分预警(截至${arg})`;
  if (kind === 'cumulative') return `累计低分预警(已${arg}个月)`;
  if (kind === 'average') return `年度平均分预警(${arg}年)`;
  return '其他预警';
}

const same = (a: readonly string[], b: readonly string[]) => a.join() === b.join();
const STATUS: Record<string, string> = {
  pending: '待决定',
  kept: '继续履约',
  started: '已启动清退',
  withdrawn: '已撤回',
  terminated: '已终止',
};
const caseText = (e: CaseEvent) =>
  `${{ opened: '产生', updated: '更新', withdrawn: '撤回' }[e.kind]}(${e.rule === 'consecutive' ? '连续' : '累计'}:${e.months.join('、')})`;

export function compare(r: Replayed, s: State, opts: { now: Date; retentionDays: number }): Comparison {
  const out: Comparison = { counts: [], findings: [], notes: [] };
  const cutoff = opts.now.getTime() - opts.retentionDays * DAY_MS;
  const no = (id: number) => {
    const c = s.contracts.get(id) ?? r.contracts.get(id);
    return c ? `合同 ${contractNumber(c)}` : `合同(编号未知,id ${id})`;
  };
  const vendor = (id: number) => s.vendorNames.get(id) ?? `供应商(id ${id})`;
  const project = (b: Pick<BanState, 'vendorId' | 'unitId' | 'category'>) =>
    `${vendor(b.vendorId)}(${s.unitNames.get(b.unitId) ?? ''}${CATEGORY_LABELS[b.category as ServiceCategory] ?? b.category}项目)`;

  // 合同: the facts the trail recorded at signing against the contract row.
  area(
    '合同',
    r.contracts.values(),
    (c) => {
      const row = s.contracts.get(c.id);
      if (!row) return [`${no(c.id)}:审计记录有,合同表中没有(contracts 无此行;audit_log #${c.rowId})`];
      const f: string[] = [];
      if (row.startsOn !== c.startsOn || row.endsOn !== c.endsOn)
        f.push(
          `${no(c.id)} 合同期:审计记录为 ${c.startsOn} 至 ${c.endsOn},合同表为 ${row.startsOn} 至 ${row.endsOn}(contracts #${c.id};audit_log #${c.rowId})`,
        );
      if (row.vendorId !== c.vendorId)
        f.push(
          `${no(c.id)} 供应商:审计记录为${vendor(c.vendorId)},合同表为${vendor(row.vendorId)}(contracts #${c.id};audit_log #${c.rowId})`,
        );
      return f;
    },
    out,
  );
  const unsigned = [...s.contracts.keys()].filter((id) => !r.contracts.has(id));
  if (unsigned.length)
    out.notes.push(
      `${unsigned.length} 份合同没有签订或导入的审计记录(或记录中缺少合同期),未能复算:${unsigned.slice(0, 5).map(no).join('、')}${unsigned.length > 5 ? ' 等' : ''}`,
    );

  // 评分: every score the trail recorded against the score table, and the other way round.
  const stateScores = new Map(s.scores.map((x) => [x.id, x]));
  const currentIds = new Set([...r.current.values()].flatMap((m) => [...m.values()]));
  area(
    '评分',
    [...r.scores.values(), ...s.scores.filter((x) => !r.scores.has(x.id) && r.contracts.has(x.contractId))],
    (x) => {
      if (!('scoreId' in x))
        return [`评分 ${no(x.contractId)} ${x.month}:评分表有,审计记录中没有(monthly_scores #${x.id})`];
      const row = stateScores.get(x.scoreId);
      const what = `评分 ${no(x.contractId)} ${x.month}`;
      if (!row)
        return [`${what}:审计记录有,评分表中没有(monthly_scores 无 #${x.scoreId};audit_log #${x.rowId})`];
      const f: string[] = [];
      if (row.finalTenths !== x.finalTenths || row.month !== x.month || row.contractId !== x.contractId)
        f.push(
          `${what}:审计记录为 ${formatTenths(x.finalTenths)} 分,评分表为 ${no(row.contractId)} ${row.month} ${formatTenths(row.finalTenths)} 分(monthly_scores #${x.scoreId};audit_log #${x.rowId})`,
        );
      if (row.current !== currentIds.has(x.scoreId))
        f.push(
          `${what}:按审计记录${currentIds.has(x.scoreId) ? '应为现行评分' : '已被更正'},评分表${row.current ? '仍为现行' : '标为已更正'}(monthly_scores #${x.scoreId};audit_log #${x.rowId})`,
        );
      return f;
    },
    out,
  );

  // 抽查: the checker's score and the gap as the sample row holds them.
  const samples = new Map(s.samples.map((x) => [`${x.checkId}/${x.scoreId}`, x]));
  area(
    '抽查',
    r.spotChecks,
    (x) => {
      const row = samples.get(`${x.checkId}/${x.scoreId}`);
      const sc = r.scores.get(x.scoreId)!;
      const what = `抽查 ${no(sc.contractId)} ${sc.month}`;
      if (!row)
        return [
          `${what}:审计记录有抽查评分,抽查样本表中没有(spot_check_samples 无此行;audit_log #${x.rowId})`,
        ];
      if (row.checkerTenths !== x.checkerTenths || row.exceeds !== x.exceeds)
        return [
          `${what}:复算抽查分 ${formatTenths(x.checkerTenths)}、${x.exceeds ? '超出' : '未超出'}容差,样本表为 ${row.checkerTenths === null ? '未评分' : formatTenths(row.checkerTenths)}、${row.exceeds ? '超出' : '未超出'}容差(audit_log #${x.rowId})`,
        ];
      return [];
    },
    out,
  );

  // 预警: the keys the rules give, the trail's, the notices table's, and the messages sent.
  const warnedByKey = new Map(r.warned.map((w) => [`${w.contractId}/${w.key}`, w]));
  const notices = new Set(s.notices.map((n) => `${n.contractId}/${n.key}`));
  const keys = new Set<string>();
  for (const [c, m] of r.warnings) for (const k of m.keys()) keys.add(`${c}/${k}`);
  for (const w of r.warned) keys.add(`${w.contractId}/${w.key}`);
  for (const n of s.notices) if (r.contracts.has(n.contractId)) keys.add(`${n.contractId}/${n.key}`);
  const sentCount = new Map<string, number>();
  for (const m of s.sent)
    if (m.kind === 'warning') {
      const k = `${m.receiveId}|${plain(m.body)}`;
      sentCount.set(k, (sentCount.get(k) ?? 0) + 1);
    }
  const neededCount = new Map<string, { n: number; rows: number[] }>();
  let old = 0;
  for (const w of r.warned) {
    if (w.at.getTime() < cutoff) {
      old++;
      continue;
    }
    for (const to of [...w.to, ...(w.group ? [w.group] : [])]) {
      const k = `${to}|${plain(w.text)}`;
      const e = neededCount.get(k) ?? { n: 0, rows: [] };
      e.n++;
      e.rows.push(w.rowId);
      neededCount.set(k, e);
    }
  }
  const shortBy = new Map<number, string[]>();
  for (const [k, e] of neededCount) {
    const got = sentCount.get(k) ?? 0;
    if (got >= e.n) continue;
    // The newest rows of the pair are the ones without a message (ids grow with time).
    for (const row of e.rows.slice(got)) shortBy.set(row, [...(shortBy.get(row) ?? []), k.split('|')[0]!]);
  }
  area(
    '预警',
    keys,
    (ck) => {
      const [cid, key] = [Number(ck.slice(0, ck.indexOf('/'))), ck.slice(ck.indexOf('/') + 1)];
      const what = `预警 ${no(cid)} ${warningName(key)}`;
      const due = r.warnings.get(cid)?.get(key);
      const w = warnedByKey.get(ck);
      const f: string[] = [];
      // A key a history import recorded as said (its months long past) has no message by design.
      const covered = r.historyCovered.has(ck);
      if (due !== undefined && !w && !covered)
        f.push(`${what}:复算应发(audit_log #${due} 之后),审计记录中没有发出记录`);
      if (due === undefined && w) f.push(`${what}:审计记录有发出记录,复算不应发出(audit_log #${w.rowId})`);
      if (w && !notices.has(ck))
        f.push(`${what}:审计记录有,预警表中没有(threshold_notices 无此行;audit_log #${w.rowId})`);
      if (!w && !covered && notices.has(ck))
        f.push(`${what}:预警表有,审计记录中没有(threshold_notices 有此行)`);
      const missing = w ? shortBy.get(w.rowId) : undefined;
      if (missing)
        f.push(
          `${what}:审计记录有发出记录,发送记录中没有(outbox 无发给 ${missing.length} 个接收方的消息;audit_log #${w!.rowId})`,
        );
      return f;
    },
    out,
  );

  // 清退权: the leader's questions as the rules give them, as the trail says, as the table holds them.
  const stateCases = new Map<number, typeof s.cases>();
  for (const c of s.cases) stateCases.set(c.contractId, [...(stateCases.get(c.contractId) ?? []), c]);
  const caseContracts = new Set([...r.caseEvents.keys(), ...r.trailCaseEvents.keys(), ...stateCases.keys()]);
  area(
    '清退权',
    [...caseContracts].filter((id) => r.contracts.has(id)),
    (id) => {
      const f: string[] = [];
      const want = r.caseEvents.get(id) ?? [];
      const said = r.trailCaseEvents.get(id) ?? [];
      for (let i = 0; i < Math.max(want.length, said.length); i++) {
        const a = want[i];
        const b = said[i];
        if (a && b && a.kind === b.kind && a.rule === b.rule && same(a.months, b.months)) continue;
        f.push(
          `清退权 ${no(id)}:复算为${a ? `${caseText(a)}(audit_log #${a.rowId} 之后)` : '无'},审计记录为${b ? `${caseText(b)}(audit_log #${b.rowId})` : '无'}`,
        );
        break;
      }
      const sim = r.cases.get(id) ?? [];
      const rows = stateCases.get(id) ?? [];
      for (let i = 0; i < Math.max(sim.length, rows.length); i++) {
        const a = sim[i];
        const b = rows[i];
        if (a && b && a.status === b.status && a.rule === b.rule && same(a.months, b.months)) continue;
        f.push(
          `清退权 ${no(id)} 第 ${i + 1} 次:复算为${a ? `${STATUS[a.status] ?? a.status}(${a.months.join('、')})` : '无'},清退表为${b ? `${STATUS[b.status] ?? b.status}(${b.months.join('、')};termination_cases #${b.id})` : '无此行'}`,
        );
        break;
      }
      return f;
    },
    out,
  );

  // 禁投: each project-year's changes, the trail's, and the ban table.
  const stateBans = new Map(s.bans.map((b) => [banKey(b.vendorId, b.unitId, b.category, b.year), b]));
  const banKeys = new Set([...r.bans.keys(), ...r.trailBans.keys(), ...stateBans.keys()]);
  area(
    '禁投',
    banKeys,
    (k) => {
      const sim = r.bans.get(k);
      const said = r.trailBans.get(k);
      const row = stateBans.get(k);
      const b = sim ?? said ?? row!;
      const what = `禁投 ${project(b)} ${b.year} 年`;
      const f: string[] = [];
      const a = (sim?.events ?? []).map((e) => e.kind);
      const t = (said?.events ?? []).map((e) => e.kind);
      const rows = (said?.events ?? []).map((e) => `#${e.rowId}`).join('、');
      if (!same(a, t)) {
        const words = (x: string[]) =>
          x.length ? x.map((e) => (e === 'ban' ? '禁投' : '解除')).join('→') : '无';
        f.push(`${what}:复算为${words(a)},审计记录为${words(t)}${rows ? `(audit_log ${rows})` : ''}`);
      }
      const live = said ? said.live : false;
      if (said && !row) f.push(`${what}:审计记录有,禁投表中没有(vendor_bans 无此行;audit_log ${rows})`);
      else if (row && !said) f.push(`${what}:禁投表有,审计记录中没有(vendor_bans #${row.id})`);
      else if (row && live === row.lifted)
        f.push(
          `${what}:审计记录为${live ? '禁投中' : '已解除'},禁投表为${row.lifted ? '已解除' : '禁投中'}(vendor_bans #${row.id};audit_log ${rows})`,
        );
      return f;
    },
    out,
  );

  // 禁投通知: each notice the trail names to each recipient, against the texts sent.
  const banSent = new Map<string, number>();
  for (const m of s.sent)
    if (m.kind !== 'warning')
      banSent.set(`${m.kind}|${m.receiveId}`, (banSent.get(`${m.kind}|${m.receiveId}`) ?? 0) + 1);
  const banNeeded = new Map<string, number[]>();
  for (const n of r.banNotices) {
    if (n.at.getTime() < cutoff) {
      old++;
      continue;
    }
    for (const to of n.recipients)
      banNeeded.set(`${n.kind}|${to}`, [...(banNeeded.get(`${n.kind}|${to}`) ?? []), n.rowId]);
  }
  area(
    '禁投通知',
    banNeeded,
    ([k, rows]) => {
      const got = banSent.get(k) ?? 0;
      if (got >= rows.length) return [];
      const kind = k.startsWith('ban') ? '禁投通知' : '解除禁投通知';
      return rows
        .slice(got)
        .map((row) => `${kind}:审计记录有,发送记录中没有(outbox 无此消息;audit_log #${row})`);
    },
    out,
  );
  if (old) out.notes.push(`${old} 条早于 ${opts.retentionDays} 天的通知的发送记录已按保留期清理,未核对发送`);

  // 结算扣减: each confirmed period's band, deduction, cap and payable.
  const stateSettlements = new Map(s.settlements.map((x) => [x.id, x]));
  const yuan = (v: { deductBp: number; deductionFen: bigint; payableFen: bigint }) =>
    `扣减比例 ${v.deductBp / 100}%,扣减 ${formatYuan(v.deductionFen)},应付 ${formatYuan(v.payableFen)}`;
  area(
    '结算扣减',
    [...r.settlements, ...s.settlements.filter((x) => !r.settlements.some((y) => y.settlementId === x.id))],
    (x) => {
      if (!('rowId' in x))
        return [`结算 ${no(x.contractId)}「${x.period}」:结算表有,审计记录中没有(settlements #${x.id})`];
      const what = `结算 ${no(x.contractId)}「${x.period}」`;
      const e = x.expected;
      const c = x.claimed;
      const f: string[] = [];
      if (x.unscored.length)
        f.push(`${what}:确认时 ${x.unscored.join('、')} 尚无评分(audit_log #${x.rowId})`);
      if (
        e.deductBp !== c.deductBp ||
        e.rawFen !== c.rawFen ||
        e.deductionFen !== c.deductionFen ||
        e.payableFen !== c.payableFen
      )
        f.push(`${what}:复算为${yuan(e)};审计记录为${yuan(c)}(audit_log #${x.rowId})`);
      const row = stateSettlements.get(x.settlementId);
      if (!row)
        f.push(`${what}:审计记录有,结算表中没有(settlements 无 #${x.settlementId};audit_log #${x.rowId})`);
      else if (
        row.deductBp !== c.deductBp ||
        row.rawFen !== c.rawFen ||
        row.deductionFen !== c.deductionFen ||
        row.payableFen !== c.payableFen ||
        row.amountFen !== x.amountFen ||
        !same(row.months, x.months)
      )
        f.push(
          `${what}:审计记录为${yuan(c)};结算表为${yuan(row)}(settlements #${row.id};audit_log #${x.rowId})`,
        );
      return f;
    },
    out,
  );

  // 节约资金: each deduction recorded as a saving, and every saving as the table holds it.
  const savingOf = new Map<number, (typeof r.savings)[number]>();
  for (const v of r.savings) if (v.data.settlementId != null) savingOf.set(Number(v.data.settlementId), v);
  const stateSavings = new Map(s.savings.map((v) => [v.id, v]));
  const trailSavingIds = new Set(r.savings.map((v) => Number(v.aggregateId)));
  type SavingItem =
    | { kind: 'deduction'; x: (typeof r.settlements)[number] }
    | { kind: 'row'; v: (typeof r.savings)[number] }
    | { kind: 'orphan'; id: number };
  const items: SavingItem[] = [
    ...r.settlements
      .filter((x) => x.expected.deductionFen > 0n || savingOf.has(x.settlementId))
      .map((x) => ({ kind: 'deduction' as const, x })),
    ...r.savings.map((v) => ({ kind: 'row' as const, v })),
    ...s.savings.filter((v) => !trailSavingIds.has(v.id)).map((v) => ({ kind: 'orphan' as const, id: v.id })),
  ];
  area(
    '节约资金',
    items,
    (it) => {
      if (it.kind === 'orphan') return [`节约资金:节约资金表有,审计记录中没有(savings #${it.id})`];
      if (it.kind === 'deduction') {
        const x = it.x;
        const v = savingOf.get(x.settlementId);
        const what = `节约资金 ${no(x.contractId)}「${x.period}」考核扣减`;
        if (!v)
          return [
            `${what}:复算扣减 ${formatYuan(x.expected.deductionFen)},审计记录中没有节约资金记录(audit_log #${x.rowId})`,
          ];
        if (BigInt(String(v.data.amountFen)) !== x.expected.deductionFen)
          return [
            `${what}:复算为 ${formatYuan(x.expected.deductionFen)},审计记录为 ${formatYuan(BigInt(String(v.data.amountFen)))}(audit_log #${v.id})`,
          ];
        return [];
      }
      const v = it.v;
      const row = stateSavings.get(Number(v.aggregateId));
      const amount = BigInt(String(v.data.amountFen));
      const what = `节约资金 ${v.data.year} 年 ${formatYuan(amount)}`;
      if (!row)
        return [`${what}:审计记录有,节约资金表中没有(savings 无 #${v.aggregateId};audit_log #${v.id})`];
      if (
        row.amountFen !== amount ||
        row.year !== Number(v.data.year) ||
        row.unitId !== Number(v.data.unitId) ||
        row.cause !== v.data.cause
      )
        return [
          `${what}:节约资金表为 ${row.year} 年 ${formatYuan(row.amountFen)}(savings #${row.id};audit_log #${v.id})`,
        ];
      return [];
    },
    out,
  );
  return out;
}
