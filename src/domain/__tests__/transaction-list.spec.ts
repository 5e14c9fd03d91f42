import {
  csvCell,
  decimalAmount,
  paymentMethodOf,
  personName,
  transactionListRow,
  transactionsCsv,
  transactionsCsvFilename,
  type TransactionListOrder,
  type TransactionListRecord,
} from "../transaction-list"

const record = (overrides: Partial<TransactionListRecord> = {}): TransactionListRecord => ({
  jetpay_id: "debit-1",
  kind: "debit",
  state: "completed",
  amount: 9998,
  surcharge: 350,
  payment_method: "card",
  reversed_at: null,
  settled_at: new Date("2026-01-02T08:00:00Z"),
  created_at: new Date("2026-01-01T10:00:00Z"),
  order_id: "order_1",
  ...overrides,
})

const order: TransactionListOrder = {
  id: "order_1",
  display_id: 42,
  currency_code: "cad",
  email: "ada@example.com",
  customer_name: "Ada Lovelace",
}

describe("paymentMethodOf", () => {
  it.each([
    ["debit", [], null],
    ["debit", ["requested"], null],
    ["debit", ["requested", "initiated", "completed"], "eft"],
    ["debit", ["requested", "paid", "completed"], "card"],
    ["debit", ["PAID"], "card"],
    // An EFT that reads `paid` once its funds arrived is still an EFT.
    ["debit", ["initiated", "paid"], "eft"],
    ["debit", ["completed"], null],
    ["debit", [null, "requested"], null],
    ["credit", ["requested"], "eft"],
  ])("%s seen %j -> %s", (kind, states, expected) => {
    expect(paymentMethodOf(kind, states as string[])).toBe(expected)
  })
})

describe("transactionListRow", () => {
  it.each([
    ["a card debit adds its surcharge", record(), { method: "card", surcharge: 350, total: 10348, charged: true }],
    ["an EFT debit has none", record({ payment_method: "eft" }), { method: "eft", surcharge: 0, total: 9998, charged: true }],
    ["an unknown method leaves them unknown", record({ payment_method: null, state: "requested" }), { method: null, surcharge: null, total: null, charged: false }],
    ["a refund credit", record({ kind: "credit", state: "processing", payment_method: null, surcharge: 0 }), { method: "eft", surcharge: 0, total: 9998, charged: true }],
    ["a failed card debit charged nothing", record({ state: "failed" }), { charged: false }],
    ["a refund Jetpay refused charged nothing", record({ kind: "credit", state: "requested", payment_method: null, surcharge: 0, refund_outcome: "not_sent" }), { charged: false, status: { code: "not_sent", label: "Not sent" } }],
  ])("%s", (_name, input, expected) => {
    expect(transactionListRow(input, order, "cad")).toMatchObject(expected)
  })

  it("carries the order, the customer, the status and ISO dates", () => {
    expect(transactionListRow(record(), order, "usd")).toEqual({
      id: "debit-1",
      kind: "debit",
      state: "completed",
      status: { code: "settled", label: "Settled" },
      method: "card",
      currency_code: "cad",
      amount: 9998,
      surcharge: 350,
      total: 10348,
      charged: true,
      created_at: "2026-01-01T10:00:00.000Z",
      settled_at: "2026-01-02T08:00:00.000Z",
      order: { id: "order_1", display_id: 42 },
      customer: { name: "Ada Lovelace", email: "ada@example.com" },
    })
  })

  it("without its order: the record's order id, the plugin's currency, no customer", () => {
    expect(transactionListRow(record({ settled_at: null }), null, "cad")).toMatchObject({
      currency_code: "cad",
      settled_at: null,
      order: { id: "order_1", display_id: null },
      customer: null,
    })
    expect(transactionListRow(record({ order_id: null }), null, "cad").order).toBeNull()
  })
})

describe("personName", () => {
  it.each([
    ["Ada", "Lovelace", "Ada Lovelace"],
    [" Ada ", null, "Ada"],
    [null, undefined, null],
    ["", " ", null],
  ])("%j %j -> %j", (first, last, expected) => {
    expect(personName(first, last)).toBe(expected)
  })
})

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "\"'\rcmd\""],
    ["a,b", "\"a,b\""],
    ["line\nbreak", "\"line\nbreak\""],
    ["say \"hi\"", "\"say \"\"hi\"\"\""],
    ["a=b", "a=b"],
    [42, "42"],
    [null, ""],
  ])("%j -> %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })
})

describe("decimalAmount", () => {
  it.each([
    [9998, "cad", "99.98"],
    [5, "cad", "0.05"],
    [0, "cad", "0.00"],
    [1234, "jpy", "1234"],
  ])("%d %s -> %s", (cents, currency, expected) => {
    expect(decimalAmount(cents, currency)).toBe(expected)
  })
})

describe("transactionsCsv", () => {
  it("has a header and one line per row, amounts as decimals, formula-looking text neutralised", () => {
    const rows = [
      transactionListRow(record(), { ...order, customer_name: "=cmd|' /C calc'!A0" }, "cad"),
      transactionListRow(record({ jetpay_id: "credit-1", kind: "credit", state: "requested", amount: 2000, settled_at: null }), null, "cad"),
    ]
    expect(transactionsCsv(rows).split("\r\n")).toEqual([
      "jetpay_id,kind,state,status,method,order_display_id,order_id,customer_name,customer_email,currency,amount,surcharge,total,created_at,settled_at",
      "debit-1,debit,completed,Settled,card,42,order_1,'=cmd|' /C calc'!A0,ada@example.com,CAD,99.98,3.50,103.48,2026-01-01T10:00:00.000Z,2026-01-02T08:00:00.000Z",
      "credit-1,credit,requested,Waiting for the payee's bank details,eft,,order_1,,,CAD,20.00,0.00,20.00,2026-01-01T10:00:00.000Z,",
      "",
    ])
  })

  it("names the file by the day", () => {
    expect(transactionsCsvFilename(new Date("2026-12-07T23:59:00Z"))).toBe("jetpay-transactions-2026-12-07.csv")
  })
})
