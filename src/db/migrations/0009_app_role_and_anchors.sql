CREATE TABLE "audit_anchors" (
	"n" integer PRIMARY KEY NOT NULL,
	"business_date" date NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"digest" text NOT NULL,
	"line" text NOT NULL,
	CONSTRAINT "audit_anchors_business_date_unique" UNIQUE("business_date")
);
--> statement-breakpoint
-- The app's role (issue 11, point 4). Migrations run as the owner of every table; the bot connects
-- as a login role that is a member of gps_app, which may read and write the state tables but may only
-- read and insert into the audit trail. Not owning audit_log, it cannot disable its trigger (ALTER
-- TABLE needs ownership), and not being a superuser it cannot set session_replication_role.
-- Roles are shared by the whole cluster: created once, tolerating a concurrent creator. An owner
-- without CREATEROLE may not even attempt CREATE ROLE (permission denied, whether or not the role
-- exists): it relies on an administrator having created gps_app, so only a missing role is created.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gps_app') THEN
    CREATE ROLE gps_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO gps_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gps_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gps_app;
--> statement-breakpoint
-- Tables a later migration creates get the same grants (these apply to objects the migrating role creates).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gps_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gps_app;
--> statement-breakpoint
-- History is added to, never rewritten: the trail takes inserts only; a head moves forward (update)
-- but is never removed; an anchor is written once.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM gps_app;
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON audit_heads FROM gps_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_anchors FROM gps_app;
