CREATE TABLE "delegated_decisions" (
	"stage_id" bigint PRIMARY KEY NOT NULL,
	"delegation_id" bigint NOT NULL,
	"on_behalf_of" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delegator_id" bigint NOT NULL,
	"delegate_id" bigint NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "delegations_range_check" CHECK ("delegations"."to_date" >= "delegations"."from_date"),
	CONSTRAINT "delegations_not_self_check" CHECK ("delegations"."delegator_id" <> "delegations"."delegate_id")
);
--> statement-breakpoint
ALTER TABLE "delegated_decisions" ADD CONSTRAINT "delegated_decisions_stage_id_approval_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."approval_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegated_decisions" ADD CONSTRAINT "delegated_decisions_delegation_id_delegations_id_fk" FOREIGN KEY ("delegation_id") REFERENCES "public"."delegations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegated_decisions" ADD CONSTRAINT "delegated_decisions_on_behalf_of_people_id_fk" FOREIGN KEY ("on_behalf_of") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_delegator_id_people_id_fk" FOREIGN KEY ("delegator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_delegate_id_people_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegations_delegator_idx" ON "delegations" USING btree ("delegator_id","to_date");--> statement-breakpoint
CREATE INDEX "delegations_delegate_idx" ON "delegations" USING btree ("delegate_id","to_date");--> statement-breakpoint
CREATE INDEX "delegations_live_idx" ON "delegations" USING btree ("to_date") WHERE "delegations"."revoked_at" is null;