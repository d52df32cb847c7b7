// Smoke test: the code-server workbench renders in Debian's Chromium.
//
//   bash test/e2e/start-code-server.sh -- node test/e2e/smoke.mjs
//
// Needs E2E_URL (set by start-code-server.sh) and playwright-core in
// .e2e/pw (test/e2e/setup.sh). Writes test-results/e2e-smoke.png.
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const e2eDir = process.env.E2E_DIR ?? join(repoRoot, ".e2e");
const require = createRequire(join(e2eDir, "pw", "package.json"));
const { chromium } = require("playwright-core");

const url = process.env.E2E_URL;
if (!url) {
  console.error("E2E_URL is not set: run through test/e2e/start-code-server.sh -- node test/e2e/smoke.mjs");
  process.exit(2);
}
const shot = process.env.E2E_SCREENSHOT ?? join(repoRoot, "test-results", "e2e-smoke.png");
const workspace = mkdtempSync(join(tmpdir(), "e2e-ws-"));
writeFileSync(join(workspace, "notes.md"), "# Notes\n\nThe incident used T0049 (Flood Information Space).\n");
const profile = mkdtempSync(join(tmpdir(), "e2e-chromium-"));

const t0 = Date.now();
const ms = () => `${Date.now() - t0} ms`;
// Playwright rejects --user-data-dir in args; a persistent context on a fresh
// folder is the same thing.
let context;
let ok = false;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    // Chromium's crashpad writes ~/.config/chromium/Crash Reports whatever the profile.
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, ".config"), XDG_CACHE_HOME: join(profile, ".cache") },
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });

  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  console.log(`.monaco-workbench after ${ms()}`);
  // The explorer lists the workspace file once the remote file system is up.
  await page.getByRole("treeitem", { name: "notes.md" }).waitFor({ timeout: 60_000 });
  console.log(`explorer shows notes.md after ${ms()}`);
  await page.getByRole("treeitem", { name: "notes.md" }).click();
  await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  mkdirSync(dirname(shot), { recursive: true });
  await page.screenshot({ path: shot });
  console.log(`screenshot ${shot} after ${ms()}`);
  if (errors.length) console.log(`${errors.length} page errors:\n  ${errors.slice(0, 15).join("\n  ")}`);
  ok = true;
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}
console.log(ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
