import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130012408 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "purpose" text check ("purpose" in ('checkout', 'payment_request')) not null default 'checkout', add column if not exists "request" jsonb null, add column if not exists "amount_mismatch" jsonb null, add column if not exists "refund_outcome" text null, add column if not exists "attention_resolved_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "purpose", drop column if exists "request", drop column if exists "amount_mismatch", drop column if exists "refund_outcome", drop column if exists "attention_resolved_at";`);
  }

}
