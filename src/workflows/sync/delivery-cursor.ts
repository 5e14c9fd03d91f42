import { contiguousThrough, eventSequence } from "../../domain/event-sequence"
import type JetpayModuleService from "../../modules/jetpay/service"

const PAGE = 1000

type StoredCursor = { through: string }

export type DeliveryCursor = {
  through: bigint | null
  highestReceived: bigint | null
  /** The first id received past the gap; null when there is none. */
  nextReceived: bigint | null
  gapSince: Date | null
}

const key = (environment: string) => `cursor:${environment}`

/**
 * How far this store's event ids are whole, moved forward from where the last run left it.
 * The first id ever recorded starts the sequence: a new webhook delivers from the newest
 * event on, so what came before was never this store's to receive.
 */
export async function advanceDeliveryCursor(jetpay: JetpayModuleService, environment: string): Promise<DeliveryCursor> {
  const stored = await jetpay.readState<StoredCursor>(key(environment))
  let through: bigint | null = stored ? BigInt(stored.through) : null
  if (through === null) {
    const [first] = await jetpay.eventIdsAfter(environment, "", 1)
    if (!first) return { through: null, highestReceived: null, nextReceived: null, gapSince: null }
    through = BigInt(first.id) - 1n
  }
  const start = through
  let gapSince: Date | null = null
  let nextReceived: bigint | null = null
  for (;;) {
    const rows = await jetpay.eventIdsAfter(environment, eventSequence(through.toString()), PAGE)
    const next = contiguousThrough(through, rows.map((row) => row.id))
    const past = rows.find((row) => BigInt(row.id) > next)
    through = next
    if (past) {
      gapSince = past.received_at
      nextReceived = BigInt(past.id)
      break
    }
    if (rows.length < PAGE) break
  }
  if (through !== start || !stored) await jetpay.advanceCursorState(key(environment), through.toString())
  const [highest] = gapSince ? await highestEvent(jetpay, environment) : [null]
  return { through, highestReceived: highest ?? through, nextReceived, gapSince }
}

/**
 * Moves the cursor past ids given up on (replayed again and again, never received): events
 * after them are whole from there, and nothing waits on the lost ones any more.
 */
export async function skipLostEvents(jetpay: JetpayModuleService, environment: string, through: bigint): Promise<void> {
  await jetpay.advanceCursorState(key(environment), through.toString())
}

async function highestEvent(jetpay: JetpayModuleService, environment: string): Promise<[bigint | null]> {
  const id = await jetpay.highestEventId(environment)
  return [id === null ? null : BigInt(id)]
}
