import { Button, Input, Select, StatusBadge, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import type { TransactionListRow } from "../../domain/admin-responses"
import { useFormat } from "../lib/format"
import { errorText, useExportTransactions, useJetpayTransactions, type TransactionFilters } from "../lib/queries"
import { statusColor } from "../lib/status-color"

const PAGE_SIZE = 20
/** Jetpay's states, as the list filters them (the admin route's validator lists the same). */
const STATES = ["requested", "initiated", "paid", "processing", "completed", "failed", "cancelled"] as const
const ALL = "all"

/** A day picked in the admin's time zone, as the instant it starts (`days` later). */
function dayStart(day: string, days = 0): string {
  const [year, month, date] = day.split("-").map(Number)
  return new Date(year, month - 1, date + days).toISOString()
}

/**
 * Every Jetpay debit and credit the store recorded, newest first: its order and customer, the
 * amounts (the card surcharge and the total the payer was charged) and when it settled. Search,
 * filters, pages, and a CSV export of the same rows.
 */
export const JetpayTransactions = () => {
  const { t } = useTranslation("jetpay")
  const format = useFormat()
  const [search, setSearch] = useState("")
  const [q, setQ] = useState("")
  const [state, setState] = useState<string>(ALL)
  const [from, setFrom] = useState("")
  const [to, setTo] = useState("")
  const [pageIndex, setPageIndex] = useState(0)

  // The search is sent once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300)
    return () => clearTimeout(timer)
  }, [search])
  useEffect(() => setPageIndex(0), [q, state, from, to])

  const filters: TransactionFilters = {
    q: q || undefined,
    state: state === ALL ? undefined : state,
    created_after: from ? dayStart(from) : undefined,
    created_before: to ? dayStart(to, 1) : undefined,
  }
  const { data, error, isLoading } = useJetpayTransactions(filters, PAGE_SIZE, pageIndex * PAGE_SIZE)
  const exporter = useExportTransactions()
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))

  async function onExport() {
    try {
      const name = await exporter.mutateAsync(filters)
      toast.success(t("transactions.exported", { name }))
    } catch (failure) {
      toast.error(errorText(failure))
    }
  }

  const money = (cents: number | null, row: TransactionListRow) => (cents === null ? "-" : format.money(cents, row.currency_code))

  return (
    <div className="flex flex-col gap-3" data-testid="jetpay-transactions">
      <div className="flex flex-wrap items-end gap-2">
        <Input
          type="search"
          size="small"
          className="w-64"
          placeholder={t("transactions.search")}
          aria-label={t("transactions.search")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="jetpay-transactions-search"
        />
        <div className="w-48">
          <Select size="small" value={state} onValueChange={setState}>
            <Select.Trigger aria-label={t("transactions.state")} data-testid="jetpay-transactions-state">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={ALL}>{t("transactions.allStates")}</Select.Item>
              {STATES.map((value) => (
                <Select.Item key={value} value={value}>
                  {t(`transactions.states.${value}`)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        <label className="flex flex-col gap-1">
          <Text size="xsmall" className="text-ui-fg-muted">
            {t("transactions.from")}
          </Text>
          <Input type="date" size="small" value={from} onChange={(event) => setFrom(event.target.value)} data-testid="jetpay-transactions-from" />
        </label>
        <label className="flex flex-col gap-1">
          <Text size="xsmall" className="text-ui-fg-muted">
            {t("transactions.to")}
          </Text>
          <Input type="date" size="small" value={to} onChange={(event) => setTo(event.target.value)} data-testid="jetpay-transactions-to" />
        </label>
        <Button
          size="small"
          variant="secondary"
          className="ml-auto"
          onClick={onExport}
          isLoading={exporter.isPending}
          data-testid="jetpay-transactions-export"
        >
          {t("transactions.export")}
        </Button>
      </div>

      {error ? (
        <Text size="small" className="text-ui-fg-error">
          {errorText(error)}
        </Text>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("transactions.column.date")}</Table.HeaderCell>
                <Table.HeaderCell>{t("transactions.column.order")}</Table.HeaderCell>
                <Table.HeaderCell>{t("transactions.column.customer")}</Table.HeaderCell>
                <Table.HeaderCell>{t("transactions.column.kind")}</Table.HeaderCell>
                <Table.HeaderCell>{t("transactions.column.state")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("transactions.column.amount")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("transactions.column.surcharge")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("transactions.column.total")}</Table.HeaderCell>
                <Table.HeaderCell>{t("transactions.column.settled")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {(data?.transactions ?? []).map((row) => (
                <Table.Row key={row.id} data-testid="jetpay-transaction-row" data-transaction-id={row.id}>
                  <Table.Cell className="whitespace-nowrap">{format.time(row.created_at)}</Table.Cell>
                  <Table.Cell>
                    {row.order ? (
                      <Link to={`/orders/${row.order.id}`} className="text-ui-fg-interactive hover:underline" data-testid="jetpay-transaction-order">
                        {row.order.display_id !== null ? `#${row.order.display_id}` : row.order.id}
                      </Link>
                    ) : (
                      "-"
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {row.customer ? (
                      <div className="flex flex-col">
                        <Text size="small" leading="compact">
                          {row.customer.name ?? "-"}
                        </Text>
                        <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                          {row.customer.email ?? ""}
                        </Text>
                      </div>
                    ) : (
                      "-"
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {row.kind === "credit" ? t("transactions.kind.credit") : t("transactions.kind.debit")}
                    {row.method ? (
                      <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
                        {t(`transactions.method.${row.method}`)}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={statusColor(row.status.code)}>{t(`status.${row.status.code}`)}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell className="text-right whitespace-nowrap">{money(row.amount, row)}</Table.Cell>
                  <Table.Cell className="text-right whitespace-nowrap" data-testid="jetpay-transaction-surcharge">
                    {money(row.surcharge, row)}
                  </Table.Cell>
                  <Table.Cell className="text-right whitespace-nowrap">{money(row.total, row)}</Table.Cell>
                  <Table.Cell className="whitespace-nowrap">{row.settled_at ? format.time(row.settled_at) : "-"}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {!isLoading && count === 0 && (
            <Text size="small" className="text-ui-fg-muted px-6 py-4" data-testid="jetpay-transactions-empty">
              {t("transactions.empty")}
            </Text>
          )}
          <Table.Pagination
            count={count}
            pageSize={PAGE_SIZE}
            pageIndex={pageIndex}
            pageCount={pageCount}
            canPreviousPage={pageIndex > 0}
            canNextPage={pageIndex + 1 < pageCount}
            previousPage={() => setPageIndex((index) => Math.max(0, index - 1))}
            nextPage={() => setPageIndex((index) => index + 1)}
            translations={{
              of: t("transactions.page.of"),
              results: t("transactions.page.results"),
              pages: t("transactions.page.pages"),
              prev: t("transactions.page.prev"),
              next: t("transactions.page.next"),
            }}
          />
        </div>
      )}
    </div>
  )
}
