import type { HttpTypes } from "@medusajs/types"
import { getJetpayPaymentStatus, jetpaySessionOf, type JetpayPaymentStatus } from "medusa-payment-jetpay/storefront"
import { notFound } from "next/navigation"
import { demoConfig, serverMedusaUrl } from "@/lib/config"
import { jetpayLanguageOf, money, type Locale } from "@/lib/locales"
import { storeClient } from "@/lib/medusa"
import { paymentInfoMap } from "@/lib/payment-info"
import { textsFor } from "@/lib/texts"

const ORDER_FIELDS =
  "id,display_id,email,total,currency_code,payment_status,*items,cart.id,*payment_collections,*payment_collections.payments,*payment_collections.payment_sessions"

type Order = HttpTypes.StoreOrder & { cart?: { id: string } | null }

/** The order's confirmation, read on the server: its lines, its total, and how it was paid. */
export default async function OrderPage(props: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = (await props.params) as { locale: Locale; id: string }
  const t = textsFor(locale)
  const language = jetpayLanguageOf(locale)
  const sdk = storeClient(serverMedusaUrl(), demoConfig().publishableKey)
  let order: Order
  try {
    order = (await sdk.store.order.retrieve(id, { fields: ORDER_FIELDS })).order as Order
  } catch (error) {
    if ((error as { status?: number }).status === 404) notFound()
    throw error
  }

  // An EFT awaiting its settlement has no Medusa payment yet, only its session: either names the provider.
  const collection = order.payment_collections?.[0]
  const payment = collection?.payments?.[0]
  const session = collection?.payment_sessions?.find((candidate) => candidate.status !== "canceled") ?? collection?.payment_sessions?.[0]
  const providerId = payment?.provider_id ?? session?.provider_id ?? null
  const method = providerId ? paymentInfoMap(language)[providerId] : undefined

  // Jetpay's state, from the plugin's status route (the kit's helper, on the server).
  let status: JetpayPaymentStatus | null = null
  if (order.cart?.id && collection) {
    status = await getJetpayPaymentStatus({ sdk }, order.cart.id).catch(() => null)
  }
  const jetpay = collection ? jetpaySessionOf({ id: order.cart?.id ?? order.id, currency_code: order.currency_code, payment_collection: collection }) : null
  const note = paymentNote(status?.state, order, jetpay?.surchargeCents ?? 0, locale)

  return (
    <div className="narrow">
      <section className="panel" id="order-confirmed">
        <h1>{t("orderTitle")}</h1>
        <p className="order-number">
          {t("order")} <strong id="order-number">#{order.display_id}</strong>{" "}
          <span className="muted small">
            (<span id="order-id">{order.id}</span>)
          </span>
        </p>
        <p className="payment-method" id="payment-method">
          <span className="muted">{t("paymentMethod")}</span>{" "}
          <strong>
            {method?.icon} <span id="payment-method-title">{method?.title ?? providerId ?? "—"}</span>
          </strong>
        </p>
        {note && (
          <p id="payment-note" className="note">
            {note}
          </p>
        )}
        <ul id="order-lines" className="lines">
          {(order.items ?? []).map((item) => (
            <li key={item.id} className="line">
              <span>
                {item.product_title ?? item.title} × {item.quantity}
              </span>
              <span className="amount">{money(item.total, order.currency_code, locale)}</span>
            </li>
          ))}
        </ul>
        <p className="total-row">
          <span>{t("total")}</span> <strong id="order-total">{money(order.total, order.currency_code, locale)}</strong>
        </p>
        {order.email && <p className="muted small">{t("confirmationTo", { email: order.email })}</p>}
        <p className="state muted small">
          <span>{t("jetpayState")}</span> <code id="payment-state">{status?.state ?? "—"}</code>
        </p>
        <p>
          <a className="button" href={`/${locale}`}>
            {t("continueShopping")}
          </a>
        </p>
      </section>
    </div>
  )
}

/** What the shopper should know about the payment: an EFT settles later; a card was charged the order plus Jetpay's fee. */
function paymentNote(state: string | undefined, order: Order, surchargeCents: number, locale: Locale): string | null {
  const t = textsFor(locale)
  switch (state) {
    case "initiated":
      return t("eftAwaiting")
    case "paid": {
      if (surchargeCents <= 0) return t("cardPaid")
      // The surcharge is Jetpay's fee to the shopper, never part of the order's amounts.
      const totalCents = Math.round(Number(order.total) * 100)
      return t("cardPaidSurcharge", {
        charged: money((totalCents + surchargeCents) / 100, order.currency_code, locale),
        total: money(order.total, order.currency_code, locale),
        surcharge: money(surchargeCents / 100, order.currency_code, locale),
      })
    }
    case "completed":
      return t("paymentCaptured")
    default:
      return null
  }
}
