// The UI suite: drives a real VS Code workbench (code-server, with the built .vsix installed)
// in Debian's Chromium and checks what a person sees, by reading the editor's own widgets:
// the hover, the suggestion list, the Problems panel, the quick fix, the status bar, the views,
// crash recovery, and with two releases configured the target switch and the comparison report.
// A screenshot of each step goes to test-results/.
//
//   bash test/e2e/start-code-server.sh --install-extension X.vsix -- node test/e2e/ui.mjs --folder WS
//
// WS is a writable copy of a DISARMframeworks checkout. Nothing sleeps a fixed time: every
// step polls its widget with a bound, since the first requests can come before the server is ready.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { launchChromium } from './browser.mjs';
import { applyQuickFix, createSteps, openWorkbench, problemsHolding, eventually, mod, openFile, runCommand, visibleText } from './workbench.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const e2eDir = process.env.E2E_DIR ?? join(repoRoot, '.e2e');
const { values: opt } = parseArgs({ options: { folder: { type: 'string' }, results: { type: 'string', default: join(repoRoot, 'test-results') } } });
const url = process.env.E2E_URL;
if (!url || !opt.folder) {
  console.error('usage: start-code-server.sh --install-extension X.vsix -- node test/e2e/ui.mjs --folder WS');
  process.exit(2);
}
const workspace = resolve(opt.folder);
mkdirSync(opt.results, { recursive: true });

const { step, broke, finish } = createSteps(opt.results, 'ui');

