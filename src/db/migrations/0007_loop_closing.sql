CREATE TABLE "evidence_images" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"owner_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"file_key" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"item_id" bigint,
	"attached_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"inspected_on" text NOT NULL,
	"participants" jsonb NOT NULL,
	"checked" text NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_chases" (
	"item_id" bigint NOT NULL,
	"on_date" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectification_chases_item_id_on_date_kind_pk" PRIMARY KEY("item_id","on_date","kind")
);
--> statement-breakpoint
CREATE TABLE "rectification_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inspection_id" bigint NOT NULL,
	"contract_id" bigint NOT NULL,
	"finding" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"due_on" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" text,
	"submitted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" bigint,
	"reopened" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spot_check_samples" (
	"spot_check_id" bigint NOT NULL,
	"score_id" bigint NOT NULL,
	"contract_id" bigint NOT NULL,
	"month" text NOT NULL,
	"draw_key" text NOT NULL,
	"assessor_final_tenths" integer NOT NULL,
	"checker_deductions" jsonb,
	"checker_daily_tenths" integer,
	"checker_management_tenths" integer,
	"checker_final_tenths" integer,
	"notes" text,
	"evidence" text,
	"checked_by" bigint,
	"checked_at" timestamp with time zone,
	"gap_tenths" integer,
	"exceeds_tolerance" boolean,
	"flagged_at" timestamp with time zone,
	CONSTRAINT "spot_check_samples_spot_check_id_score_id_pk" PRIMARY KEY("spot_check_id","score_id")
);
--> statement-breakpoint
CREATE TABLE "spot_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_by" bigint NOT NULL,
	"scope" jsonb NOT NULL,
	"sample_size" integer,
	"sample_bp" integer,
	"seed" text NOT NULL,
	"seed_hash" text NOT NULL,
	"policy_version" integer NOT NULL,
	"population" integer,
	"drawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ban_flags" (
	"ban_id" bigint NOT NULL,
	"procurement_id" bigint NOT NULL,
	"flagged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ban_flags_ban_id_procurement_id_pk" PRIMARY KEY("ban_id","procurement_id")
);
--> statement-breakpoint
ALTER TABLE "vendor_bans" ADD COLUMN "lifted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vendor_bans" ADD COLUMN "lifted_reason" text;--> statement-breakpoint
ALTER TABLE "settlements" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "evidence_images" ADD CONSTRAINT "evidence_images_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_images" ADD CONSTRAINT "evidence_images_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_chases" ADD CONSTRAINT "rectification_chases_item_id_rectification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."rectification_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_closed_by_people_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_samples" ADD CONSTRAINT "spot_check_samples_spot_check_id_spot_checks_id_fk" FOREIGN KEY ("spot_check_id") REFERENCES "public"."spot_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_samples" ADD CONSTRAINT "spot_check_samples_score_id_monthly_scores_id_fk" FOREIGN KEY ("score_id") REFERENCES "public"."monthly_scores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_samples" ADD CONSTRAINT "spot_check_samples_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_samples" ADD CONSTRAINT "spot_check_samples_checked_by_people_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_checks" ADD CONSTRAINT "spot_checks_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ban_flags" ADD CONSTRAINT "ban_flags_ban_id_vendor_bans_id_fk" FOREIGN KEY ("ban_id") REFERENCES "public"."vendor_bans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_images_message_uq" ON "evidence_images" USING btree ("message_id","file_key");--> statement-breakpoint
CREATE INDEX "rectification_items_open_idx" ON "rectification_items" USING btree ("due_on") WHERE "rectification_items"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "rectification_items_contract_idx" ON "rectification_items" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "spot_check_samples_contract_idx" ON "spot_check_samples" USING btree ("contract_id","month") WHERE "spot_check_samples"."exceeds_tolerance";--> statement-breakpoint
-- Policy version 3: version 2's values plus the funding rule of spot checks (rule 12): when a
-- checker's score differs from the assessor's by more than the tolerance, the checker's score
-- stands for that month, in the deduction band and in rules 8 to 10 alike.
INSERT INTO policies (version, effective_from, note, values)
SELECT 3, '2026-12-01', 'Spot checks: a checker score beyond the tolerance stands for its month',
  values || jsonb_build_object('spotCheck', (values->'spotCheck') || '{"onGapAboveTolerance": "checker_score_stands"}'::jsonb)
FROM policies WHERE version = 2
ON CONFLICT (version) DO NOTHING;
