import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type {
  AttentionAction,
  AttentionResponse,
  JetpayHealth,
  OrderJetpayView,
  RegisterWebhookResponse,
  TransactionListResponse,
  TransactionResponse,
} from "../../domain/admin-responses"
import type { OrderPaymentRequestsView, PaymentRequestResponse } from "../../domain/payment-request-view"
import { sdk } from "./sdk"

// The plugin's admin API through Medusa's JS SDK and TanStack Query, the dashboard's own
// query client: reads are cached and shared, and each action invalidates what it changed.

export const jetpayQueryKeys = {
  all: ["jetpay"] as const,
  order: (orderId: string) => ["jetpay", "order", orderId] as const,
  paymentRequests: (orderId: string) => ["jetpay", "payment-requests", orderId] as const,
  health: ["jetpay", "health"] as const,
  attention: ["jetpay", "attention"] as const,
  transactions: (filters: TransactionFilters) => ["jetpay", "transactions", filters] as const,
}

/** The transactions list's filters, as `GET /admin/jetpay/transactions` takes them. */
export type TransactionFilters = {
  q?: string
  state?: string
  /** ISO 8601 times: made at or after, and before. */
  created_after?: string
  created_before?: string
}

function filterQuery(filters: TransactionFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => !!entry[1]))
}

/** One page of the store's Jetpay debits and credits; the page shown stays while the next loads. */
export function useJetpayTransactions(filters: TransactionFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: [...jetpayQueryKeys.transactions(filters), limit, offset],
    queryFn: () =>
      sdk.client.fetch<TransactionListResponse>("/admin/jetpay/transactions", {
        query: { ...filterQuery(filters), limit, offset },
      }),
    placeholderData: keepPreviousData,
  })
}

/**
 * The rows under these filters as the CSV file the admin route makes, saved by the browser
 * under the route's file name.
 */
export function useExportTransactions() {
  return useMutation({
    mutationFn: async (filters: TransactionFilters) => {
      // Not JSON: the SDK answers the raw response.
      const response = await sdk.client.fetch<Response>("/admin/jetpay/transactions/export", {
        query: filterQuery(filters),
        headers: { accept: "text/csv" },
      })
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "jetpay-transactions.csv"
      const url = URL.createObjectURL(await response.blob())
      const link = Object.assign(document.createElement("a"), { href: url, download: name })
      document.body.appendChild(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      return name
    },
  })
}

/** The order's Jetpay debits and refunds. `revision` changes when Medusa's own order does. */
export function useOrderJetpay(orderId: string, revision: string) {
  return useQuery({
    queryKey: [...jetpayQueryKeys.order(orderId), revision],
    queryFn: () => sdk.client.fetch<OrderJetpayView>(`/admin/jetpay/orders/${orderId}`),
  })
}

export function useOrderPaymentRequests(orderId: string, revision: string) {
  return useQuery({
    queryKey: [...jetpayQueryKeys.paymentRequests(orderId), revision],
    queryFn: () => sdk.client.fetch<OrderPaymentRequestsView>(`/admin/jetpay/orders/${orderId}/payment-requests`),
  })
}

export function useJetpayHealth() {
  return useQuery({
    queryKey: jetpayQueryKeys.health,
    queryFn: () => sdk.client.fetch<JetpayHealth>("/admin/jetpay/health"),
  })
}

export function useJetpayAttention() {
  return useQuery({
    queryKey: jetpayQueryKeys.attention,
    queryFn: () => sdk.client.fetch<AttentionResponse>("/admin/jetpay/attention"),
  })
}

/** After any Jetpay action: the plugin's views and Medusa's own order (its payments moved). */
function useInvalidate() {
  const queryClient = useQueryClient()
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: jetpayQueryKeys.all }),
      queryClient.invalidateQueries({ queryKey: ["orders"] }),
    ])
  }
}

export function useTransactionAction() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "refresh" | "cancel" }) =>
      sdk.client.fetch<TransactionResponse>(`/admin/jetpay/transactions/${id}/${action}`, { method: "POST" }),
    onSettled: invalidate,
  })
}

/** Emails an unclaimed refund's link to the customer again. */
export function useResendRefundEmail() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: (creditId: string) =>
      sdk.client.fetch<TransactionResponse>(`/admin/jetpay/transactions/${creditId}/resend-refund-email`, { method: "POST", body: {} }),
    onSettled: invalidate,
  })
}

export function useRegisterWebhook() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: (storeUrl: string) =>
      sdk.client.fetch<RegisterWebhookResponse>("/admin/jetpay/webhook", { method: "POST", body: { store_url: storeUrl } }),
    onSettled: invalidate,
  })
}

export function useAttentionAction() {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: ({ itemId, action }: { itemId: string; action: AttentionAction }) =>
      sdk.client.fetch<AttentionResponse>("/admin/jetpay/attention", { method: "POST", body: { item_id: itemId, action } }),
    onSettled: invalidate,
  })
}

export function useRequestPayment(orderId: string) {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: (language?: "en" | "fr") =>
      sdk.client.fetch<PaymentRequestResponse>(`/admin/jetpay/orders/${orderId}/payment-requests`, {
        method: "POST",
        body: language ? { language } : {},
      }),
    onSettled: invalidate,
  })
}

export function usePaymentRequestAction(orderId: string) {
  const invalidate = useInvalidate()
  return useMutation({
    mutationFn: ({ requestId, action }: { requestId: string; action: "resend" | "cancel" }) =>
      sdk.client.fetch<PaymentRequestResponse>(`/admin/jetpay/orders/${orderId}/payment-requests/${requestId}/${action}`, {
        method: "POST",
        body: {},
      }),
    onSettled: invalidate,
  })
}

/** A failed call's message: Medusa's own, written for the merchant. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
