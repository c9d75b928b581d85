CREATE TABLE "person_app_ids" (
	"app_id" text NOT NULL,
	"open_id" text NOT NULL,
	"person_id" bigint NOT NULL,
	CONSTRAINT "person_app_ids_app_id_open_id_pk" PRIMARY KEY("app_id","open_id")
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "union_id" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "directory_department_id" text;--> statement-breakpoint
ALTER TABLE "person_app_ids" ADD CONSTRAINT "person_app_ids_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "person_app_ids_person_uq" ON "person_app_ids" USING btree ("app_id","person_id");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_user_id_unique" UNIQUE("user_id");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_union_id_unique" UNIQUE("union_id");--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_directory_department_id_unique" UNIQUE("directory_department_id");