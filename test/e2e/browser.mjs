// Debian's Chromium under playwright-core, as the real-editor tests start it: a fresh profile, no
// background networking (this machine's network is closed), no browser download.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A persistent context on the fresh `profile` folder (playwright refuses --user-data-dir in args). */
export function launchChromium(e2eDir, profile, viewport = { width: 1400, height: 900 }) {
  const { chromium } = createRequire(join(e2eDir, 'pw', 'package.json'))('playwright-core');
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Chromium's crash reporter writes ~/.config/chromium whatever the profile: keep it in the profile.
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, '.config'), XDG_CACHE_HOME: join(profile, '.cache') },
    viewport,
    args: CHROMIUM_ARGS,
  });
}
