// The web UI suite: the browser-only build (.vsix of out/web-ext, test/e2e/web/build.mjs) in
// code-server's web worker extension host, driven in Debian's Chromium. It checks what a person
// sees: the hover (and how long the first one takes after the incident opens), the Problems
// panel, a quick fix, and Developer: Show Running Extensions listing the extension under
// "web worker". Screenshots go to test-results/web-<mode>-<n>-<step>.png.
//
//   bash test/e2e/start-code-server.sh --install-extension out/disarm-language-tools-web.vsix -- \
//     node test/e2e/ui-web.mjs --folder WS --mode checkout|reports|project
//
// checkout: WS is a writable copy of a DISARMframeworks checkout (data from the workspace).
// reports:  WS is a folder of reports with no checkout (the built-in data only).
// project:  the reports folder with the team's .disarm.jsonc, which starts the extension with the workspace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from './browser.mjs';
import { applyQuickFix, createSteps, openWorkbench, problemsHolding, eventually as poll, mod, openFile, runCommand, visibleText } from './workbench.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const e2eDir = process.env.E2E_DIR ?? join(repoRoot, '.e2e');
const { values: opt } = parseArgs({
  options: { folder: { type: 'string' }, mode: { type: 'string', default: 'checkout' }, results: { type: 'string', default: join(repoRoot, 'test-results') } },
});
const url = process.env.E2E_URL;
if (!url || !opt.folder || !['checkout', 'reports', 'project'].includes(opt.mode)) {
  console.error('usage: start-code-server.sh --install-extension X.vsix -- node test/e2e/ui-web.mjs --folder WS --mode checkout|reports|project');
  process.exit(2);
}
const workspace = resolve(opt.folder);
mkdirSync(opt.results, { recursive: true });
const { step, broke, finish } = createSteps(opt.results, `web-${opt.mode}`);
/** The web suite polls faster: it times the first hover. */
const eventually = (what, probe, timeoutMs) => poll(what, probe, timeoutMs, 100);

// The incidents each mode opens: in the checkout an existing incident page and a new one; in the
// reports folder two reports that cite DISARM IDs, the way an analyst team's repository does.
const inCheckout = opt.mode === 'checkout';
const hoverFile = inCheckout ? 'generated_pages/incidents/I00104.md' : 'reports/2026-campaign.md';
const problemsFile = inCheckout ? 'generated_pages/incidents/I99301.md' : 'reports/2026-followup.md';
mkdirSync(join(workspace, dirname(problemsFile)), { recursive: true });
if (!inCheckout) {
  writeFileSync(join(workspace, hoverFile), '# Campaign report\n\nThe network ran bots ([T0146.007: Automated Account Asset](https://example.org)) from several countries.\n');
}
if (opt.mode === 'project') writeFileSync(join(workspace, '.disarm.jsonc'), '// The team\'s DISARM project file.\n{ "include": ["reports/**/*.md"] }\n');
const warmFile = inCheckout ? 'generated_pages/incidents/I99302.md' : 'reports/2026-bots.md';
writeFileSync(join(workspace, warmFile), '# Incident I99302: Bots\n\nThe accounts posted on a schedule (T0146.007: Automated Account Asset).\n');
writeFileSync(join(workspace, problemsFile), '# Incident I99301: Problems test\n\nActors used (T0999: Unknown Thing, T0097.106: Researcher Persona).\n\nA DISARM incident report.\n');

/**
 * In the page: the screen box of the first `id` the editor draws as prose (not inside a link
 * destination such as `../techniques/T0146.007.md`), found in the lines' text whatever spans
 * the tokens cut it into; `undefined` while it is not drawn.
 */
function idOnScreen(id) {
  const pattern = new RegExp(`(?<![\\w/.#-])${id.replace(/\./g, '\\.')}(?![\\w.])`);
  for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
    const nodes = [];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    const text = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
    const match = pattern.exec(text);
    if (!match) continue;
    /** The text node and offset of the line's `offset`th character. */
    const at = (offset) => {
      for (const node of nodes) {
        if (offset <= node.data.length) return [node, offset];
        offset -= node.data.length;
      }
      return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
    };
    const range = document.createRange();
    range.setStart(...at(match.index));
    range.setEnd(...at(match.index + id.length));
    const { x, y, width, height } = range.getBoundingClientRect();
    if (width > 0 && height > 0) return { x, y, width, height };
  }
  return undefined;
}

