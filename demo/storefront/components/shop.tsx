"use client"

import type { HttpTypes } from "@medusajs/types"
import { JetpayPayButton, jetpaySessionOf } from "medusa-payment-jetpay/storefront"
import { useRouter } from "next/navigation"
import { useCallback, useEffect, useState, type FormEvent } from "react"
import { CART_FIELDS } from "@/lib/cart"
import { jetpayLanguageOf, money, type Locale } from "@/lib/locales"
import { textsFor } from "@/lib/texts"
import { useCart } from "./cart-provider"
import { useStore } from "./store-provider"

const PROVINCES = [
  ["ON", "Ontario"],
  ["QC", "Québec"],
  ["BC", "British Columbia"],
  ["AB", "Alberta"],
  ["MB", "Manitoba"],
  ["NS", "Nova Scotia"],
] as const

/** A shopper filled in already, so a demo checkout is two clicks: in Toronto in English, in Montréal in French. */
const SAMPLE = {
  en: { email: "shopper@example.com", first_name: "Alex", last_name: "Martin", address_1: "100 Queen St W", city: "Toronto", province: "ON", postal_code: "M5H 2N2" },
  fr: { email: "client@example.com", first_name: "Camille", last_name: "Roy", address_1: "275 rue Notre-Dame Est", city: "Montréal", province: "QC", postal_code: "H2Y 1C6" },
} as const

type Step = "none" | "details" | "payment"

