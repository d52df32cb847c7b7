// Preloaded into a server a test drives (`node --require test/protocol/jsonParseSpy.cjs ...`):
// records the longest text JSON.parse was given on the main thread, written at exit to
// JSON_PARSE_SPY_FILE. Worker threads (which the preload also runs in) are not counted.
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

if (isMainThread && process.env.JSON_PARSE_SPY_FILE) {
  const parse = JSON.parse;
  let longest = 0;
  JSON.parse = function (text, reviver) {
    if (typeof text === 'string' && text.length > longest) longest = text.length;
    return parse.call(this, text, reviver);
  };
  process.on('exit', () => writeFileSync(process.env.JSON_PARSE_SPY_FILE, String(longest)));
}
