CREATE TABLE "exit_item_chases" (
	"item_id" bigint NOT NULL,
	"on_date" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exit_item_chases_item_id_on_date_pk" PRIMARY KEY("item_id","on_date")
);
--> statement-breakpoint
CREATE TABLE "exit_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"title" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"due_on" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" bigint,
	"evidence" text
);
--> statement-breakpoint
CREATE TABLE "savings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"unit_id" bigint NOT NULL,
	"year" integer NOT NULL,
	"cause" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"evidence" text NOT NULL,
	"contract_id" bigint,
	"settlement_id" bigint,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"period_label" text NOT NULL,
	"period_year" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"months" jsonb NOT NULL,
	"deduct_bp" integer NOT NULL,
	"raw_deduction_fen" bigint NOT NULL,
	"deduction_fen" bigint NOT NULL,
	"payable_fen" bigint NOT NULL,
	"settled_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "termination_cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"months" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"card_outbox_id" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"reason" text,
	"ends_on" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "threshold_notices" (
	"contract_id" bigint NOT NULL,
	"key" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "threshold_notices_contract_id_key_pk" PRIMARY KEY("contract_id","key")
);
--> statement-breakpoint
ALTER TABLE "exit_item_chases" ADD CONSTRAINT "exit_item_chases_item_id_exit_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."exit_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_items" ADD CONSTRAINT "exit_items_case_id_termination_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."termination_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_items" ADD CONSTRAINT "exit_items_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_items" ADD CONSTRAINT "exit_items_closed_by_people_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "savings" ADD CONSTRAINT "savings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "savings" ADD CONSTRAINT "savings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "savings" ADD CONSTRAINT "savings_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_settled_by_people_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "termination_cases" ADD CONSTRAINT "termination_cases_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "termination_cases" ADD CONSTRAINT "termination_cases_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_notices" ADD CONSTRAINT "threshold_notices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exit_items_open_idx" ON "exit_items" USING btree ("due_on") WHERE "exit_items"."closed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "savings_settlement_uq" ON "savings" USING btree ("settlement_id");--> statement-breakpoint
CREATE INDEX "savings_year_idx" ON "savings" USING btree ("year","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_period_uq" ON "settlements" USING btree ("contract_id","period_label");--> statement-breakpoint
CREATE UNIQUE INDEX "termination_cases_pending_uq" ON "termination_cases" USING btree ("contract_id") WHERE "termination_cases"."status" = 'pending';