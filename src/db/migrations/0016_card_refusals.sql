ALTER TABLE "outbox" ADD COLUMN "fallback_of" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "card_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_fallback_of_uq" ON "outbox" USING btree ("fallback_of");