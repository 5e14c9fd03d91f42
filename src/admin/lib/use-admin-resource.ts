import { useCallback, useEffect, useState } from "react"
import { adminFetch } from "./admin-fetch"

/**
 * A GET of the plugin's admin API, with a `reload` for after an action changed it. It is
 * read again whenever `revision` changes (the caller's sign that the data moved on).
 */
export function useAdminResource<T>(path: string, revision = "") {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [loading, setLoading] = useState(true)

  const reload = useCallback(async () => {
    setLoading(true)
    try {
      setData(await adminFetch<T>(path))
      setError(undefined)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    } finally {
      setLoading(false)
    }
  }, [path])

  useEffect(() => {
    void reload()
  }, [reload, revision])

  return { data, error, loading, reload }
}
