import { recordedHistory } from "../recorded-history"

const at = new Date("2026-12-07T12:00:00Z")

describe("recordedHistory: a transaction's events and record as one history", () => {
  it.each([
    ["no record: the events alone", ["requested", "initiated"], null, ["requested", "initiated"], false],
    ["the record's state is part of it", ["requested"], { state: "paid", authorized_at: null, settled_at: null }, ["requested", "paid"], false],
    [
      "an authorized record that moved on still says the payer authorized",
      [],
      { state: "failed", authorized_at: at, settled_at: null },
      ["failed", "initiated"],
      false,
    ],
    [
      "a settlement a status read confirmed",
      ["completed"],
      { state: "completed", authorized_at: at, settled_at: at },
      ["completed", "completed", "initiated"],
      true,
    ],
    ["events saying completed confirm nothing", ["completed"], { state: "requested", authorized_at: null, settled_at: null }, ["completed", "requested"], false],
    ["dates read as text count the same", [], { state: "paid", authorized_at: at.toISOString(), settled_at: null }, ["paid", "initiated"], false],
  ] as const)("%s", (_name, events, record, seen, settlementConfirmed) => {
    expect(recordedHistory(events, record)).toEqual({ seen, settlementConfirmed })
  })

  it("leaves the events it was given as they were", () => {
    const events = ["requested"]
    recordedHistory(events, { state: "paid", authorized_at: at, settled_at: null })
    expect(events).toEqual(["requested"])
  })
})
