import { unpaidOrderSchedule, unpaidOrderTimes } from "../unpaid-order"

const placed = new Date("2026-12-01T12:00:00.000Z")
const DAY = 86_400_000
const at = (ms: number) => new Date(placed.getTime() + ms)
const iso = (ms: number) => at(ms).toISOString()

describe("unpaidOrderSchedule: an order made before its payment is reminded of, then expires", () => {
  it.each<[string, { expireAfterMs: number; reminderAfterMs: number | null }, { expires_at: string; remind_at: string | null }]>([
    ["the defaults: reminded after 7 days, expired after 30", { expireAfterMs: 30 * DAY, reminderAfterMs: 7 * DAY }, { expires_at: iso(30 * DAY), remind_at: iso(7 * DAY) }],
    ["no reminder (null)", { expireAfterMs: 30 * DAY, reminderAfterMs: null }, { expires_at: iso(30 * DAY), remind_at: null }],
    ["a reminder not before the expiry is none", { expireAfterMs: 5 * DAY, reminderAfterMs: 5 * DAY }, { expires_at: iso(5 * DAY), remind_at: null }],
  ])("%s", (_label, options, expected) => {
    expect(unpaidOrderSchedule(placed, options)).toEqual(expected)
  })
})

describe("unpaidOrderTimes: what is due now, and when to look again", () => {
  const schedule = { expires_at: iso(30 * DAY), remind_at: iso(7 * DAY), reminded_at: null }
  it.each<[string, Parameters<typeof unpaidOrderTimes>[0], number, boolean, { expired: boolean; reminderDue: boolean; wakeAt: Date | null }]>([
    ["not a request of an order before payment", null, 40 * DAY, false, { expired: false, reminderDue: false, wakeAt: null }],
    ["no expiry recorded (an admin's request)", { remind_at: iso(DAY) }, 40 * DAY, false, { expired: false, reminderDue: false, wakeAt: null }],
    ["before its reminder: look again at the reminder", schedule, DAY, false, { expired: false, reminderDue: false, wakeAt: at(7 * DAY) }],
    ["at its reminder time: due", schedule, 7 * DAY, false, { expired: false, reminderDue: true, wakeAt: at(7 * DAY) }],
    ["reminding in this run: look again at the expiry", schedule, 7 * DAY, true, { expired: false, reminderDue: true, wakeAt: at(30 * DAY) }],
    ["reminded already: look again at the expiry", { ...schedule, reminded_at: iso(7 * DAY) }, 8 * DAY, false, { expired: false, reminderDue: false, wakeAt: at(30 * DAY) }],
    ["past its expiry, never reminded: expired, no reminder", schedule, 30 * DAY, false, { expired: true, reminderDue: false, wakeAt: at(30 * DAY) }],
    ["no reminder: look again at the expiry", { ...schedule, remind_at: null }, DAY, false, { expired: false, reminderDue: false, wakeAt: at(30 * DAY) }],
  ])("%s", (_label, recorded, nowMs, reminding, expected) => {
    expect(unpaidOrderTimes(recorded, at(nowMs), reminding)).toEqual(expected)
  })
})
