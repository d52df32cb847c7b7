import 'mocha/mocha';
import { defineWebTests } from './web.e2e';

/**
 * The `extensionTestsPath` module of the browser-only build: the web worker extension host
 * evaluates it (CommonJS, only `vscode` to require) and awaits `run()`. Mocha's browser build.
 */
export function run(): Promise<void> {
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 90_000 });
  defineWebTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} web test(s) failed`)) : resolve()));
  });
}
