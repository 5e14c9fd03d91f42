import { Copy, Text } from "@medusajs/ui"

/** A link a merchant may send someone (the payer's payment page, the payee's form), with a copy button. */
export const CopyableLink = ({ href, testId }: { href: string; testId?: string }) => (
  <div className="flex min-w-0 items-center gap-1" data-testid={testId}>
    <a href={href} target="_blank" rel="noreferrer" className="text-ui-fg-interactive truncate">
      <Text size="small" leading="compact" className="truncate">
        {href}
      </Text>
    </a>
    <Copy content={href} className="text-ui-fg-muted shrink-0" />
  </div>
)
