/** A suite that must fail: run.sh checks that a failing web suite fails the run. */
export async function run(): Promise<void> {
  throw new Error('this web suite fails on purpose');
}
