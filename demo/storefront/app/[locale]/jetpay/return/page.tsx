import { ReturnView } from "@/components/return-view"
import type { Locale } from "@/lib/locales"
import { shopText } from "@/lib/texts"

/**
 * Where a shopper comes back to from Jetpay's page, or opens later from a link: the cart id is in
 * the address, so it works in any browser, without the shop's storage or cookies.
 */
export default async function JetpayReturnPage(props: {
  params: Promise<{ locale: string }>
  searchParams: Promise<{ cart_id?: string | string[] }>
}) {
  const { locale } = (await props.params) as { locale: Locale }
  const { cart_id: cartId } = await props.searchParams
  return (
    <div className="narrow">
      <section className="panel">
        <h1>{shopText(locale, "returnTitle")}</h1>
        {typeof cartId === "string" && cartId ? (
          <ReturnView locale={locale} cartId={cartId} />
        ) : (
          <p id="no-cart">{shopText(locale, "noCart")}</p>
        )}
        <p>
          <a href={`/${locale}`}>{shopText(locale, "backToShop")}</a>
        </p>
      </section>
    </div>
  )
}
