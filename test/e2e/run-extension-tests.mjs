// Runs an extension test module inside code-server's remote extension host,
// the way VS Code's own web smoke tests do: the workbench is opened with
//   ?folder=WS&payload=[["extensionDevelopmentPath", vscode-remote://HOST/DEV],
//                       ["extensionTestsPath",       vscode-remote://HOST/SUITE]]
// The extension host require()s SUITE and awaits its exported run(); its
// console output reaches window.codeAutomationLog, and the exit code (0 when
// run() resolved, 1 when it threw) reaches window.codeAutomationExit.
// A built workbench honours the payload only with enable-smoke-test-driver,
// so code-server must be started with --test-driver:
//
//   bash test/e2e/start-code-server.sh --test-driver -- \
//     node test/e2e/run-extension-tests.mjs --tests test/e2e/sample-suite [--dev .] [--folder DIR]
//
// Options: --dev DIR (extensionDevelopmentPath, default: the repo root),
// --tests DIR|FILE (extensionTestsPath, required), --folder DIR (workspace,
// default: a new empty temp folder), --timeout MS (default 120000),
// --screenshot FILE (taken at the end, default test-results/e2e-extension-tests.png),
// --console FILE (the page's console, where the web worker host's extensions log).
import { appendFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "./browser.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const e2eDir = process.env.E2E_DIR ?? join(repoRoot, ".e2e");

const { values: opt } = parseArgs({
  options: {
    dev: { type: "string", default: repoRoot },
    tests: { type: "string" },
    folder: { type: "string" },
    timeout: { type: "string", default: "120000" },
    screenshot: { type: "string", default: join(repoRoot, "test-results", "e2e-extension-tests.png") },
    console: { type: "string" },
  },
});
const { E2E_URL: url, E2E_PORT: port } = process.env;
if (!url || !port || !opt.tests) {
  console.error("usage: start-code-server.sh --test-driver -- node test/e2e/run-extension-tests.mjs --tests DIR [--dev DIR] [--folder DIR]");
  process.exit(2);
}
const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
const payload = [
  ["extensionDevelopmentPath", remote(opt.dev)],
  ["extensionTestsPath", remote(opt.tests)],
];
const ownFolder = !opt.folder;
const folder = opt.folder ? resolve(opt.folder) : mkdtempSync(join(tmpdir(), "e2e-ws-"));
const profile = mkdtempSync(join(tmpdir(), "e2e-chromium-"));

let context;
let code = 1;
const t0 = Date.now();
try {
  context = await launchChromium(e2eDir, profile, { width: 1280, height: 800 });
  const page = context.pages()[0] ?? (await context.newPage());
  let onExit;
  const exited = new Promise((r) => (onExit = r));
  await page.exposeFunction("codeAutomationLog", (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
    // The workbench forwards its own chatter too; keep the suite's output and errors.
    if (type === "error" || type === "warn" || !/^(Creating a socket|Resolv|\[reconnection|Updating additional|\[Service Worker|\[AgentHost|\[AccountPolicyGate|Ignoring fetching additional builtin)/.test(text)) {
      const lines = text.split("\n");
      console.log(`[${type}] ${lines.slice(0, 4).join("\n")}${lines.length > 4 ? "\n    ..." : ""}`);
    }
  });
  await page.exposeFunction("codeAutomationExit", (c) => onExit(c));
  // --console FILE: the page's console (the web worker host's extensions log there) for diagnosis.
  if (opt.console) {
    mkdirSync(dirname(opt.console), { recursive: true });
    writeFileSync(opt.console, "");
    page.on("console", (m) => appendFileSync(opt.console, `[${m.type()}] ${m.text()}\n`));
  }
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  if (!(await page.evaluate(() => typeof window.driver === "object"))) {
    console.log("warning: window.driver is missing: was code-server started with --test-driver? The payload is ignored without it.");
  }
  let timer;
  const result = await Promise.race([
    exited,
    new Promise((r) => (timer = setTimeout(() => r("timeout"), Number(opt.timeout)))),
  ]);
  clearTimeout(timer);
  if (result === "timeout") {
    console.log(`extension tests did not finish within ${opt.timeout} ms`);
  } else {
    code = result;
    console.log(`extension tests exited with code ${code} after ${Date.now() - t0} ms`);
  }
  mkdirSync(dirname(opt.screenshot), { recursive: true });
  await page.screenshot({ path: opt.screenshot });
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  if (ownFolder) rmSync(folder, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
