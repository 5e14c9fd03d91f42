import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124213343 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" add column if not exists "contact_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "jetpay_transaction" drop column if exists "contact_id";`);
  }

}
