import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { snapshotPlugin, snapshotPluginAt } from "../plugin-snapshot"

describe("the plugin copy a chaos run builds", () => {
  let repo: string
  let target: string
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true })
    writeFileSync(path.join(repo, file), text)
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: repo, stdio: "pipe" })

  beforeEach(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), "chaos-snapshot-"))
    target = path.join(repo, "test-output", "copy")
    git("init", "-q")
    write(".gitignore", "test-output/\n")
    write("package.json", "{}")
    write("tsconfig.json", "{}")
    write("demo/seed-demo.ts", "export {}\n")
    write("src/kept.ts", "export const kept = 1\n")
    write("src/gone.ts", "export const gone = 1\n")
    write("README.md", "not a plugin file\n")
    git("add", ".")
    git("commit", "-qm", "one")
  })

  afterEach(() => rmSync(repo, { recursive: true, force: true }))

  it("copies the working tree's plugin files, keeps unchanged ones, drops deleted ones", () => {
    snapshotPlugin(repo, target)
    expect(readFileSync(path.join(target, "src/kept.ts"), "utf8")).toBe("export const kept = 1\n")
    expect(existsSync(path.join(target, "README.md"))).toBe(false)
    const old = new Date("2020-01-01T00:00:00Z")
    utimesSync(path.join(target, "src/kept.ts"), old, old)

    rmSync(path.join(repo, "src/gone.ts"))
    write("src/new.ts", "export const added = 1\n") // untracked, not ignored: the build would see it
    snapshotPlugin(repo, target)
    expect(statSync(path.join(target, "src/kept.ts")).mtime.getTime()).toBe(old.getTime())
    expect(existsSync(path.join(target, "src/gone.ts"))).toBe(false)
    expect(readFileSync(path.join(target, "src/new.ts"), "utf8")).toBe("export const added = 1\n")
  })

  it("extracts a commit's files, which a later working-tree copy replaces", () => {
    write("src/kept.ts", "export const kept = 2\n")
    snapshotPluginAt(repo, "HEAD", target)
    expect(readFileSync(path.join(target, "src/kept.ts"), "utf8")).toBe("export const kept = 1\n")
    snapshotPlugin(repo, target)
    expect(readFileSync(path.join(target, "src/kept.ts"), "utf8")).toBe("export const kept = 2\n")
    expect(existsSync(path.join(target, ".from-ref"))).toBe(false)
  })
})
