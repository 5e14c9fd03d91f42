// The shop page: products, a cart, the shopper's details, and the button that sends
// them to Jetpay. Every change goes through the Store API; the page keeps only the
// cart id (localStorage) and re-renders from what Medusa answers.
import { installLanguageSwitch, onLanguageChange, rememberProvince, t } from "./i18n.js"
import { config, copyCart, isStuckCart, money, payWithJetpay, remember, setText, show, storeApi, StoreApiError } from "./store-api.js"

const CART_FIELDS = "fields=id,email,completed_at,currency_code,total,*items,*shipping_address"

let cart = null
let products = []

installLanguageSwitch()
onLanguageChange(() => {
  renderProductCards()
  renderCart()
})
main().catch(showError)

async function main() {
  const checkoutCartId = remember.checkoutCartId()
  if (checkoutCartId) {
    document.getElementById("pending-payment-link").href = `/return?cart_id=${encodeURIComponent(checkoutCartId)}`
    show("pending-payment")
  }
  await Promise.all([renderProducts(), loadCart()])
  document.getElementById("checkout-form").addEventListener("submit", onCheckout)
  document.getElementById("pay-jetpay").addEventListener("click", onPay)
  document.getElementById("edit-details").addEventListener("click", () => showStep("details"))
  const province = document.querySelector("#checkout-form [name=province]")
  province.addEventListener("change", () => rememberProvince(province.value))
}

async function renderProducts() {
  const { regionId } = await config()
  ;({ products } = await storeApi(
    "GET",
    `/store/products?region_id=${regionId}&fields=id,title,handle,description,*variants.calculated_price&order=title&limit=50`
  ))
  renderProductCards()
}

function renderProductCards() {
  if (!products.length) return
  const grid = document.getElementById("products")
  grid.replaceChildren(...products.map(productCard))
  grid.removeAttribute("aria-busy")
}

function productCard(product) {
  const variant = product.variants[0]
  const price = variant?.calculated_price
  const card = element("article", { id: `product-${product.handle}`, className: "product" })
  const art = element("div", { className: `art art-${product.handle}` })
  art.textContent = product.title.slice(0, 1)
  const button = element("button", { id: `add-to-cart-${product.handle}`, type: "button", className: "add-to-cart" })
  button.textContent = t("shop.addToCart")
  button.addEventListener("click", () => busy(button, () => addToCart(variant.id)))
  card.append(
    art,
    element("h3", { textContent: product.title }),
    element("p", { className: "muted small", textContent: product.description ?? "" }),
    element("p", { className: "price", textContent: price ? money(price.calculated_amount, price.currency_code) : "" }),
    button
  )
  return card
}

/** The remembered cart, unless it became an order or no longer exists. */
async function loadCart() {
  const id = remember.cartId()
  if (!id) return renderCart()
  try {
    ;({ cart } = await storeApi("GET", `/store/carts/${id}?${CART_FIELDS}`))
    if (cart.completed_at) {
      remember.forget(id)
      cart = null
    }
  } catch (error) {
    if (!(error instanceof StoreApiError && error.status === 404)) throw error
    remember.forget(id)
    cart = null
  }
  renderCart()
}

async function addToCart(variantId) {
  if (!cart) {
    const { regionId } = await config()
    ;({ cart } = await storeApi("POST", "/store/carts", { region_id: regionId }))
    remember.setCartId(cart.id)
  }
  await changeCart((cartId) => storeApi("POST", `/store/carts/${cartId}/line-items`, { variant_id: variantId, quantity: 1 }))
  await refreshCart()
  showStep("details")
}

async function removeLine(line) {
  await changeCart(async (cartId, copied) => {
    // A copy has new line ids: find the line by its variant.
    const id = copied ? cart.items.find((item) => item.variant_id === line.variant_id)?.id : line.id
    if (id) await storeApi("DELETE", `/store/carts/${cartId}/line-items/${id}`)
  })
  await refreshCart()
  showStep(cart.items.length ? "details" : "none")
}

/** A change to the cart; a cart Medusa can no longer change is copied first (see isStuckCart). */
async function changeCart(change) {
  try {
    return await change(cart.id, false)
  } catch (error) {
    if (!isStuckCart(error)) throw error
    ;({ cart } = await storeApi("GET", `/store/carts/${await copyCart(cart.id)}?${CART_FIELDS}`))
    return change(cart.id, true)
  }
}

async function refreshCart() {
  ;({ cart } = await storeApi("GET", `/store/carts/${cart.id}?${CART_FIELDS}`))
  renderCart()
}

function renderCart() {
  const items = cart?.items ?? []
  setText("cart-count", String(items.reduce((sum, item) => sum + item.quantity, 0)))
  show("cart-empty", !items.length)
  show("cart-contents", items.length > 0)
  document.getElementById("cart-lines").replaceChildren(
    ...items
      .slice()
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((item) => {
        const line = element("li", { className: "line" })
        const remove = element("button", { type: "button", className: "link remove", textContent: t("cart.remove") })
        remove.addEventListener("click", () => busy(remove, () => removeLine(item)))
        line.append(
          element("span", { textContent: `${item.product_title ?? item.title} × ${item.quantity}` }),
          element("span", { className: "amount", textContent: money(item.total ?? item.unit_price * item.quantity, cart.currency_code) }),
          remove
        )
        return line
      })
  )
  setText("cart-total", money(cart?.total ?? 0, cart?.currency_code))
  setText("payment-total", money(cart?.total ?? 0, cart?.currency_code))
  if (items.length && document.getElementById("checkout-form").hidden && document.getElementById("payment").hidden) {
    showStep("details")
  }
}

/** The email and address go on the cart: the plugin builds Jetpay's payer from them. */
async function onCheckout(event) {
  event.preventDefault()
  const form = new FormData(event.target)
  rememberProvince(String(form.get("province")))
  const address = {
    first_name: form.get("first_name"),
    last_name: form.get("last_name"),
    address_1: form.get("address_1"),
    city: form.get("city"),
    province: form.get("province"),
    postal_code: form.get("postal_code"),
    country_code: "ca",
  }
  await busy(document.getElementById("checkout"), async () => {
    ;({ cart } = await changeCart((cartId) =>
      storeApi("POST", `/store/carts/${cartId}?${CART_FIELDS}`, {
        email: form.get("email"),
        shipping_address: address,
        billing_address: address,
      })
    ))
    renderCart()
    showStep("payment")
  })
}

async function onPay(event) {
  await busy(event.target, () => payWithJetpay(cart.id), { keepBusy: true })
}

function showStep(step) {
  show("checkout-form", step === "details")
  show("payment", step === "payment")
}

/** Disables a button while its work runs; errors are shown at the top of the page. */
async function busy(button, work, { keepBusy = false } = {}) {
  button.disabled = true
  show("error", false)
  try {
    await work()
    if (!keepBusy) button.disabled = false
  } catch (error) {
    button.disabled = false
    showError(error)
  }
}

function showError(error) {
  setText("error", t("error.generic", { message: error.message }))
  show("error")
}

function element(tag, properties) {
  return Object.assign(document.createElement(tag), properties)
}
