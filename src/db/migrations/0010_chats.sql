CREATE TABLE "chats" (
	"chat_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_type_check" CHECK ("type" in ('p2p', 'group'));
