import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130005929 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_webhook_event" drop constraint if exists "jetpay_webhook_event_environment_sequence_unique";`);
    this.addSql(`create table if not exists "jetpay_sync_state" ("id" text not null, "value" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_sync_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_sync_state_deleted_at" ON "jetpay_sync_state" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "authorized_at" timestamptz null, add column if not exists "settled_at" timestamptz null, add column if not exists "failed_at" timestamptz null, add column if not exists "next_check_at" timestamptz null, add column if not exists "last_error" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_next_check_at" ON "jetpay_transaction" ("next_check_at") WHERE deleted_at IS NULL;`);
    // What was recorded before these columns: facts from the state reached, and a re-read soon
    // for everything that can still change.
    this.addSql(`update "jetpay_transaction" set "authorized_at" = "updated_at" where "authorized_at" is null and "state" in ('initiated', 'paid', 'completed') or ("reversed_at" is not null and "authorized_at" is null);`);
    this.addSql(`update "jetpay_transaction" set "settled_at" = "updated_at" where "settled_at" is null and ("state" = 'completed' or "reversed_at" is not null);`);
    this.addSql(`update "jetpay_transaction" set "failed_at" = "updated_at" where "failed_at" is null and "reversed_at" is null and "state" in ('failed', 'cancelled');`);
    this.addSql(`update "jetpay_transaction" set "next_check_at" = now() where "next_check_at" is null and "state" not in ('failed', 'cancelled');`);

    this.addSql(`drop index if exists "IDX_jetpay_webhook_event_jetpay_event_id_unique";`);

    // Rows from before keep their order (sequence from the id) and the environment "" of their time.
    this.addSql(`alter table if exists "jetpay_webhook_event" add column if not exists "environment" text not null default '', add column if not exists "sequence" text null;`);
    this.addSql(`update "jetpay_webhook_event" set "sequence" = lpad("jetpay_event_id", 20, '0') where "sequence" is null;`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "sequence" set not null;`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "jetpay_transaction_id" type text using ("jetpay_transaction_id"::text);`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "jetpay_transaction_id" drop not null;`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "state" type text using ("state"::text);`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "state" drop not null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_environment_sequence_unique" ON "jetpay_webhook_event" ("environment", "sequence") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jetpay_sync_state" cascade;`);

    this.addSql(`drop index if exists "IDX_jetpay_transaction_next_check_at";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "authorized_at", drop column if exists "settled_at", drop column if exists "failed_at", drop column if exists "next_check_at", drop column if exists "last_error";`);

    this.addSql(`drop index if exists "IDX_jetpay_webhook_event_environment_sequence_unique";`);
    this.addSql(`alter table if exists "jetpay_webhook_event" drop column if exists "environment", drop column if exists "sequence";`);

    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "jetpay_transaction_id" type text using ("jetpay_transaction_id"::text);`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "jetpay_transaction_id" set not null;`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "state" type text using ("state"::text);`);
    this.addSql(`alter table if exists "jetpay_webhook_event" alter column "state" set not null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_jetpay_event_id_unique" ON "jetpay_webhook_event" ("jetpay_event_id") WHERE deleted_at IS NULL;`);
  }

}
