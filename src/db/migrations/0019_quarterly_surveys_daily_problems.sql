CREATE TABLE "quarter_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"quarter" text NOT NULL,
	"management_tenths" integer NOT NULL,
	"entered_by" bigint NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"supersedes_id" bigint,
	"correction_reason" text,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"round_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"ratings" jsonb NOT NULL,
	"comment" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_answers_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "survey_invites" (
	"round_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"chased_on" text,
	CONSTRAINT "survey_invites_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "survey_recipients" (
	"contract_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_recipients_contract_id_person_id_pk" PRIMARY KEY("contract_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "survey_rounds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" bigint NOT NULL,
	"period" text NOT NULL,
	"opens_on" text NOT NULL,
	"closes_on" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rectification_items" ALTER COLUMN "inspection_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD COLUMN "assessed_management_tenths" integer;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD COLUMN "survey_round_id" bigint;--> statement-breakpoint
ALTER TABLE "monthly_scores" ADD COLUMN "quarter_score_id" bigint;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD COLUMN "source" text DEFAULT 'inspection' NOT NULL;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD COLUMN "month" text;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD COLUMN "rubric_item" text;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD COLUMN "repeat_of" bigint;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD COLUMN "raised_by" bigint;--> statement-breakpoint
ALTER TABLE "quarter_scores" ADD CONSTRAINT "quarter_scores_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarter_scores" ADD CONSTRAINT "quarter_scores_entered_by_people_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_round_id_survey_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."survey_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invites" ADD CONSTRAINT "survey_invites_round_id_survey_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."survey_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invites" ADD CONSTRAINT "survey_invites_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_recipients" ADD CONSTRAINT "survey_recipients_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_recipients" ADD CONSTRAINT "survey_recipients_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_rounds" ADD CONSTRAINT "survey_rounds_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quarter_scores_current_uq" ON "quarter_scores" USING btree ("contract_id","quarter") WHERE "quarter_scores"."current";--> statement-breakpoint
CREATE UNIQUE INDEX "survey_rounds_period_uq" ON "survey_rounds" USING btree ("contract_id","period");--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_raised_by_people_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_items" ADD CONSTRAINT "rectification_items_source_ck" CHECK (("rectification_items"."source" = 'inspection' and "rectification_items"."inspection_id" is not null) or ("rectification_items"."source" = 'daily' and "rectification_items"."month" is not null and "rectification_items"."rubric_item" is not null));--> statement-breakpoint
-- Policy version 4: version 3's values plus satisfaction surveys (满意度测评, rule 7). Who receives a
-- contract's service rates it on its category's dimensions (1 to 5 each) between day `opensDay` and
-- day `closesDay` of the period's last month (closed before the scoring window opens, so a score is
-- always entered against a closed round), chased once `chaseBeforeCloseDays` working days before it
-- closes. A round with fewer than `minAnswers` answers (样本不足) does not count; otherwise its mean,
-- as points out of 100, makes up `shareBp` of the management line. A contract copies this at signing.
INSERT INTO policies (version, effective_from, note, values)
SELECT 4, '2027-01-01', 'Satisfaction surveys: a share of the management line, per category dimensions',
  values || '{"survey": {
    "minAnswers": 5,
    "shareBp": 2000,
    "opensDay": 15,
    "closesDay": 24,
    "chaseBeforeCloseDays": 2,
    "dimensionTemplates": {
      "cleaning": [
        {"key": "cleanliness", "name": "环境整洁"},
        {"key": "timeliness", "name": "清扫及时"},
        {"key": "attitude", "name": "服务态度"},
        {"key": "response", "name": "问题响应"}
      ],
      "security": [
        {"key": "patrol", "name": "巡逻值守"},
        {"key": "order", "name": "出入秩序"},
        {"key": "attitude", "name": "服务态度"},
        {"key": "response", "name": "应急响应"}
      ],
      "greening": [
        {"key": "appearance", "name": "绿化景观"},
        {"key": "upkeep", "name": "养护及时"},
        {"key": "tidiness", "name": "作业文明"}
      ],
      "equipment": [
        {"key": "uptime", "name": "设备运行"},
        {"key": "repair", "name": "报修响应"},
        {"key": "attitude", "name": "服务态度"}
      ],
      "other": [
        {"key": "quality", "name": "服务质量"},
        {"key": "timeliness", "name": "服务及时"},
        {"key": "attitude", "name": "服务态度"}
      ]
    }
  }}'::jsonb
FROM policies WHERE version = 3
ON CONFLICT (version) DO NOTHING;
