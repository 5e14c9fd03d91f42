import { StepResponse, WorkflowResponse, createStep, createWorkflow } from "@medusajs/framework/workflows-sdk"
import { applyJetpayTransactions } from "./apply-jetpay-transactions"

type Input = { jetpay_transaction_ids: string[] }

/**
 * Applies a webhook batch's transactions in the background of Medusa's workflow engine: the
 * subscriber that starts it returns at once, so Medusa's event bus never waits on Jetpay reads.
 * A transaction that fails is recorded on its unprocessed events with its next try, which the
 * reconciliation job takes; the step itself succeeds.
 */
const applyWebhookBatchStep = createStep(
  { name: "apply-jetpay-webhook-batch", async: true, backgroundExecution: true },
  async (input: Input, { container }) => {
    const outcomes = await applyJetpayTransactions(container, input.jetpay_transaction_ids)
    return new StepResponse({
      applied: outcomes.filter((outcome) => outcome.ok).length,
      failed: outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.jetpayTransactionId),
    })
  }
)

export const applyJetpayWebhookBatchWorkflow = createWorkflow("apply-jetpay-webhook-batch", (input: Input) => {
  return new WorkflowResponse(applyWebhookBatchStep(input))
})
