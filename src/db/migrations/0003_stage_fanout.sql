ALTER TABLE "approval_stages" ADD COLUMN "fanned_out_at" timestamp with time zone;--> statement-breakpoint
-- Hand-added: stages decided before this migration did their fan-out inside the decision's own
-- transaction, so it is done; without this the sweep would patch their cards and tell filers again.
UPDATE "approval_stages" SET "fanned_out_at" = "decided_at" WHERE "decided_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "approval_stages_fanout_due_idx" ON "approval_stages" USING btree ("decided_at") WHERE "approval_stages"."decided_at" is not null and "approval_stages"."fanned_out_at" is null;
