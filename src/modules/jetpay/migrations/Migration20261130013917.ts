import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130013917 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "terminal_seen_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "terminal_seen_at";`);
  }

}
