import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130022453 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "payer_key" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jetpay_transaction_payer_key" ON "jetpay_transaction" ("payer_key") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_jetpay_transaction_payer_key";`);
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "payer_key";`);
  }

}
