ALTER TABLE "people" ADD COLUMN "seen_at" timestamp with time zone;--> statement-breakpoint
-- Whoever has already acted through the bot (an audited action carries their open_id) has been seen.
UPDATE "people" SET "seen_at" = "created_at" WHERE "open_id" IN (SELECT DISTINCT "actor" FROM "audit_log");
