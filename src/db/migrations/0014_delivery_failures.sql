CREATE TABLE "feishu_missing_scopes" (
	"scope" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refusals" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "throttled" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "error_code" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "resend_of" uuid;--> statement-breakpoint
CREATE INDEX "outbox_failed_idx" ON "outbox" USING btree ("created_at") WHERE "outbox"."status" = 'failed';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_resend_of_uq" ON "outbox" USING btree ("resend_of");