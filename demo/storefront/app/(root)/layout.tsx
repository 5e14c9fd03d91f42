import type { ReactNode } from "react"

/** `/` only redirects; Next.js still wants a root layout around it. */
export default function RootLayout(props: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{props.children}</body>
    </html>
  )
}
