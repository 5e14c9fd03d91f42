// Request bodies are checked with zod and refused the way FastAPI (pydantic v2) does:
// 422 {"detail": [{"loc": ["body", "amount"], "msg": "...", "type": "..."}]}.
// The input value is never echoed back: it may hold a callback api key.

import type { z } from "zod"
import { json, parseJson, ReplyError } from "./http-util"

export interface ValidationErrorItem {
  loc: (string | number)[]
  msg: string
  type: string
}

export function parseBody<T extends z.ZodType>(schema: T, body: Buffer): z.output<T> {
  const decoded = parseJson(body)
  if (!decoded.ok) {
    throw unprocessable([{ loc: ["body", 0], msg: "JSON decode error", type: "json_invalid" }])
  }
  return parseValue(schema, decoded.value)
}

export function parseValue<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw unprocessable(result.error.issues.map((issue) => toFastApiError(issue, value)))
}

/** A URL's query parameters, checked like a body but reported at ["query", name]. */
export function parseQuery<T extends z.ZodType>(schema: T, url: URL): z.output<T> {
  const value = Object.fromEntries(url.searchParams)
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw unprocessable(
    result.error.issues.map((issue) => {
      const item = toFastApiError(issue, value)
      return { ...item, loc: ["query", ...item.loc.slice(1)] }
    })
  )
}

export function unprocessable(items: ValidationErrorItem[]): ReplyError {
  return new ReplyError(json(422, { detail: items }))
}

/** One validation error at `field` of the body, for checks zod cannot express alone. */
export function fieldError(field: string, msg: string, type = "value_error"): ReplyError {
  return unprocessable([{ loc: ["body", field], msg, type }])
}

type Issue = z.core.$ZodIssue

export function toFastApiError(issue: Issue, input: unknown): ValidationErrorItem {
  const path = issue.path.map((key) => (typeof key === "number" ? key : String(key)))
  const loc = ["body", ...path]
  if (valueAt(input, path) === undefined && issue.code === "invalid_type") {
    return { loc, msg: "Field required", type: "missing" }
  }
  switch (issue.code) {
    case "invalid_type":
      return typeError(loc, issue.expected)
    case "too_small":
      if (issue.origin === "string") {
        return { loc, msg: `String should have at least ${issue.minimum} character${plural(issue.minimum)}`, type: "string_too_short" }
      }
      if (issue.origin === "array") {
        return { loc, msg: `List should have at least ${issue.minimum} item${plural(issue.minimum)}`, type: "too_short" }
      }
      return issue.inclusive
        ? { loc, msg: `Input should be greater than or equal to ${issue.minimum}`, type: "greater_than_equal" }
        : { loc, msg: `Input should be greater than ${issue.minimum}`, type: "greater_than" }
    case "too_big":
      if (issue.origin === "string") {
        return { loc, msg: `String should have at most ${issue.maximum} character${plural(issue.maximum)}`, type: "string_too_long" }
      }
      if (issue.origin === "array") {
        return { loc, msg: `List should have at most ${issue.maximum} item${plural(issue.maximum)}`, type: "too_long" }
      }
      return issue.inclusive
        ? { loc, msg: `Input should be less than or equal to ${issue.maximum}`, type: "less_than_equal" }
        : { loc, msg: `Input should be less than ${issue.maximum}`, type: "less_than" }
    case "invalid_value":
      return {
        loc,
        msg: `Input should be ${issue.values.map((value) => `'${String(value)}'`).join(" or ")}`,
        type: issue.values.length === 1 ? "literal_error" : "enum",
      }
    case "invalid_format":
      return { loc, msg: formatMessage(issue.format, issue.message), type: "value_error" }
    case "unrecognized_keys":
      return { loc, msg: `Extra inputs are not permitted: ${issue.keys.join(", ")}`, type: "extra_forbidden" }
    default:
      return { loc, msg: issue.message, type: "value_error" }
  }
}

function typeError(loc: (string | number)[], expected: string): ValidationErrorItem {
  switch (expected) {
    // zod reports a non-number sent to an integer field as expected "number"; every number in
    // Jetpay's bodies is an integer, so both read as pydantic's int_type.
    case "int":
    case "number":
      return { loc, msg: "Input should be a valid integer", type: "int_type" }
    case "string":
      return { loc, msg: "Input should be a valid string", type: "string_type" }
    case "boolean":
      return { loc, msg: "Input should be a valid boolean", type: "bool_type" }
    case "array":
      return { loc, msg: "Input should be a valid list", type: "list_type" }
    case "object":
      return { loc, msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type" }
    default:
      return { loc, msg: `Input should be a valid ${expected}`, type: `${expected}_type` }
  }
}

function formatMessage(format: string, fallback: string): string {
  switch (format) {
    case "email":
      return "value is not a valid email address"
    case "uuid":
      return "Input should be a valid UUID"
    case "url":
      return "Input should be a valid URL"
    case "datetime":
      return "Input should be a valid datetime"
    default:
      return fallback
  }
}

function plural(count: unknown): string {
  return count === 1 || count === 1n ? "" : "s"
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let current = input
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = Reflect.get(current, key)
  }
  return current
}
