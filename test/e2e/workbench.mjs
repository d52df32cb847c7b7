// What the UI suites (ui.mjs on the desktop build, ui-web.mjs on the web build) do in the
// workbench as a person would: wait for a widget, open a file through Quick Open, run a command
// through the Command Palette, read the editor's lines, and record each step with a screenshot.
import { join } from 'node:path';

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Polls `probe` every `intervalMs` until it returns a truthy value; fails after `timeoutMs` with what it waited for. */
export async function eventually(what, probe, timeoutMs = 60_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The suite's steps: each runs, is screenshotted to `<results>/<prefix>-<n>-<name>.png` and
 * logged with its time and the note it returns; `finish` prints the count and exits 1 on a failure.
 */
export function createSteps(results, prefix) {
  const steps = [];
  return {
    async step(name, page, work) {
      const started = Date.now();
      const shot = join(results, `${prefix}-${steps.length + 1}-${name}.png`);
      try {
        const note = await work();
        await page.screenshot({ path: shot });
        steps.push({ name, ok: true });
        console.log(`ok   ${name} (${Date.now() - started} ms)${typeof note === 'string' && note ? `: ${note}` : ''} -> ${shot}`);
      } catch (error) {
        await page.screenshot({ path: shot }).catch(() => {});
        steps.push({ name, ok: false });
        console.log(`FAIL ${name} (${Date.now() - started} ms): ${error.message} -> ${shot}`);
      }
    },
    /** The workbench itself failed (it did not load, or a step threw outside `step`). */
    broke(error) {
      console.error(error);
      steps.push({ name: 'workbench', ok: false });
    },
    finish(label) {
      const failed = steps.filter((s) => !s.ok);
      console.log(`${steps.length - failed.length} passed, ${failed.length} failed${label ? ` (${label})` : ''}; screenshots in ${results}`);
      process.exit(failed.length ? 1 : 0);
    },
  };
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
export async function openFile(page, relativePath) {
  const name = relativePath.split('/').pop();
  await page.keyboard.press(`${mod}+KeyP`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(relativePath);
  await eventually(`${name} in Quick Open`, () => page.locator('.quick-input-list .monaco-list-row', { hasText: name }).count());
  await page.keyboard.press('Enter');
  await eventually(`the editor tab of ${name}`, () => page.locator('.tab.active', { hasText: name }).count());
}

/** Runs a command through the Command Palette by its title. */
export async function runCommand(page, title, timeoutMs = 30_000) {
  await page.keyboard.press(`${mod}+Shift+KeyP`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill(`>${title}`);
  await eventually(`"${title}" in the Command Palette`, () => page.locator('.quick-input-list .monaco-list-row', { hasText: title }).count(), timeoutMs);
  await page.keyboard.press('Enter');
}

/** The text of the editor's visible lines, joined by newlines. */
export async function visibleText(page) {
  return (await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
}

/** Opens the Problems panel (Ctrl+Shift+M) and waits until its rows hold every one of `texts`. */
export async function problemsHolding(page, what, texts) {
  await page.keyboard.press(`${mod}+Shift+KeyM`);
  const rows = page.locator('.markers-panel .monaco-list-row');
  await eventually(what, async () => {
    const text = (await rows.allInnerTexts()).join('\n');
    return texts.every((t) => text.includes(t));
  });
}

/**
 * Applies the quick fix whose title holds `fixText`, asked for at the first visible span holding `at`.
 * Asked again while the menu lacks it: the first request can come before the finding, and a code lens
 * drawn late can move the line between finding the span and clicking it.
 */
export async function applyQuickFix(page, at, fixText) {
  const token = page.locator('.monaco-editor .view-line span', { hasText: at }).first();
  const action = page.locator('.action-widget .monaco-list-row', { hasText: fixText }).first();
  await eventually(`a quick fix naming "${fixText}"`, async () => {
    if (await action.count()) return true;
    await page.keyboard.press('Escape');
    // force: a sticky-scroll header line can lie over the first lines of a short document.
    await token.click({ force: true });
    await page.keyboard.press(`${mod}+Period`);
    await page.locator('.action-widget').waitFor({ timeout: 3000 }).catch(() => {});
    return action.count();
  }, 45_000);
  await action.click();
}

/** The browser's first page on the workbench of `folder`, once the Explorer shows `explorerItem`. */
export async function openWorkbench(context, url, folder, explorerItem) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  await eventually('the explorer', () => page.getByRole('treeitem', { name: explorerItem }).count(), 90_000);
  return page;
}
