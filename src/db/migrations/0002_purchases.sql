CREATE TABLE "budget_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"unit_id" bigint NOT NULL,
	"fiscal_year" integer NOT NULL,
	"category" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_cards" (
	"stage_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"outbox_id" text NOT NULL,
	CONSTRAINT "approval_cards_stage_id_person_id_pk" PRIMARY KEY("stage_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "approval_stages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone,
	"opened_on" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"reason" text,
	"meeting_date" text,
	"minutes_no" text
);
--> statement-breakpoint
CREATE TABLE "purchase_assessors" (
	"request_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	CONSTRAINT "purchase_assessors_request_id_person_id_pk" PRIMARY KEY("request_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "purchase_drafts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"filer_id" bigint NOT NULL,
	"step" integer DEFAULT 1 NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchase_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"draft_id" bigint,
	"unit_id" bigint NOT NULL,
	"budget_line_id" bigint NOT NULL,
	"category" text NOT NULL,
	"category_other" text,
	"description" text NOT NULL,
	"why_outsource" text NOT NULL,
	"suppliers_asked" integer NOT NULL,
	"price_low_fen" bigint NOT NULL,
	"price_high_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"filer_id" bigint NOT NULL,
	"leader_id" bigint NOT NULL,
	"department_id" bigint NOT NULL,
	"policy_version" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stage_chases" (
	"stage_id" bigint NOT NULL,
	"step" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stage_chases_stage_id_step_pk" PRIMARY KEY("stage_id","step")
);
--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_cards" ADD CONSTRAINT "approval_cards_stage_id_approval_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."approval_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_cards" ADD CONSTRAINT "approval_cards_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_stages" ADD CONSTRAINT "approval_stages_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_stages" ADD CONSTRAINT "approval_stages_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_assessors" ADD CONSTRAINT "purchase_assessors_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_assessors" ADD CONSTRAINT "purchase_assessors_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_drafts" ADD CONSTRAINT "purchase_drafts_filer_id_people_id_fk" FOREIGN KEY ("filer_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_draft_id_purchase_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."purchase_drafts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_filer_id_people_id_fk" FOREIGN KEY ("filer_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_leader_id_people_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_department_id_people_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_chases" ADD CONSTRAINT "stage_chases_stage_id_approval_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."approval_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_lines_key_uq" ON "budget_lines" USING btree ("unit_id","fiscal_year","category","name");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_stages_seq_uq" ON "approval_stages" USING btree ("request_id","seq");--> statement-breakpoint
CREATE INDEX "purchase_drafts_filer_idx" ON "purchase_drafts" USING btree ("filer_id","status");--> statement-breakpoint
CREATE INDEX "purchase_requests_line_idx" ON "purchase_requests" USING btree ("budget_line_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_requests_draft_uq" ON "purchase_requests" USING btree ("draft_id");