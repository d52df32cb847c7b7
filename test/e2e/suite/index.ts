import path from 'node:path';
import Mocha from 'mocha';

/**
 * The `extensionTestsPath` module: the editor calls `run()` inside its extension host once the
 * extension under development is loaded. `E2E_SUITE` (or the module name) picks the test file.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000 });
  mocha.addFile(path.join(__dirname, 'extension.e2e.js'));
  mocha.addFile(path.join(__dirname, 'views.e2e.js'));
  mocha.addFile(path.join(__dirname, 'recovery.e2e.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} editor test(s) failed`)) : resolve()));
  });
}
