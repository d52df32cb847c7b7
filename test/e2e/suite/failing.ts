import Mocha from 'mocha';

/** A suite that must fail: proves that a failing editor test fails the command that runs it. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false });
  mocha.suite.addTest(
    new Mocha.Test('deliberately fails', () => {
      throw new Error('this suite fails on purpose');
    }),
  );
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} failed`)) : resolve())));
}
