import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124205719 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_webhook_event" drop constraint if exists "jetpay_webhook_event_jetpay_event_id_unique";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop constraint if exists "jetpay_transaction_jetpay_id_unique";`);
    this.addSql(`create table if not exists "jetpay_transaction" ("id" text not null, "jetpay_id" text not null, "kind" text check ("kind" in ('debit', 'credit')) not null, "state" text not null default 'requested', "fail_reason" text null, "fail_direction" text null, "amount" integer not null, "surcharge" integer not null default 0, "link" text null, "reversed_at" timestamptz null, "payment_session_id" text null, "payment_collection_id" text null, "payment_id" text null, "cart_id" text null, "order_id" text null, "debit_jetpay_id" text null, "status_checked_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_transaction_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_transaction_jetpay_id_unique" ON "jetpay_transaction" ("jetpay_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_deleted_at" ON "jetpay_transaction" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_payment_session_id" ON "jetpay_transaction" ("payment_session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_order_id" ON "jetpay_transaction" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_cart_id" ON "jetpay_transaction" ("cart_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jetpay_webhook_event" ("id" text not null, "jetpay_event_id" text not null, "webhook_id" text null, "type" text not null, "jetpay_transaction_id" text not null, "state" text not null, "occurred_at" timestamptz null, "received_at" timestamptz not null, "processed_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_webhook_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_jetpay_event_id_unique" ON "jetpay_webhook_event" ("jetpay_event_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_deleted_at" ON "jetpay_webhook_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_jetpay_transaction_id" ON "jetpay_webhook_event" ("jetpay_transaction_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_processed_at_next_attempt_at" ON "jetpay_webhook_event" ("processed_at", "next_attempt_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jetpay_transaction" cascade;`);

    this.addSql(`drop table if exists "jetpay_webhook_event" cascade;`);
  }

}
