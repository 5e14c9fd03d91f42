import { dismissLostEvents, LOST_EVENTS_KEPT, lostEventsItems, withLostEvents, type LostEvents } from "../lost-events"

const at = "2026-11-30T12:00:00.000Z"
const gap = (from: number, to: number, more: Partial<LostEvents> = {}): LostEvents => ({
  from: String(from),
  to: String(to),
  reason: "gap",
  tries: 3,
  at,
  ...more,
})

describe("lost events", () => {
  it.each([
    ["nothing given up on", undefined, []],
    ["one range", { gaps: [gap(101, 104)] }, ["events_lost:101-104"]],
    ["newest first", { gaps: [gap(101, 104), gap(200, 200)] }, ["events_lost:200-200", "events_lost:101-104"]],
    ["a dismissed range is no item", { gaps: [gap(101, 104, { dismissed_at: at }), gap(200, 200)] }, ["events_lost:200-200"]],
  ])("%s: items %j", (_name, state, ids) => {
    expect(lostEventsItems(state).map((item) => item.id)).toEqual(ids)
  })

  it("says which ids never came, how often they were asked for, and what to check; its one action is dismiss", () => {
    expect(lostEventsItems({ gaps: [gap(101, 104)] })).toEqual([
      {
        id: "events_lost:101-104",
        kind: "events_lost",
        transaction_id: null,
        order_id: null,
        cart_id: null,
        amount: 0,
        reason: expect.stringMatching(/^Jetpay never delivered events 101 to 104, asked again 3 times; .*Jetpay's dashboard/),
        since: at,
        actions: ["dismiss"],
      },
    ])
    expect(lostEventsItems({ gaps: [gap(7, 7)] })[0].reason).toMatch(/^Jetpay never delivered event 7,/)
  })

  it("records a range once, and keeps the most recent ones", () => {
    const once = withLostEvents(withLostEvents(undefined, gap(101, 104)), gap(101, 104, { at: "later" }))
    expect(once).toEqual({ gaps: [gap(101, 104)] })
    let many = undefined as ReturnType<typeof withLostEvents> | undefined
    for (let index = 0; index < LOST_EVENTS_KEPT + 2; index++) many = withLostEvents(many, gap(index * 10, index * 10 + 1))
    expect(many!.gaps).toHaveLength(LOST_EVENTS_KEPT)
    expect(many!.gaps[0].from).toBe("20")
  })

  it("dismisses an open range once", () => {
    const now = new Date(at)
    const dismissed = dismissLostEvents({ gaps: [gap(101, 104)] }, "events_lost:101-104", now)
    expect(dismissed).toEqual({ gaps: [gap(101, 104, { dismissed_at: at })] })
    expect(dismissLostEvents(dismissed!, "events_lost:101-104", now)).toBeNull()
    expect(dismissLostEvents(undefined, "events_lost:1-2", now)).toBeNull()
  })
})
