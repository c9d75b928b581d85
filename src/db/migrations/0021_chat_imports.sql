-- Spreadsheets sent to the bot for import, kept between the preview and 确认导入 / 取消 (chat imports).
CREATE TABLE "pending_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"requested_by" text NOT NULL,
	"source_message_id" text NOT NULL,
	"file_name" text NOT NULL,
	"rows" jsonb NOT NULL,
	"preview_key" text NOT NULL,
	"row_count" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "pending_imports_message_uq" ON "pending_imports" USING btree ("source_message_id");--> statement-breakpoint
CREATE INDEX "pending_imports_open_idx" ON "pending_imports" USING btree ("requested_by") WHERE "pending_imports"."status" = 'pending';