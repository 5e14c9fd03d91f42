import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A label and its value, laid out like the dashboard's own order sections. */
export const SectionRow = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-start gap-4 px-6 py-4" data-testid={testId}>
    <Text size="small" weight="plus" leading="compact">
      {title}
    </Text>
    <div className="txt-compact-small flex min-w-0 flex-col gap-1">{children}</div>
  </div>
)
