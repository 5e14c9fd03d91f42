// The page a shopper comes back to after Jetpay's page (Jetpay has no return link:
// the shop's banner or the address bar brings them here). It polls the plugin's
// status route every 2 s until the order exists, which the webhook usually made
// before the shopper even got back.
import { installLanguageSwitch, onLanguageChange, t } from "./i18n.js"
import { money, payWithJetpay, remember, setText, show, storeApi, StoreApiError } from "./store-api.js"

const POLL_MS = 2000
/** Failed polls in a row before the shopper is offered a way out. */
const FAILURES_BEFORE_HELP = 3
const PANELS = ["checking", "waiting", "authorizing", "order-confirmed", "payment-failed", "status-unavailable", "unknown-cart"]

const cartId = new URLSearchParams(location.search).get("cart_id") ?? remember.checkoutCartId()

let failures = 0
/** What the last poll showed, so a change of language redraws it. */
let lastStatus = null
let lastOrder = null

installLanguageSwitch()
onLanguageChange(() => {
  if (lastOrder) renderOrder(lastOrder.status, lastOrder.order, lastOrder.surchargeCents)
  else if (lastStatus) renderStatus(lastStatus)
  else if (!cartId) setText("unknown-note", t("return.noPayment"))
})

for (const id of ["retry-payment", "new-link", "restart-payment"]) {
  document.getElementById(id).addEventListener("click", (event) => retry(event.target))
}

if (cartId) {
  // A reload, or a bookmark, shows the same payment.
  history.replaceState(null, "", `/return?cart_id=${encodeURIComponent(cartId)}`)
  poll()
} else {
  setText("unknown-note", t("return.noPayment"))
  showOnly("unknown-cart")
  setText("payment-state", "none")
}

async function poll() {
  let status
  try {
    status = await storeApi("GET", `/store/jetpay/payment-status?cart_id=${encodeURIComponent(cartId)}`)
    show("poll-error", false)
  } catch (error) {
    if (error instanceof StoreApiError && error.status === 404) {
      // No such cart, or it has no Jetpay payment (its contents changed since): start over.
      remember.forgetCheckout()
      setText("unknown-note", t("return.noneText"))
      showOnly("unknown-cart")
      setText("payment-state", "none")
      return
    }
    failures += 1
    setText("poll-error", t("return.pollError", { message: error.message }))
    // A checkout from before the demo restarted stays unreadable: offer a new payment.
    const stuck = failures >= FAILURES_BEFORE_HELP
    show("poll-error", !stuck)
    if (stuck) {
      setText("payment-state", "unknown")
      showOnly("status-unavailable")
    }
    setTimeout(poll, stuck ? 5 * POLL_MS : POLL_MS)
    return
  }
  failures = 0

  setText("payment-state", status.state)
  if (status.order_id) return showOrder(status)
  lastStatus = status
  if (renderStatus(status) === "final") return // Nothing will change until the shopper tries again.
  setTimeout(poll, POLL_MS)
}

/** The panel for a status without an order yet; "final" when only the shopper can change it. */
function renderStatus(status) {
  switch (status.state) {
    case "requested": {
      const link = document.getElementById("pay-link")
      link.href = status.link ?? "#"
      link.hidden = !status.link
      showOnly("waiting")
      break
    }
    case "initiated":
    case "paid":
    case "completed":
      showOnly("authorizing")
      break
    case "failed":
    case "cancelled":
    case "canceled":
      setText("failure-note", t(status.state === "failed" ? "return.failedText" : "return.cancelledText"))
      showOnly("payment-failed")
      return "final"
    default:
      showOnly("checking")
  }
  return "polling"
}

/** Guests may read an order by its id (Medusa's GET /store/orders/:id). */
async function showOrder(status) {
  const surchargeCents = remember.surcharge(cartId)
  remember.forget(cartId)
  let order = null
  try {
    ;({ order } = await storeApi(
      "GET",
      `/store/orders/${status.order_id}?fields=id,display_id,email,total,currency_code,*items`
    ))
  } catch {
    // The order exists; its details are a nicety.
  }
  lastOrder = { status, order, surchargeCents }
  renderOrder(status, order, surchargeCents)
  showOnly("order-confirmed")
}

function renderOrder(status, order, surchargeCents) {
  setText("order-id", status.order_id)
  setText("payment-note", paymentNote(status.state))
  if (!order) {
    setText("order-number", status.order_id)
    return
  }
  if (status.state === "paid" && surchargeCents > 0) {
    // The surcharge is Jetpay's fee to the shopper, never part of the order's amounts.
    const charged = money((Math.round(order.total * 100) + surchargeCents) / 100, order.currency_code)
    setText(
      "payment-note",
      t("note.paidSurcharge", {
        charged,
        total: money(order.total, order.currency_code),
        surcharge: money(surchargeCents / 100, order.currency_code),
      })
    )
  }
  setText("order-number", `#${order.display_id}`)
  setText("order-total", money(order.total, order.currency_code))
  setText("order-confirmation", t("return.confirmationTo", { email: order.email ?? t("return.you") }))
  document.getElementById("order-lines").replaceChildren(
    ...order.items.map((item) => {
      const line = document.createElement("li")
      line.className = "line"
      const name = document.createElement("span")
      name.textContent = `${item.product_title ?? item.title} × ${item.quantity}`
      const amount = document.createElement("span")
      amount.className = "amount"
      amount.textContent = money(item.total, order.currency_code)
      line.append(name, amount)
      return line
    })
  )
}

function paymentNote(state) {
  switch (state) {
    case "initiated":
      return t("note.initiated")
    case "paid":
      return t("note.paid")
    case "completed":
      return t("note.completed")
    case "failed":
      return t("note.reversed")
    default:
      return ""
  }
}

async function retry(button) {
  button.disabled = true
  show("poll-error", false)
  try {
    await payWithJetpay(cartId)
  } catch (error) {
    button.disabled = false
    setText("poll-error", t("return.retryError", { message: error.message }))
    show("poll-error")
  }
}

function showOnly(panel) {
  for (const id of PANELS) show(id, id === panel)
}
