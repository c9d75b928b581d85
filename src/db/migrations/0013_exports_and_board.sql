CREATE TABLE "board_digests" (
	"week" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipients" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"params_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"row_count" integer,
	"file_name" text,
	"file_bytes" bigint,
	"sha256" text,
	"file_key" text,
	"error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "exports_pending_uq" ON "exports" USING btree ("requested_by","kind","params_key") WHERE "exports"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "exports_pending_idx" ON "exports" USING btree ("requested_at") WHERE "exports"."status" = 'pending';