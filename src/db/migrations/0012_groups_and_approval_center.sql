CREATE TABLE "approval_center_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"approval_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_center_instances" (
	"stage_id" bigint PRIMARY KEY NOT NULL,
	"instance_id" text NOT NULL,
	"mirrored_status" text,
	"mirrored_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "approval_center_instances_instance_id_unique" UNIQUE("instance_id")
);
--> statement-breakpoint
CREATE TABLE "approval_group_cards" (
	"stage_id" bigint NOT NULL,
	"chat_id" text NOT NULL,
	"outbox_id" text NOT NULL,
	CONSTRAINT "approval_group_cards_stage_id_chat_id_pk" PRIMARY KEY("stage_id","chat_id")
);
--> statement-breakpoint
CREATE TABLE "group_bindings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"kind" text NOT NULL,
	"unit_id" bigint,
	"contract_id" bigint,
	"bound_by" text NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unbound_by" text,
	"unbound_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "group_reminder_runs" (
	"chat_id" text NOT NULL,
	"run_key" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_reminder_runs_chat_id_run_key_pk" PRIMARY KEY("chat_id","run_key")
);
--> statement-breakpoint
ALTER TABLE "approval_center_instances" ADD CONSTRAINT "approval_center_instances_stage_id_approval_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."approval_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_group_cards" ADD CONSTRAINT "approval_group_cards_stage_id_approval_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."approval_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_bindings" ADD CONSTRAINT "group_bindings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_bindings" ADD CONSTRAINT "group_bindings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "group_bindings_leadership_chat_live_uq" ON "group_bindings" USING btree ("chat_id") WHERE "group_bindings"."unbound_at" is null and "group_bindings"."kind" = 'leadership';--> statement-breakpoint
CREATE UNIQUE INDEX "group_bindings_project_chat_live_uq" ON "group_bindings" USING btree ("chat_id","contract_id") WHERE "group_bindings"."unbound_at" is null and "group_bindings"."kind" = 'project';--> statement-breakpoint
CREATE UNIQUE INDEX "group_bindings_unit_live_uq" ON "group_bindings" USING btree ("unit_id") WHERE "group_bindings"."unbound_at" is null and "group_bindings"."kind" = 'leadership';--> statement-breakpoint
CREATE UNIQUE INDEX "group_bindings_contract_live_uq" ON "group_bindings" USING btree ("contract_id") WHERE "group_bindings"."unbound_at" is null and "group_bindings"."kind" = 'project';--> statement-breakpoint
CREATE INDEX "group_bindings_contract_idx" ON "group_bindings" USING btree ("contract_id");--> statement-breakpoint
ALTER TABLE "group_bindings" ADD CONSTRAINT "group_bindings_target_check" CHECK (("kind" = 'leadership' AND "unit_id" IS NOT NULL AND "contract_id" IS NULL) OR ("kind" = 'project' AND "contract_id" IS NOT NULL AND "unit_id" IS NULL));
