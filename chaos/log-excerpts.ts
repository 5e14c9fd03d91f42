// Lines of the cluster's process logs that name a payment's ids: what a person reads first
// when a payment did not converge.
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"

export function logExcerpts(logDir: string, ids: string[], max = 6): string[] {
  let files: string[]
  try {
    files = readdirSync(logDir).filter((file) => file.endsWith(".log")).sort()
  } catch {
    return []
  }
  const out: string[] = []
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(path.join(logDir, file), "utf8")
    } catch {
      continue
    }
    for (const line of text.split("\n")) {
      if (!ids.some((id) => line.includes(id))) continue
      // Errors and warnings say why; plain request lines rarely do.
      if (!/error|warn|fail|unable|cannot|could not|timed out/i.test(line)) continue
      out.push(`${file}: ${line.length > 400 ? `${line.slice(0, 400)}...` : line}`)
      if (out.length >= max) return out
    }
  }
  return out
}
