-- The audit trail is append-only: history can be added to, never rewritten.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- Policy version 1: the defaults of DOMAIN.md. Money in fen, scores in tenths of a point,
-- percentages in basis points (1/100 of a percent), so no value here is ever a float.
INSERT INTO policies (version, effective_from, note, values) VALUES (1, '2020-01-01', 'DOMAIN.md defaults', '{
  "committeeThresholdFen": 20000000,
  "approvalChase": {"remindAfterWorkingDays": 1, "urgentAfterWorkingDays": 3},
  "openTenderThresholdFen": 200000000,
  "contract": {"maxTermYears": 3, "warnAboveTermYears": 1},
  "scoring": {"dailyWeightBp": 6000, "managementWeightBp": 4000, "windowOpensDay": 25, "dueWorkingDay": 5},
  "termination": {"belowTenths": 800, "consecutiveMonths": 2, "cumulativeMonths": 3},
  "bidBan": {"annualAverageBelowTenths": 850},
  "deduction": {
    "bands": [
      {"minTenths": 900, "deductBp": 0},
      {"minTenths": 850, "deductBp": 200},
      {"minTenths": 800, "deductBp": 500},
      {"minTenths": 0, "deductBp": 1000}
    ],
    "annualCapFen": 20000000
  },
  "spotCheck": {"sampleBp": 1000, "toleranceTenths": 50}
}'::jsonb) ON CONFLICT (version) DO NOTHING;
