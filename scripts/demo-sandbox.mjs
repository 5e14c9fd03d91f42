// The demo's Jetpay sandbox, and the one thing a restart needs from it.
//
// The sandbox keeps everything in memory, so a new one numbers its events from 1
// again. The plugin records each Jetpay event once by that id (real Jetpay never
// reuses one), so after a restart it would take the new events for duplicates of the
// old run's and ignore them: no order would ever be created by webhook again.
// `skipEventIdsThrough` moves the new sandbox's numbering past the highest id the
// database holds, before the webhook is registered (a new webhook starts after the
// newest event, so the filler events are never delivered).

const DEMO_TOKEN = "demo-token"

/** Makes the sandbox's next event id greater than `lastRecordedId`. Returns how many events it made. */
export async function skipEventIdsThrough(sandboxUrl, lastRecordedId) {
  const before = await newestEventId(sandboxUrl)
  if (before >= lastRecordedId) return 0
  const contact = await call(sandboxUrl, "PUT", "/contact", {
    email: "event-counter@jetpay-demo.test",
    name: "Demo restart",
    language: "en",
  })
  const debit = await call(sandboxUrl, "PUT", "/debit", {
    amount: 100,
    statement: "demo restart",
    to_bank_account: "6d9f2c1e-0000-4000-8000-000000000001",
    contact_id: contact.identifier,
  })
  let newest = before + 1 // the debit's `created` event
  // `touch` adds an `updated` event without changing anything: the cheapest event there is.
  while (newest < lastRecordedId) {
    await call(sandboxUrl, "POST", `/_sandbox/transactions/${debit.identifier}/touch`)
    newest += 1
  }
  // Nobody will pay it: take it out of the sandbox's list of payable debits.
  await call(sandboxUrl, "DELETE", `/transaction/${debit.identifier}`)
  return (await newestEventId(sandboxUrl)) - before
}

async function newestEventId(sandboxUrl) {
  const events = await call(sandboxUrl, "GET", "/_sandbox/events")
  return events.reduce((max, event) => Math.max(max, Number(event.id)), 0)
}

async function call(sandboxUrl, method, path, body) {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${DEMO_TOKEN}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}
