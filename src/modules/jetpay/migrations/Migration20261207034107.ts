import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207034107 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_webhook_event" drop constraint if exists "jetpay_webhook_event_environment_sequence_unique";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop constraint if exists "jetpay_transaction_jetpay_id_unique";`);
    this.addSql(`create table if not exists "jetpay_sync_state" ("id" text not null, "value" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_sync_state_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_sync_state_deleted_at" ON "jetpay_sync_state" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jetpay_transaction" ("id" text not null, "jetpay_id" text not null, "kind" text check ("kind" in ('debit', 'credit')) not null, "state" text not null default 'requested', "fail_reason" text null, "fail_direction" text null, "amount" integer not null, "surcharge" integer not null default 0, "link" text null, "payer_key" text null, "contact_id" text null, "authorized_at" timestamptz null, "settled_at" timestamptz null, "failed_at" timestamptz null, "reversed_at" timestamptz null, "payment_session_id" text null, "payment_collection_id" text null, "payment_id" text null, "cart_id" text null, "order_id" text null, "debit_jetpay_id" text null, "status_checked_at" timestamptz null, "next_check_at" timestamptz null, "last_error" text null, "purpose" text check ("purpose" in ('checkout', 'payment_request')) not null default 'checkout', "request" jsonb null, "amount_mismatch" jsonb null, "refund_outcome" text null, "terminal_seen_at" timestamptz null, "completion_started_at" timestamptz null, "attention_resolved_at" timestamptz null, "refund_due_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_transaction_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_transaction_jetpay_id_unique" ON "jetpay_transaction" ("jetpay_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_deleted_at" ON "jetpay_transaction" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_payment_session_id" ON "jetpay_transaction" ("payment_session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_order_id" ON "jetpay_transaction" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_cart_id" ON "jetpay_transaction" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_next_check_at" ON "jetpay_transaction" ("next_check_at") WHERE next_check_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_payer_key" ON "jetpay_transaction" ("payer_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_debit_jetpay_id" ON "jetpay_transaction" ("debit_jetpay_id") WHERE debit_jetpay_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_completion_started_at" ON "jetpay_transaction" ("completion_started_at") WHERE completion_started_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_transaction_one_pending_refund" ON "jetpay_transaction" ("debit_jetpay_id") WHERE kind = 'credit' AND refund_outcome = 'pending' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_attention" ON "jetpay_transaction" ("id", "updated_at") WHERE attention_resolved_at IS NULL AND ((kind = 'debit' AND order_id IS NULL AND purpose = 'checkout' AND authorized_at IS NOT NULL) OR amount_mismatch IS NOT NULL OR (kind = 'debit' AND failed_at IS NOT NULL AND order_id IS NOT NULL) OR reversed_at IS NOT NULL OR (kind = 'debit' AND refund_due_error IS NOT NULL) OR (kind = 'credit' AND (refund_outcome IN ('unknown', 'pending') OR failed_at IS NOT NULL))) AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jetpay_webhook_event" ("id" text not null, "environment" text not null default '', "jetpay_event_id" text not null, "sequence" text not null, "webhook_id" text null, "type" text not null, "jetpay_transaction_id" text null, "state" text null, "occurred_at" timestamptz null, "received_at" timestamptz not null, "processed_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jetpay_webhook_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_deleted_at" ON "jetpay_webhook_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_environment_sequence_unique" ON "jetpay_webhook_event" ("environment", "sequence") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_jetpay_transaction_id" ON "jetpay_webhook_event" ("jetpay_transaction_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_next_attempt_at_received_at" ON "jetpay_webhook_event" ("next_attempt_at", "received_at") WHERE processed_at IS NULL AND deleted_at IS NULL;`);
    // A refund credit's email to its payee: its language and each sending (domain/refund-email.ts).
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "refund_email" jsonb null;`);

    // How a debit was paid (card: the surcharge applied), and the indexes of the transactions list and the event retention.
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "payment_method" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_created_at_id" ON "jetpay_transaction" ("created_at", "id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_payment_id" ON "jetpay_transaction" ("payment_id") WHERE payment_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_webhook_event_processed_at" ON "jetpay_webhook_event" ("processed_at") WHERE processed_at IS NOT NULL AND deleted_at IS NULL;`);

    // When the reconciliation tries a refund's email again (refund-emails.ts), and the index of the few due.
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "refund_email_retry_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_refund_email_retry_at" ON "jetpay_transaction" ("refund_email_retry_at") WHERE refund_email_retry_at IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jetpay_sync_state" cascade;`);

    this.addSql(`drop table if exists "jetpay_transaction" cascade;`);

    this.addSql(`drop table if exists "jetpay_webhook_event" cascade;`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "refund_email";`);

    this.addSql(`drop index if exists "IDX_jetpay_transaction_created_at_id";`);
    this.addSql(`drop index if exists "IDX_jetpay_transaction_payment_id";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "payment_method";`);
    this.addSql(`drop index if exists "IDX_jetpay_webhook_event_processed_at";`);
    this.addSql(`drop index if exists "IDX_jetpay_transaction_refund_email_retry_at";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "refund_email_retry_at";`);
  }

}
