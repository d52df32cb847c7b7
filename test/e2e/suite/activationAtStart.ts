/** The activation measure at workbench start, for comparison with the settled one (see activation.ts). */
export { runAtStart as run } from './activation';
