// The page a shopper comes back to after Jetpay's page (Jetpay has no return link:
// the shop's banner or the address bar brings them here). It polls the plugin's
// status route every 2 s until the order exists, which the webhook usually made
// before the shopper even got back.
import { money, payWithJetpay, remember, setText, show, storeApi, StoreApiError } from "./store-api.js"

const POLL_MS = 2000
/** Failed polls in a row before the shopper is offered a way out. */
const FAILURES_BEFORE_HELP = 3
const PANELS = ["checking", "waiting", "authorizing", "order-confirmed", "payment-failed", "status-unavailable", "unknown-cart"]

const cartId = new URLSearchParams(location.search).get("cart_id") ?? remember.checkoutCartId()

let failures = 0

for (const id of ["retry-payment", "new-link", "restart-payment"]) {
  document.getElementById(id).addEventListener("click", (event) => retry(event.target))
}

if (cartId) {
  // A reload, or a bookmark, shows the same payment.
  history.replaceState(null, "", `/return?cart_id=${encodeURIComponent(cartId)}`)
  poll()
} else {
  setText("unknown-note", "There is no payment in progress in this browser.")
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
      showOnly("unknown-cart")
      setText("payment-state", "none")
      return
    }
    failures += 1
    setText("poll-error", `We could not check your payment just now (${error.message}). Trying again…`)
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
      setText(
        "failure-note",
        status.state === "failed"
          ? "Jetpay reports that the payment failed. Nothing was charged. You can try again, by bank or by card."
          : "The payment was cancelled. Nothing was charged. You can try again, by bank or by card."
      )
      showOnly("payment-failed")
      return // Nothing will change until the shopper tries again.
    default:
      showOnly("checking")
  }
  setTimeout(poll, POLL_MS)
}

/** Guests may read an order by its id (Medusa's GET /store/orders/:id). */
async function showOrder(status) {
  const surchargeCents = remember.surcharge(cartId)
  remember.forget(cartId)
  setText("order-id", status.order_id)
  setText("payment-note", paymentNote(status.state))
  try {
    const { order } = await storeApi(
      "GET",
      `/store/orders/${status.order_id}?fields=id,display_id,email,total,currency_code,*items`
    )
    if (status.state === "paid" && surchargeCents > 0) {
      // The surcharge is Jetpay's fee to the shopper, never part of the order's amounts.
      const charged = money((Math.round(order.total * 100) + surchargeCents) / 100, order.currency_code)
      setText(
        "payment-note",
        `Your card payment went through. Jetpay charged your card ${charged}: the order's ` +
          `${money(order.total, order.currency_code)} plus its ${money(surchargeCents / 100, order.currency_code)} card surcharge.`
      )
    }
    setText("order-number", `#${order.display_id}`)
    setText("order-total", money(order.total, order.currency_code))
    setText("order-email", order.email ?? "you")
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
  } catch {
    // The order exists; its details are a nicety.
    setText("order-number", status.order_id)
  }
  showOnly("order-confirmed")
}

function paymentNote(state) {
  switch (state) {
    case "initiated":
      return "Your bank payment is authorized and your order is confirmed. The money leaves your account over the next few business days; there is nothing more to do."
    case "paid":
      return "Your card payment went through."
    case "completed":
      return "Your payment is complete."
    case "failed":
      return "Your bank returned the payment after the order was placed. The store will contact you."
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
    setText("poll-error", `We could not start a new payment: ${error.message}`)
    show("poll-error")
  }
}

function showOnly(panel) {
  for (const id of PANELS) show(id, id === panel)
}
