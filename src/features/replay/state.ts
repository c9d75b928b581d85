/**
 * What the database holds and what was sent, for the replay to compare with (compare.ts): never an
 * input of the recomputation. Scoped to the units replayed (null: the zone). The outbox rows read
 * are the early warnings (cards titled 考核预警) and the ban notices (texts 【禁投通知】, 【解除禁投】).
 */
import { type DbOrTx, rawSql } from '../../db/client';

export type StateContract = {
  id: number;
  unitId: number;
  vendorId: number;
  category: string;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  status: string;
  vendorName: string;
  unitName: string;
};
export type StateScore = {
  id: number;
  contractId: number;
  month: string;
  finalTenths: number;
  current: boolean;
};
export type StateSample = {
  checkId: number;
  scoreId: number;
  checkerTenths: number | null;
  exceeds: boolean | null;
};
export type StateCase = { id: number; contractId: number; rule: string; months: string[]; status: string };
export type StateBan = {
  id: number;
  vendorId: number;
  unitId: number;
  category: string;
  year: number;
  lifted: boolean;
};
export type StateSettlement = {
  id: number;
  contractId: number;
  period: string;
  year: number;
  months: string[];
  amountFen: bigint;
  deductBp: number;
  rawFen: bigint;
  deductionFen: bigint;
  payableFen: bigint;
};
export type StateSaving = {
  id: number;
  unitId: number;
  year: number;
  cause: string;
  amountFen: bigint;
  settlementId: number | null;
};
/**
 * A message: `kind` warning (a 考核预警 card: `body` is its first paragraph, the warning's text as the
 * card escaped it), ban or lift (a text).
 */
export type SentMessage = { receiveId: string; kind: 'warning' | 'ban' | 'lift'; body: string };

export type State = {
  contracts: Map<number, StateContract>;
  scores: StateScore[];
  samples: StateSample[];
  notices: { contractId: number; key: string }[];
  cases: StateCase[];
  bans: StateBan[];
  settlements: StateSettlement[];
  savings: StateSaving[];
  sent: SentMessage[];
  vendorNames: Map<number, string>;
  unitNames: Map<number, string>;
};

type BigRow = { amountFen: string; rawFen: string; deductionFen: string; payableFen: string };

export async function loadState(db: DbOrTx, units: number[] | null): Promise<State> {
  const sql = rawSql(db);
  const u = units;
  const ofUnit = (col: string) => sql`(${u}::bigint[] is null or ${sql(col)} = any(${u}::bigint[]))`;
  const ofContract = (col: string) =>
    sql`(${u}::bigint[] is null or ${sql(col)} in (select id from contracts where unit_id = any(${u}::bigint[])))`;
  const [contracts, scores, samples, notices, cases, bans, settlements, savings, sent, vendors, unitRows] =
    await Promise.all([
      sql<StateContract[]>`
        select c.id::int as id, c.unit_id::int as "unitId", c.vendor_id::int as "vendorId", c.category,
          c.starts_on as "startsOn", c.ends_on as "endsOn", c.signed_on as "signedOn", c.status,
          v.name as "vendorName", n.name as "unitName"
        from contracts c join vendors v on v.id = c.vendor_id join units n on n.id = c.unit_id
        where ${ofUnit('c.unit_id')}`,
      sql<StateScore[]>`
        select id::int as id, contract_id::int as "contractId", month, final_tenths as "finalTenths", current
        from monthly_scores where ${ofContract('contract_id')}`,
      sql<StateSample[]>`
        select spot_check_id::int as "checkId", score_id::int as "scoreId",
          checker_final_tenths as "checkerTenths", exceeds_tolerance as exceeds
        from spot_check_samples where checked_at is not null and ${ofContract('contract_id')}`,
      sql<{ contractId: number; key: string }[]>`
        select contract_id::int as "contractId", key from threshold_notices where ${ofContract('contract_id')}`,
      sql<StateCase[]>`
        select id::int as id, contract_id::int as "contractId", rule, months, status
        from termination_cases where ${ofContract('contract_id')} order by id`,
      sql<StateBan[]>`
        select id::int as id, vendor_id::int as "vendorId", unit_id::int as "unitId", category, year,
          lifted_at is not null as lifted
        from vendor_bans where ${ofUnit('unit_id')}`,
      sql<(Omit<StateSettlement, keyof BigRow> & BigRow)[]>`
        select id::int as id, contract_id::int as "contractId", period_label as period, period_year as year,
          months, amount_fen::text as "amountFen", deduct_bp as "deductBp",
          raw_deduction_fen::text as "rawFen", deduction_fen::text as "deductionFen",
          payable_fen::text as "payableFen"
        from settlements where ${ofContract('contract_id')}`,
      sql<(Omit<StateSaving, 'amountFen'> & { amountFen: string })[]>`
        select id::int as id, unit_id::int as "unitId", year, cause, amount_fen::text as "amountFen",
          settlement_id::int as "settlementId"
        from savings where ${ofUnit('unit_id')}`,
      // `content` is the message's JSON; an older writer may have stored it as a JSON string.
      sql<SentMessage[]>`
        with m as (
          select receive_id, msg_type,
            case when jsonb_typeof(content) = 'string' then (content #>> '{}')::jsonb else content end as c
          from outbox where kind = 'send' and receive_id is not null and msg_type in ('interactive', 'text'))
        select receive_id as "receiveId",
          case when msg_type = 'interactive' then 'warning'
            when c ->> 'text' like '【禁投通知】%' then 'ban' else 'lift' end as kind,
          coalesce(c #>> '{body,elements,0,content}', '') as body
        from m
        where (msg_type = 'interactive' and c #>> '{header,title,content}' like '考核预警%')
          or (msg_type = 'text' and (c ->> 'text' like '【禁投通知】%' or c ->> 'text' like '【解除禁投】%'))`,
      sql<{ id: number; name: string }[]>`select id::int as id, name from vendors`,
      sql<{ id: number; name: string }[]>`select id::int as id, name from units`,
    ]);
  return {
    contracts: new Map(contracts.map((c) => [c.id, c])),
    scores: [...scores],
    samples: [...samples],
    notices: [...notices],
    cases: [...cases],
    bans: [...bans],
    settlements: settlements.map((s) => ({
      ...s,
      amountFen: BigInt(s.amountFen),
      rawFen: BigInt(s.rawFen),
      deductionFen: BigInt(s.deductionFen),
      payableFen: BigInt(s.payableFen),
    })),
    savings: savings.map((s) => ({ ...s, amountFen: BigInt(s.amountFen) })),
    sent: [...sent],
    vendorNames: new Map(vendors.map((v) => [v.id, v.name])),
    unitNames: new Map(unitRows.map((v) => [v.id, v.name])),
  };
}
