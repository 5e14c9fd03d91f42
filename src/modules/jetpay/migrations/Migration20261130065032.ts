import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130065032 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "completion_started_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_completion_started_at" ON "jetpay_transaction" ("completion_started_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_jetpay_transaction_completion_started_at";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "completion_started_at";`);
  }

}
