// The hosted pages, server-rendered: no script, no external asset, usable with any browser.
// Element ids (#pay-eft, #pay-card, #pad-accepted, #surcharge, #total, #result, #error,
// #receive-submit) are a contract with browser tests; keep them stable.

import { formatCad } from "./money"
import type { TransactionRecord } from "./store"

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
.banner{background:#fff4ce;border:1px solid #e0c96b;padding:.5rem .75rem;border-radius:6px;font-size:.85rem}
section{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:0}
.amount{font-size:1.6rem;font-weight:600}
label{display:block;margin:.5rem 0 .2rem}
input[type=text]{width:100%;box-sizing:border-box;padding:.45rem;border:1px solid #b9bfca;border-radius:4px}
.pad{font-size:.85rem;background:#f7f8fa;padding:.5rem .75rem;border-radius:4px}
.check{display:flex;gap:.5rem;align-items:flex-start}
button{margin-top:.9rem;padding:.6rem 1rem;border:0;border-radius:5px;background:#1f5eff;color:#fff;font-size:1rem;cursor:pointer}
#error{background:#fde8e8;border:1px solid #e39a9a;padding:.5rem .75rem;border-radius:6px}
dl{display:grid;grid-template-columns:auto auto;gap:.25rem 1rem}dd{margin:0;text-align:right}
`

function layout(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Jetpay sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="banner">Jetpay sandbox: a local simulator. No real money moves and any card or bank details are accepted.</p>
${content}
</main>
</body>
</html>
`
}

function errorBlock(error: string | undefined): string {
  return error ? `<p id="error" role="alert">${escapeHtml(error)}</p>` : ""
}

function textField(id: string, label: string, autocomplete = "off"): string {
  return `<label for="${id}">${escapeHtml(label)}</label>
<input type="text" id="${id}" name="${id.replace(/-/g, "_")}" autocomplete="${autocomplete}">`
}

export const PAD_REQUIRED_MESSAGE =
  "To pay by bank you must accept the pre-authorized debit agreement."

export function payPage(debit: TransactionRecord, error?: string): string {
  const action = `/payment/pay/${encodeURIComponent(debit.identifier)}`
  const statement = escapeHtml(debit.statement)
  const surcharge = debit.customer_surcharge_amount
  return layout(
    "Pay",
    `<h1>Payment to ${statement}</h1>
<p>Amount due</p>
<p class="amount" id="amount">${formatCad(debit.amount)}</p>
${errorBlock(error)}
<section aria-labelledby="eft-title">
<h2 id="eft-title">Pay by bank (EFT)</h2>
<p>No fee. The amount is debited from your bank account.</p>
<form method="post" action="${action}">
<input type="hidden" name="method" value="eft">
${textField("institution-number", "Institution number")}
${textField("transit-number", "Transit number")}
${textField("account-number", "Account number")}
<p class="pad" id="pad-agreement">Pre-authorized debit (PAD) agreement. You authorize ${statement} and its
payment processor to debit the bank account above once, for ${formatCad(debit.amount)}. You have certain
recourse rights if a debit does not comply with this agreement; for example, you have the right to receive
reimbursement for any debit that is not authorized or is not consistent with this agreement. Your financial
institution or Payments Canada can tell you more about your recourse rights.</p>
<p class="check"><input type="checkbox" id="pad-accepted" name="pad_accepted" value="yes" required>
<label for="pad-accepted">I accept the pre-authorized debit agreement</label></p>
<button type="submit" id="pay-eft">Pay by bank (EFT)</button>
</form>
</section>
<section aria-labelledby="card-title">
<h2 id="card-title">Pay by card</h2>
<dl>
<dt>Amount</dt><dd>${formatCad(debit.amount)}</dd>
<dt>Card surcharge</dt><dd id="surcharge">${formatCad(surcharge)}</dd>
<dt><strong>Total charged</strong></dt><dd><strong id="total">${formatCad(debit.amount + surcharge)}</strong></dd>
</dl>
<form method="post" action="${action}">
<input type="hidden" name="method" value="card">
${textField("card-name", "Name on card", "cc-name")}
${textField("card-number", "Card number", "cc-number")}
${textField("card-expiry", "Expiry (MM/YY)", "cc-exp")}
${textField("card-cvc", "CVC", "cc-csc")}
<button type="submit" id="pay-card">Pay ${formatCad(debit.amount + surcharge)} by card</button>
</form>
</section>`
  )
}

export function receivePage(credit: TransactionRecord, error?: string): string {
  const action = `/payment/receive/${encodeURIComponent(credit.identifier)}`
  return layout(
    "Receive a payment",
    `<h1>Payment from ${escapeHtml(credit.statement)}</h1>
<p>Amount to receive</p>
<p class="amount" id="amount">${formatCad(credit.amount)}</p>
${errorBlock(error)}
<section aria-labelledby="bank-title">
<h2 id="bank-title">Where should we send it?</h2>
<form method="post" action="${action}">
${textField("account-holder", "Account holder name", "name")}
${textField("institution-number", "Institution number")}
${textField("transit-number", "Transit number")}
${textField("account-number", "Account number")}
<button type="submit" id="receive-submit">Receive ${formatCad(credit.amount)}</button>
</form>
</section>`
  )
}

/** A page whose outcome a test reads from `#result`. */
export function resultPage(title: string, message: string): string {
  return layout(title, `<h1 id="result">${escapeHtml(title)}</h1>\n<p id="message">${escapeHtml(message)}</p>`)
}

export function paymentReceivedPage(debit: TransactionRecord): string {
  const charged = debit.surcharge_applied ? debit.amount + debit.customer_surcharge_amount : debit.amount
  const how = debit.method === "card" ? "by card" : "by bank (EFT)"
  // Jetpay documents no return URL, so the page ends here instead of sending the payer back.
  return resultPage(
    "Payment received",
    `${formatCad(charged)} ${how} to ${debit.statement}. You may close this page.`
  )
}

export function linkUsedPage(record: TransactionRecord): string {
  if (record.state === "cancelled") {
    return resultPage("Payment cancelled", "This payment was cancelled by the merchant. You may close this page.")
  }
  return resultPage("Link already used", "This payment link was already used. You may close this page.")
}