/** The shop: products, the cart, the shopper's details, and Jetpay's pay button (the kit's). */
export function Shop(props: { locale: Locale; products: HttpTypes.StoreProduct[] }) {
  const { locale, products } = props
  const t = textsFor(locale)
  const sample = SAMPLE[locale]
  const router = useRouter()
  const { sdk, jetpay } = useStore()
  const { cart, loaded, paidCartId, change, addVariant, reload, finish } = useCart()
  const [step, setStep] = useState<Step>("none")
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const items = [...(cart?.items ?? [])].sort((a, b) => a.title.localeCompare(b.title))

  // When the cart loads or its lines come and go: a cart with an address goes on to payment, one
  // without lines has no step; a step the shopper is on stays.
  const hasLines = items.length > 0
  const hasAddress = Boolean(cart?.email && cart.shipping_address)
  useEffect(() => {
    if (!loaded) return
    if (!hasLines) setStep("none")
    else setStep((current) => (current !== "none" ? current : hasAddress ? "payment" : "details"))
  }, [loaded, hasLines, hasAddress])

  async function run(name: string, work: () => Promise<unknown>) {
    setBusy(name)
    setError(null)
    try {
      await work()
    } catch (failure) {
      setError(t("error", { message: failure instanceof Error ? failure.message : String(failure) }))
    } finally {
      setBusy(null)
    }
  }

  async function onDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const value = (name: string) => String(form.get(name) ?? "")
    const address = {
      first_name: value("first_name"),
      last_name: value("last_name"),
      address_1: value("address_1"),
      city: value("city"),
      province: value("province"),
      postal_code: value("postal_code"),
      country_code: "ca",
    }
    await run("details", async () => {
      // The plugin builds Jetpay's payer from the cart's email and address, on the server.
      await change((cartId) => sdk.store.cart.update(cartId, { email: value("email"), shipping_address: address, billing_address: address }, { fields: CART_FIELDS }))
      setStep("payment")
    })
  }

  const onOrder = useCallback(
    (orderId: string) => {
      if (cart) finish(cart.id)
      router.push(`/${locale}/order/${orderId}`)
    },
    [cart, finish, router, locale]
  )

  const checkoutCartId = cart && jetpaySessionOf(cart) ? cart.id : paidCartId
  return (
    <div className="shop">
      {checkoutCartId && (
        <p id="pending-payment" className="notice">
          {t("backFromJetpay")}{" "}
          <a id="pending-payment-link" href={`/${locale}/jetpay/return?cart_id=${encodeURIComponent(checkoutCartId)}`}>
            {t("seePayment")}
          </a>
        </p>
      )}
      {error && (
        <p id="error" className="error" role="alert">
          {error}
        </p>
      )}

      <section className="products-section">
        <h1>{t("heading")}</h1>
        <div id="products" className="grid">
          {products.map((product) => {
            const variant = product.variants?.[0]
            const price = variant?.calculated_price
            return (
              <article key={product.id} id={`product-${product.handle}`} className="product">
                <div className={`art art-${product.handle}`}>{product.title.slice(0, 1)}</div>
                <h3>{product.title}</h3>
                <p className="muted small">{product.description}</p>
                <p className="price">{price ? money(price.calculated_amount, price.currency_code, locale) : ""}</p>
                <button
                  id={`add-to-cart-${product.handle}`}
                  type="button"
                  disabled={!loaded || busy !== null || !variant}
                  onClick={() =>
                    run(`add-${product.handle}`, async () => {
                      await addVariant(variant!.id)
                      setStep((current) => (current === "payment" ? "payment" : "details"))
                    })
                  }
                >
                  {t("addToCart")}
                </button>
              </article>
            )
          })}
        </div>
      </section>

      <aside className="side">
        <section id="cart" className="panel">
          <h2>{t("cartHeading")}</h2>
          {!items.length ? (
            <p id="cart-empty" className="muted">
              {t("cartEmpty")}
            </p>
          ) : (
            <div id="cart-contents">
              <ul id="cart-lines" className="lines">
                {items.map((item) => (
                  <li key={item.id} className="line">
                    <span>
                      {item.product_title ?? item.title} × {item.quantity}
                    </span>
                    <span className="amount">{money(item.total ?? item.unit_price * item.quantity, cart?.currency_code, locale)}</span>
                    <button
                      type="button"
                      className="link remove"
                      disabled={busy !== null}
                      onClick={() =>
                        run("remove", () =>
                          change(async (cartId, current) => {
                            // A copied cart has new line ids: the line is found by its variant.
                            const line = current.items?.find((candidate) => candidate.variant_id === item.variant_id)
                            if (line) await sdk.store.cart.deleteLineItem(cartId, line.id)
                          })
                        )
                      }
                    >
                      {t("remove")}
                    </button>
                  </li>
                ))}
              </ul>
              <p className="total-row">
                <span>{t("total")}</span> <strong id="cart-total">{money(cart?.total, cart?.currency_code, locale)}</strong>
              </p>
              <p className="muted small">{t("noShipping")}</p>
            </div>
          )}
        </section>

        {step === "details" && cart && (
          <form id="checkout-form" className="panel" onSubmit={onDetails}>
            <h2>{t("detailsHeading")}</h2>
            <label>
              <span>{t("email")}</span> <input name="email" type="email" required defaultValue={cart.email ?? sample.email} autoComplete="email" />
            </label>
            <div className="two">
              <label>
                <span>{t("firstName")}</span> <input name="first_name" required defaultValue={cart.shipping_address?.first_name ?? sample.first_name} autoComplete="given-name" />
              </label>
              <label>
                <span>{t("lastName")}</span> <input name="last_name" required defaultValue={cart.shipping_address?.last_name ?? sample.last_name} autoComplete="family-name" />
              </label>
            </div>
            <label>
              <span>{t("address")}</span> <input name="address_1" required defaultValue={cart.shipping_address?.address_1 ?? sample.address_1} autoComplete="address-line1" />
            </label>
            <div className="two">
              <label>
                <span>{t("city")}</span> <input name="city" required defaultValue={cart.shipping_address?.city ?? sample.city} autoComplete="address-level2" />
              </label>
              <label>
                <span>{t("province")}</span>
                <select name="province" defaultValue={cart.shipping_address?.province ?? sample.province}>
                  {PROVINCES.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <label>
              <span>{t("postalCode")}</span>{" "}
              <input name="postal_code" required defaultValue={cart.shipping_address?.postal_code ?? sample.postal_code} autoComplete="postal-code" />
            </label>
            <button id="checkout" type="submit" disabled={busy !== null}>
              {t("continueToPayment")}
            </button>
          </form>
        )}

        {step === "payment" && cart && (
          <section id="payment" className="panel">
            <h2>{t("paymentHeading")}</h2>
            <p className="total-row">
              <span>{t("toPay")}</span> <strong id="payment-total">{money(cart.total, cart.currency_code, locale)}</strong>
            </p>
            <JetpayPayButton
              store={jetpay}
              cart={cart}
              lang={jetpayLanguageOf(locale)}
              onOrder={onOrder}
              // The cart now holds its Jetpay payment: the banner links to its return page.
              onStarted={() => void reload().catch(() => {})}
              className="jetpay-pay small"
              buttonClassName="pay-jetpay"
              data-testid="pay-jetpay"
            />
            <button id="edit-details" type="button" className="link" onClick={() => setStep("details")}>
              {t("changeDetails")}
            </button>
          </section>
        )}
      </aside>
    </div>
  )
}
