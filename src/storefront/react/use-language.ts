"use client"

import { useEffect, useState } from "react"
import { pickJetpayLanguage, type JetpayLanguage } from "../language.js"

/**
 * The language to show: the one given, else English on the server and on the first render,
 * then the browser's (English or French) once mounted, so the server's HTML and the first
 * render in the browser always match.
 */
export function useJetpayLanguage(given?: JetpayLanguage): JetpayLanguage {
  const [picked, setPicked] = useState<JetpayLanguage>(given ?? "en")
  useEffect(() => {
    setPicked(given ?? pickJetpayLanguage())
  }, [given])
  return given ?? picked
}