/**
 * In the page: records in `disarmHoverSeen` (and `disarmHoverText`) when a visible hover first
 * holds `expected`, from the DOM changes themselves.
 */
function watchForHover(expected) {
  globalThis.disarmHoverObserver?.disconnect();
  globalThis.disarmHoverSeen = undefined;
  const check = () => {
    for (const hover of document.querySelectorAll('.monaco-hover')) {
      if (hover.checkVisibility() && hover.textContent.includes(expected)) {
        globalThis.disarmHoverSeen = Date.now();
        globalThis.disarmHoverText = hover.innerText;
        globalThis.disarmHoverObserver.disconnect();
        return;
      }
    }
  };
  globalThis.disarmHoverObserver = new MutationObserver(check);
  globalThis.disarmHoverObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] });
}

/** In the page: notes in `disarmTabOpened` when the active editor tab first names `name` (a DOM change). */
function watchForTab(name) {
  globalThis.disarmTabObserver?.disconnect();
  globalThis.disarmTabOpened = undefined;
  const observer = new MutationObserver(() => {
    if (![...document.querySelectorAll('.tab.active')].some((tab) => tab.textContent.includes(name))) return;
    globalThis.disarmTabOpened = Date.now();
    observer.disconnect();
  });
  globalThis.disarmTabObserver = observer;
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
}

/**
 * In the page: resolves with the ID's box and the time (`Date.now()`) once it is drawn, having
 * started the hover watch at that moment; checked on every DOM change, not by polling.
 */
