ALTER TABLE "contracts" ADD COLUMN "late_signing_reason" text;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD COLUMN "due_on" text;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD COLUMN "late" boolean DEFAULT false NOT NULL;