CREATE TABLE "contract_assessors" (
	"contract_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	CONSTRAINT "contract_assessors_contract_id_person_id_pk" PRIMARY KEY("contract_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"procurement_id" bigint NOT NULL,
	"request_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"vendor_id" bigint NOT NULL,
	"category" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"payment_schedule" jsonb NOT NULL,
	"targets" text NOT NULL,
	"rubric" jsonb NOT NULL,
	"clauses" jsonb NOT NULL,
	"policy_version" integer NOT NULL,
	"leader_id" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_on" text,
	"signed_on" text NOT NULL,
	"signed_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monthly_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"month" text NOT NULL,
	"deductions" jsonb NOT NULL,
	"daily_tenths" integer NOT NULL,
	"management_tenths" integer NOT NULL,
	"final_tenths" integer NOT NULL,
	"entered_by" bigint NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"supersedes_id" bigint,
	"correction_reason" text,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"method" text NOT NULL,
	"platform" text NOT NULL,
	"reference_no" text NOT NULL,
	"bidders" integer NOT NULL,
	"award_date" text NOT NULL,
	"vendor_id" bigint NOT NULL,
	"awarded_fen" bigint NOT NULL,
	"single_source_reason" text,
	"non_open_approval_ref" text,
	"reapproval_ref" text,
	"policy_version" integer NOT NULL,
	"recorded_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_reminders" (
	"contract_id" bigint NOT NULL,
	"month" text NOT NULL,
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_reminders_contract_id_month_person_id_kind_pk" PRIMARY KEY("contract_id","month","person_id","kind")
);
--> statement-breakpoint
CREATE TABLE "split_warnings" (
	"unit_id" bigint NOT NULL,
	"category" text NOT NULL,
	"year" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "split_warnings_unit_id_category_year_pk" PRIMARY KEY("unit_id","category","year")
);
--> statement-breakpoint
CREATE TABLE "vendor_bans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vendor_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"category" text NOT NULL,
	"year" integer NOT NULL,
	"reason" text NOT NULL,
	"contract_id" bigint,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"uscc" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vendors_uscc_unique" UNIQUE("uscc")
);
--> statement-breakpoint
ALTER TABLE "contract_assessors" ADD CONSTRAINT "contract_assessors_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_assessors" ADD CONSTRAINT "contract_assessors_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_leader_id_people_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_signed_by_people_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD CONSTRAINT "monthly_scores_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD CONSTRAINT "monthly_scores_entered_by_people_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurements" ADD CONSTRAINT "procurements_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurements" ADD CONSTRAINT "procurements_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurements" ADD CONSTRAINT "procurements_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_reminders" ADD CONSTRAINT "score_reminders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_reminders" ADD CONSTRAINT "score_reminders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_warnings" ADD CONSTRAINT "split_warnings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_bans" ADD CONSTRAINT "vendor_bans_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_bans" ADD CONSTRAINT "vendor_bans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_procurement_uq" ON "contracts" USING btree ("procurement_id");--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "contracts_active_idx" ON "contracts" USING btree ("status","ends_on");--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_scores_current_uq" ON "monthly_scores" USING btree ("contract_id","month") WHERE "monthly_scores"."current";--> statement-breakpoint
CREATE UNIQUE INDEX "procurements_request_uq" ON "procurements" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_bans_key_uq" ON "vendor_bans" USING btree ("vendor_id","unit_id","category","year");--> statement-breakpoint
CREATE INDEX "vendor_bans_vendor_idx" ON "vendor_bans" USING btree ("vendor_id");--> statement-breakpoint
-- Policy version 2: version 1's values plus what contracts and monthly scoring need: when scoring
-- reminders and escalations go out, and the rubric templates (items with their maximum deduction,
-- in tenths of a point; each template's maxima add up to 100 points).
INSERT INTO policies (version, effective_from, note, values)
SELECT 2, '2026-01-01', 'Scoring reminders and rubric templates for 保洁, 保安, 绿化养护, 设备运行维护',
  values
  || jsonb_build_object('scoring', (values->'scoring') || '{"remindBeforeDueWorkingDays": 2, "escalateAfterDueWorkingDays": 2}'::jsonb)
  || '{"rubricTemplates": {
    "cleaning": [
      {"key": "area_cleanliness", "name": "公共区域保洁质量", "maxDeductTenths": 300},
      {"key": "staffing", "name": "人员在岗与着装", "maxDeductTenths": 200},
      {"key": "waste", "name": "垃圾清运与分类", "maxDeductTenths": 200},
      {"key": "supplies", "name": "设备与耗材管理", "maxDeductTenths": 100},
      {"key": "complaints", "name": "投诉处理与响应", "maxDeductTenths": 100},
      {"key": "safety", "name": "安全文明作业", "maxDeductTenths": 100}
    ],
    "security": [
      {"key": "gate_duty", "name": "门岗值守", "maxDeductTenths": 250},
      {"key": "patrol", "name": "巡逻巡查", "maxDeductTenths": 250},
      {"key": "incidents", "name": "突发事件处置", "maxDeductTenths": 200},
      {"key": "staffing", "name": "人员在岗与仪容", "maxDeductTenths": 150},
      {"key": "records", "name": "值班台账记录", "maxDeductTenths": 150}
    ],
    "greening": [
      {"key": "plant_care", "name": "修剪浇灌施肥", "maxDeductTenths": 300},
      {"key": "pests", "name": "病虫害防治", "maxDeductTenths": 200},
      {"key": "cleanliness", "name": "绿地保洁", "maxDeductTenths": 200},
      {"key": "replanting", "name": "补植与苗木成活", "maxDeductTenths": 150},
      {"key": "safety", "name": "作业安全", "maxDeductTenths": 150}
    ],
    "equipment": [
      {"key": "availability", "name": "设备完好率", "maxDeductTenths": 300},
      {"key": "maintenance", "name": "定期巡检与保养", "maxDeductTenths": 250},
      {"key": "repairs", "name": "故障响应与修复", "maxDeductTenths": 250},
      {"key": "records", "name": "运行记录", "maxDeductTenths": 100},
      {"key": "safety", "name": "安全操作", "maxDeductTenths": 100}
    ],
    "other": [
      {"key": "quality", "name": "服务质量", "maxDeductTenths": 400},
      {"key": "staffing", "name": "人员管理", "maxDeductTenths": 200},
      {"key": "response", "name": "响应时效", "maxDeductTenths": 200},
      {"key": "records", "name": "资料台账", "maxDeductTenths": 200}
    ]
  }}'::jsonb
FROM policies WHERE version = 1
ON CONFLICT (version) DO NOTHING;