function pointWhenDrawn(id, expected) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${id} was not drawn in the editor within 30 s`));
    }, 30_000);
    const check = () => {
      const box = idOnScreen(id);
      if (!box) return false;
      observer.disconnect();
      clearTimeout(timer);
      watchForHover(expected);
      resolve({ box, at: Date.now() });
      return true;
    };
    const observer = new MutationObserver(check);
    if (!check()) observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The page's helpers, installed once the workbench has loaded. */
const PAGE_HELPERS = `(() => {\n${idOnScreen}\n${watchForHover}\n${pointWhenDrawn}\n${watchForTab}\nObject.assign(globalThis, { idOnScreen, watchForHover, pointWhenDrawn, watchForTab });\n})()`;

const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
let context;
try {
  context = await launchChromium(e2eDir, profile);
  const page = await openWorkbench(context, url, workspace, inCheckout ? 'generated_pages' : 'reports');
  await page.evaluate(PAGE_HELPERS);

  /**
   * Hovers T0146.007 in `file` (just opened) until the widget shows its name. Returns the times
   * since the editor tab opened: when the ID's text showed, and when the hover did. The pointer
   * goes to the ID's characters as soon as they are drawn, as a person would point at them; the
   * editor's tokens (the grammar colours the ID later) play no part.
   */
  const hoverAfterOpening = async (file) => {
    await page.mouse.move(5, 5);
    await page.evaluate((name) => watchForTab(name), file.split('/').pop());
    await openFile(page, file);
    // When the tab opened, in the page's clock (openFile's own poll would add to the times).
    const opened = await page.evaluate(() => globalThis.disarmTabOpened);
    if (!opened) throw new Error(`the tab of ${file} was not seen opening`);
    // One call: waits in the page until the ID is drawn and starts noting when the hover shows
    // the name (a DOM change), so that neither this script's polling nor its round trips count.
    const drawn = await page.evaluate(([id, expected]) => pointWhenDrawn(id, expected), ['T0146.007', 'Automated Account Asset']);
    const textShown = drawn.at - opened;
    let box = drawn.box;
    let again = false;
    const text = await eventually('a hover with "Automated Account Asset"', async () => {
      // Again from off the editor: over the same word the editor does not ask again (an empty hover,
      // from before the extension ran, stays empty), so a person moves away and back, as this does.
      if (again) {
        box = (await page.evaluate(idOnScreen, 'T0146.007')) ?? box;
        await page.mouse.move(5, 5);
      }
      again = true;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // Watched where the pointer is: the hover comes after the editor's hover delay, and while a
      // hover (its "Loading…") shows, the answer is on its way; moving would ask again. A second
      // with none (a warm answer shows in half that) and a person tries again: the figure is when
      // the extension could first answer, to within that second, not a longer wait of this script.
      for (let until = Date.now() + 1000; Date.now() < until; await new Promise((r) => setTimeout(r, 25))) {
        const seen = await page.evaluate(() => ({ at: globalThis.disarmHoverSeen, text: globalThis.disarmHoverText, showing: !!document.querySelector('.monaco-hover:not(.hidden)')?.checkVisibility() }));
        if (seen.at) return seen;
        if (seen.showing) until = Math.max(until, Date.now() + 100);
      }
      return undefined;
    });
    const hoverShown = text.at - opened;
    if (!text.text.includes('T0146.007') || !text.text.includes('TA15')) throw new Error(`the hover lacks the ID or its tactic: ${text.text}`);
    return { textShown, hoverShown };
  };

  const startsWithWorkspace = opt.mode !== 'reports';
  if (startsWithWorkspace) {
    // A checkout or a project file starts the extension with the workspace (workspaceContains): its
    // data is loaded before any markdown opens, as on github.dev when a person then picks an incident.
    await step('started-with-workspace', page, async () => {
      const item = page.locator('.statusbar-item', { hasText: /DISARM.*history/ });
      await eventually('the DISARM status bar item with the data loaded', () => item.count(), 90_000);
      return (await item.first().innerText()).replace(/\s+/g, ' ');
    });
  }
  // Reports: cold (the extension activates, the server worker starts and loads the data); the others: started.
  const how = startsWithWorkspace ? 'the extension started with the workspace' : 'cold start: the extension activates on it';
  const timing = ({ textShown, hoverShown }) => `first hover ${hoverShown} ms after the incident's tab opened (its text drawn at ${textShown} ms)`;
  await step('hover', page, async () => `${timing(await hoverAfterOpening(hoverFile))}: the first incident, ${how}`);
  // Warm: the server runs; a newly opened incident is parsed and answers.
  await step('hover-next-incident', page, async () => `${timing(await hoverAfterOpening(warmFile))}: another incident`);

  await step('problems', page, async () => {
    await page.mouse.move(5, 5);
    await openFile(page, problemsFile);
    await problemsHolding(page, 'both findings in the Problems panel', ['unknown-id', 'name-mismatch', 'Recruiter Persona']);
  });

  await step('quick-fix', page, async () => {
    await applyQuickFix(page, 'Researcher Persona', 'Recruiter Persona');
    await eventually('the corrected name', async () => (await visibleText(page)).includes('T0097.106: Recruiter Persona'));
    await page.keyboard.press('Escape');
  });

  await step('running-extensions', page, async () => {
    await runCommand(page, 'Developer: Show Running Extensions');
    const list = page.locator('.runtime-extensions-editor .monaco-list').first();
    const row = list.locator('.monaco-list-row', { hasText: 'DISARM Language Tools' }).first();
    // The list is sorted by activation time and draws only the rows in view: a quick activation
    // sits below the fold, so the probe scrolls on (wrapping to the top) until the row is drawn.
    // A row at a time, so that the row, once drawn, is scrolled wholly into view for the screenshot.
    let scrolled = 0;
    const text = await eventually('DISARM Language Tools among the running extensions', async () => {
      const box = await list.boundingBox();
      if (!box) return undefined;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const drawn = (await row.count()) && (await row.boundingBox());
      if (!drawn) return void (await page.mouse.wheel(0, ++scrolled % 20 ? 70 : -100_000));
      const below = drawn.y + drawn.height - (box.y + box.height);
      if (below > 0) await page.mouse.wheel(0, below);
      return row.innerText();
    }, 30_000);
    if (!/web worker/i.test(text)) throw new Error(`the extension does not run in the web worker host: ${text.replace(/\s+/g, ' ')}`);
    return text.replace(/\s+/g, ' ').trim();
  });
} catch (error) {
  broke(error);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}
finish(`web, ${opt.mode}`);
