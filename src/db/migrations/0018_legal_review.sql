CREATE TABLE "contract_drafts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"form" jsonb NOT NULL,
	"form_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"submitted_by" bigint NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"comments" jsonb,
	"counsel_opinion" text,
	"counsel_file_key" text
);
--> statement-breakpoint
CREATE TABLE "contract_draft_reminders" (
	"draft_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"day" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_drafts" ADD CONSTRAINT "contract_drafts_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_drafts" ADD CONSTRAINT "contract_drafts_submitted_by_people_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_drafts" ADD CONSTRAINT "contract_drafts_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_draft_reminders" ADD CONSTRAINT "contract_draft_reminders_draft_id_contract_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."contract_drafts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_draft_reminders" ADD CONSTRAINT "contract_draft_reminders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_drafts_version_uq" ON "contract_drafts" USING btree ("request_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_drafts_pending_uq" ON "contract_drafts" USING btree ("request_id") WHERE "contract_drafts"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "contract_drafts_status_idx" ON "contract_drafts" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_draft_reminders_uq" ON "contract_draft_reminders" USING btree ("draft_id","person_id","day");