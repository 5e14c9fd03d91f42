/**
 * A readable message for anything thrown: workflows throw plain objects as well as Errors,
 * and `String()` of those reads "[object Object]" in logs and in the admin.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === "string") return error
  if (error && typeof error === "object") {
    const { message, type, code } = error as { message?: unknown; type?: unknown; code?: unknown }
    if (typeof message === "string" && message) return message
    try {
      const json = JSON.stringify(error)
      if (json && json !== "{}") return json.slice(0, 500)
    } catch {
      // A cycle: fall through to what the object can say of itself.
    }
    if (typeof type === "string" || typeof code === "string") return String(type ?? code)
  }
  return String(error)
}