/** The PIDs of the running DISARM language servers (the client starts them over node IPC). */
function serverPids() {
  try {
    return execFileSync('pgrep', ['-f', 'dist/server.js --node-ipc'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const incident = (name, lines) => writeFileSync(join(workspace, 'generated_pages', 'incidents', name), lines.join('\n'));
incident('I99101.md', ['# Incident I99101: Completion test', '', '| Technique | Description given for this incident |', '| --------- | ------------------------- |', '| ']);
incident('I99102.md', ['# Incident I99102: Problems test', '', 'Actors used (T0999: Unknown Thing, T0097.106: Researcher Persona).', '']);
// T0088.001 is in 1.6 and not in the 1.7 bundle: a removed-id only while 1.7 is the target.
incident('I99103.md', ['# Incident I99103: Releases test', '', 'Actors used (T0088.001: Develop AI-Generated Audio (Deepfakes)).', '']);

/** The DISARM 1.7 bundle beside the checkout, as the other tests find it. */
function bundle17() {
  const frameworks = process.env.DISARM_FRAMEWORKS_DIR;
  if (!process.env.DISARM_STIX_17 && !frameworks) throw new Error('set DISARM_FRAMEWORKS_DIR (or DISARM_STIX_17) for the releases steps');
  return resolve(process.env.DISARM_STIX_17 ?? join(frameworks, '..', 'disarm-stix-1.7', 'DISARM.json'));
}

/** The status bar with the checkout as the target and the built-in release history beside it. */
const CHECKOUT_STATUS = /DISARM 1\.6 \(checkout\) · history 0\.1–1\.7/;

/** The text of the DISARM status bar item, or '' while there is none. */
async function statusText(page) {
  return page.locator('.statusbar-item', { hasText: 'DISARM' }).first().innerText({ timeout: 1000 }).catch(() => '');
}

/** The rows of the Problems panel, opened (not toggled) through its command. */
async function problemRows(page) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await runCommand(page, 'Problems: Focus on Problems View');
  return (await rows.allInnerTexts()).join('\n');
}

const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
let context;
try {
  context = await launchChromium(e2eDir, profile);
  const page = await openWorkbench(context, url, workspace, 'generated_pages');

  await step('hover', page, async () => {
    await openFile(page, 'generated_pages/incidents/I00104.md');
    const token = page.locator('.monaco-editor .view-line span', { hasText: /^\[?T0146\.007/ }).first();
    await token.waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover:visible');
    const text = await eventually('a hover with "Automated Account Asset"', async () => {
      const box = await token.boundingBox();
      await page.mouse.move(box.x + box.width - 10, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width - 6, box.y + box.height / 2);
      const shown = await hover.first().innerText({ timeout: 2000 }).catch(() => '');
      return shown.includes('Automated Account Asset') ? shown : undefined;
    });
    for (const expected of ['Technique T0146.007', 'automated behaviour', 'TA15 Establish Assets']) {
      if (!text.includes(expected)) throw new Error(`the hover lacks "${expected}": ${text}`);
    }
  });

  await step('completion', page, async () => {
    await page.mouse.move(5, 5);
    await openFile(page, 'generated_pages/incidents/I99101.md');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type('T0152.');
    const row = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'T0152.005' });
    await eventually('T0152.005 in the suggestion list', async () => {
      if (await row.count()) return true;
      await page.keyboard.press(`${mod}+Space`); // the first trigger can come before the server is ready
      return false;
    });
    const label = await row.first().innerText();
    if (!label.includes('Paste Platform')) throw new Error(`the suggestion shows "${label}"`);
    await page.keyboard.type('005');
    await eventually('T0152.005 selected', () => page.locator('.suggest-widget.visible .monaco-list-row.focused', { hasText: 'T0152.005' }).count());
    await page.keyboard.press('Enter');
    const expected = '| [T0152.005 Paste Platform](../techniques/T0152.005.md)';
    await eventually('the inserted link', async () => (await visibleText(page)).includes(expected));
  });

  await step('problems', page, async () => {
    await openFile(page, 'generated_pages/incidents/I99102.md');
    await problemsHolding(page, 'both findings in the Problems panel', ['unknown-id', 'name-mismatch', 'Recruiter Persona']);
  });

  await step('quick-fix', page, async () => {
    await applyQuickFix(page, 'Researcher Persona', 'Recruiter Persona');
    await eventually('the corrected name', async () => (await visibleText(page)).includes('T0097.106: Recruiter Persona'));
  });

  await step('status-bar', page, async () => {
    const item = page.locator('.statusbar-item', { hasText: 'DISARM' });
    const text = await eventually('the DISARM status bar item', async () => {
      const shown = await item.first().innerText({ timeout: 1000 }).catch(() => '');
      return CHECKOUT_STATUS.test(shown) ? shown : undefined;
    });
    console.log(`     status bar: ${text.trim()}`);
  });

  await step('explorer', page, async () => {
    await page.locator('.activitybar .action-item a[aria-label^="DISARM"]').first().click();
    await eventually('the phases in the Framework explorer', () => page.getByRole('treeitem', { name: /^P02 Prepare/ }).count());
    await runCommand(page, 'DISARM: Filter Framework');
    await eventually('the filter input box', () => page.locator('.quick-input-widget', { hasText: 'Filter the DISARM framework' }).count());
    await page.locator('.quick-input-widget input').fill('T0146');
    await page.keyboard.press('Enter');
    const row = page.getByRole('treeitem', { name: /T0146\.007 Automated Account Asset/ });
    await eventually('T0146.007 with its incident count', async () => /1 incident/.test(await row.first().innerText({ timeout: 1000 }).catch(() => '')));
    await row.first().hover();
  });

  await step('coverage', page, async () => {
    await page.mouse.move(700, 300); // away from the explorer's tooltip
    await page.keyboard.press('Escape');
    // The hover step opened I00104: its tab is there (Quick Open on an open file is racy).
    const tab = page.locator('.tab', { hasText: 'I00104.md' });
    if (await tab.count()) await tab.first().click();
    else await openFile(page, 'generated_pages/incidents/I00104.md');
    await eventually('the editor tab of I00104.md', () => page.locator('.tab.active', { hasText: 'I00104.md' }).count());
    await runCommand(page, 'DISARM: Show Incident Coverage');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await eventually('the highlighted techniques of I00104', async () => (await view.locator('.cell.hit').count()) >= 6);
    const header = await view.locator('header h1').innerText();
    if (!header.includes('I00104')) throw new Error(`the coverage view shows "${header}"`);
    // The matrix is wide: give its editor group the window (best effort: the checks above passed).
    // Mouse only: keys typed while the webview has focus reach the workbench late or not at all.
    await page.locator('.part.panel').getByRole('button', { name: /^(Hide|Close) Panel/ }).first().click({ timeout: 5000 }).catch(() => {});
    await page.locator('.activitybar .action-item.checked a[aria-label^="DISARM"]').first().click({ timeout: 5000 }).catch(() => {});
    await page.locator('.tab', { hasText: 'DISARM Coverage' }).first().dblclick({ timeout: 5000 }).catch(() => {});
    await eventually('the matrix beside the window edge', async () => (await view.locator('.column').first().boundingBox())?.x < 100, 10_000).catch(() => {});
  });

  await step('crash-recovery', page, async () => {
    // Kill the language server twice: it is restarted each time, and the user is told once.
    for (let kill = 1; kill <= 2; kill++) {
      const before = await eventually('a running language server', () => (serverPids().length ? serverPids() : undefined));
      for (const pid of before) process.kill(pid, 'SIGKILL');
      await eventually(`a restarted language server (kill ${kill})`, () => serverPids().some((pid) => !before.includes(pid)));
    }
    const status = page.locator('.statusbar-item', { hasText: 'DISARM' });
    await eventually('the status bar after the restarts', async () => CHECKOUT_STATUS.test(await status.first().innerText({ timeout: 1000 }).catch(() => '')));
    // Focus back in an editor, away from the coverage webview, for the Command Palette.
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'Notifications: Show Notifications');
    const notices = page.locator('.notifications-center .monaco-list-row', { hasText: 'stopped unexpectedly' });
    await eventually('the notice in the notification center', () => notices.count());
    const count = await notices.count();
    if (count !== 1) throw new Error(`${count} notices for two restarts`);
  });

  await step('release-switch', page, async () => {
    // Two releases in the workspace settings, as an analyst would configure them.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    const sources = [{ path: workspace, label: 'DISARM 1.6' }, { path: bundle17() }];
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'disarm.dataSources': sources }, null, 2));
    await eventually('the newest release (the 1.7 bundle) as the target', async () => /DISARM 1\.7 · history 0\.1–1\.7/.test(await statusText(page)));
    await page.locator('.monaco-editor .view-lines').first().click();
    await openFile(page, 'generated_pages/incidents/I99103.md');
    await eventually('removed-id on T0088.001 in the Problems panel', async () => /removed-id/.test(await problemRows(page)) && /T0088\.001 Develop AI-Generated Audio/.test(await problemRows(page)));
    // The status bar item's menu switches the target release.
    await page.locator('.statusbar-item', { hasText: 'DISARM' }).first().click();
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'DISARM 1.6' });
    await eventually('DISARM 1.6 in the status bar menu', () => pick.count());
    await pick.first().click();
    await eventually('DISARM 1.6 as the target', async () => /DISARM 1\.6 · history 0\.1–1\.7/.test(await statusText(page)));
    await eventually('no removed-id once 1.6 is the target', async () => !/T0088\.001/.test(await problemRows(page)));
    // The coverage view beside follows the editor and the target: T0088.001 counts under 1.6.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await eventually('I99103 in the coverage view with T0088.001 highlighted', async () => {
      const header = await view.locator('header h1').innerText({ timeout: 1000 }).catch(() => '');
      return header.includes('I99103') && (await view.locator('.cell.hit').count()) === 1;
    });
    console.log(`     status bar: ${(await statusText(page)).trim()}`);
  });

  await step('compare-versions', page, async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'DISARM: Compare Framework Versions');
    const from = page.locator('.quick-input-list .monaco-list-row', { hasText: 'DISARM 1.6' });
    await eventually('the releases to compare from', () => from.count());
    await from.first().click();
    const to = page.locator('.quick-input-list .monaco-list-row', { hasText: bundle17() });
    await eventually('the release to compare with', () => to.count());
    // With the built-in history the list is long and re-renders as it opens: pick 1.7 by its label.
    await page.locator('.quick-input-widget input').fill('1.7');
    await eventually('1.7 alone in the list', async () => (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).every((t) => t.includes(bundle17())));
    await page.keyboard.press('Enter');
    await eventually('the comparison report', () => page.locator('.tab.active', { hasText: 'DISARM 1.6 to' }).count());
    await eventually('the summary of the report', async () => /Techniques: 67 added, 13 removed/.test(await visibleText(page)));
    // The removed techniques close the report.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press(`${mod}+End`);
    await eventually('T0088.001 among the removed techniques', async () => /`T0088\.001` Develop AI/.test(await visibleText(page)));
  });

  await step('built-in-data', page, async () => {
    // A folder of reports with no checkout, no setting and no download: the built-in data alone.
    const reports = mkdtempSync(join(tmpdir(), 'disarm-reports-'));
    writeFileSync(
      join(reports, 'brief.md'),
      ['# Threat brief', '', 'The DISARM technique T0019 was seen again this week.', '', '- T0049.002: Hijack Existing Hashtag', ''].join('\n'),
    );
    await page.goto(`${url}/?folder=${encodeURIComponent(reports)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await eventually('brief.md in the explorer', () => page.getByRole('treeitem', { name: 'brief.md' }).count(), 90_000);
    await openFile(page, 'brief.md');
    await eventually('the newest built-in release as the target', async () => /DISARM 1\.7 \(built in\) · history 0\.1–1\.7/.test(await statusText(page)));
    const token = page.locator('.monaco-editor .view-line span', { hasText: /T0019/ }).first();
    await token.waitFor({ timeout: 30_000 });
    const hover = page.locator('.monaco-hover:visible');
    const text = await eventually('a hover on T0019 saying when it was removed', async () => {
      const box = await token.boundingBox();
      const x = box.x + box.width * ((await token.innerText()).indexOf('T0019') + 2) / (await token.innerText()).length;
      await page.mouse.move(x - 4, box.y + box.height / 2);
      await page.mouse.move(x, box.y + box.height / 2);
      const shown = await hover.first().innerText({ timeout: 2000 }).catch(() => '');
      return shown.includes('Removed in') ? shown : undefined;
    });
    for (const expected of ['T0019', 'Generate Information Pollution', 'Removed in 1.4', 'it was in 0.1–1.3']) {
      if (!text.includes(expected)) throw new Error(`the hover lacks "${expected}": ${text}`);
    }
    console.log(`     status bar: ${(await statusText(page)).trim()}`);
  });

  await step('built-in-outdated-name', page, async () => {
    // Still the reports folder and the built-in data: T0049.002's name before 1.4, fixed to 1.7's.
    await page.mouse.move(5, 5);
    await page.locator('.monaco-editor .view-line span', { hasText: 'Hijack Existing Hashtag' }).first().waitFor({ timeout: 30_000 });
    await applyQuickFix(page, 'Hijack Existing Hashtag', 'Flood Existing Hashtag');
    await eventually('the current name', async () => (await visibleText(page)).includes('T0049.002: Flood Existing Hashtag'));
  });
} catch (error) {
  broke(error);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}
finish();
