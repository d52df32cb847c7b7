import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FramedEvent, MessageFramer, parseHeaders, peekDocument } from '../../../server/src/lsp/stdioFraming';

function framed(message: unknown, headers = ''): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${headers}\r\n`, 'ascii'), body]);
}

/** The events of the input cut into chunks of `size` bytes (the last one shorter). */
function frame(input: Buffer, size: number, end = true): FramedEvent[] {
  const events: FramedEvent[] = [];
  const framer = new MessageFramer((event) => events.push(event));
  for (let at = 0; at < input.length; at += size) framer.push(input.subarray(at, at + size));
  if (end) framer.end();
  return events;
}

describe('MessageFramer', () => {
  const messages = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { rootUri: null } },
    { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a.md', text: 'T0001 é ü 😀\r\n'.repeat(5000) } } },
    { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { position: { line: 0, character: 1 } } },
  ];
  const input = Buffer.concat([framed(messages[0]), framed(messages[1], 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'), framed(messages[2])]);

  test('gives the messages in order however the input is cut, across headers, bodies and multi-byte characters', () => {
    for (const size of [1, 2, 3, 7, 64, 1000, 65536, input.length]) {
      assert.deepEqual(frame(input, size), [...messages.map((message) => ({ message })), { end: true }], `chunks of ${size} bytes`);
    }
  });

  test('an empty body is not JSON; the end inside a message is said as such', () => {
    assert.match((frame(Buffer.from('Content-Length: 0\r\n\r\n'), 5)[0] as { error: string }).error, /not JSON/);
    assert.deepEqual(frame(input.subarray(0, input.length - 3), 4096).at(-1), { error: 'the input ended inside a message' });
    assert.deepEqual(frame(Buffer.from('Content-Len'), 4).at(-1), { error: 'the input ended inside a message' });
  });

  test('garbage: the library reader\'s errors, and nothing read after the first', () => {
    const after = framed(messages[2]);
    const cases: Array<[string, RegExp]> = [
      ['Content-Type: text/plain\r\n\r\nhello', /Header must provide a Content-Length property/],
      ['Content-Length: many\r\n\r\n{}', /Content-Length value must be a number/],
      ['Content-Length: 5\r\n\r\n{bad}', /not JSON/],
      ['Content-Length: 99999999999999\r\n\r\n', /over the \d+ this server reads/],
      ['no header at all\r\n\r\n', /without a colon/],
      ['Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}', /unsupported charset latin1/],
    ];
    for (const [garbage, error] of cases) {
      const events = frame(Buffer.concat([Buffer.from(garbage), after]), 3);
      assert.equal(events.length, 1, garbage);
      assert.match((events[0] as { error: string }).error, error);
    }
    const endless = frame(Buffer.alloc(200 * 1024, 'a'), 4096);
    assert.match((endless[0] as { error: string }).error, /header block longer than/);
  });

  test('headers are case-insensitive and a charset of utf8 is UTF-8', () => {
    assert.deepEqual(parseHeaders('content-length: 12\r\nContent-Type: application/vscode-jsonrpc; charset=utf8'), { length: 12 });
  });

  test('a body parsed elsewhere keeps its place: the messages behind it wait for it', async () => {
    const events: FramedEvent[] = [];
    let finish!: () => void;
    const bodies: number[] = [];
    const framer = new MessageFramer((event) => events.push(event), {
      minBytes: 1000,
      parse: (body) => {
        bodies.push(body.length);
        return new Promise((resolve) => (finish = () => resolve({ message: JSON.parse(body.toString('utf8')) })));
      },
    });
    framer.push(input);
    framer.end();
    assert.deepEqual(events, [{ message: messages[0] }], 'only the message before the large one');
    assert.equal(bodies.length, 1, 'only the large body went elsewhere');
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, [...messages.map((message) => ({ message })), { end: true }]);
  });
});

describe('MessageFramer: requests that pass a body parsed elsewhere', () => {
  const text = 'T0001 é\n'.repeat(500);
  const open = (uri: string) => ({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text } } });
  const hover = (id: number, uri: string) => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 0, character: 1 } } });
  const change = (uri: string) => ({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x' }] } });

  /** Frames `messages` with bodies of 1,000 bytes or more parsed elsewhere; `finish` lets those parses end. */
  function held(messages: unknown[]) {
    const events: FramedEvent[] = [];
    const finishes: Array<() => void> = [];
    const framer = new MessageFramer((event) => events.push(event), {
      minBytes: 1000,
      parse: (body) => new Promise((resolve) => finishes.push(() => resolve({ message: JSON.parse(body.toString('utf8')) }))),
    });
    framer.push(Buffer.concat(messages.map((message) => framed(message))));
    const ids = () => events.map((event) => ('message' in event ? ((event.message as { id?: number }).id ?? (event.message as { method: string }).method) : event));
    const finish = async () => {
      finishes.splice(0).forEach((f) => f());
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { ids, finish };
  }

  test('a request on another document passes; one on the same document, or behind a change to its document, waits', async () => {
    const { ids, finish } = held([open('file:///big.md'), hover(1, 'file:///other.md'), hover(2, 'file:///big.md'), change('file:///other.md'), hover(3, 'file:///other.md'), hover(4, 'file:///third.md')]);
    assert.deepEqual(ids(), [1, 4], 'the hovers that nothing held can change');
    await finish();
    assert.deepEqual(ids(), [1, 4, 'textDocument/didOpen', 2, 'textDocument/didChange', 3], 'the rest in the order sent');
  });

  test('nothing passes a message that may change anything, or a body whose document cannot be read off its start', async () => {
    const settings = { jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: { settings: { filler: text } } };
    const reordered = { params: open('file:///big.md').params, method: 'textDocument/didOpen', jsonrpc: '2.0' };
    for (const first of [settings, reordered]) {
      const { ids, finish } = held([first, hover(1, 'file:///other.md')]);
      assert.deepEqual(ids(), []);
      await finish();
      assert.deepEqual(ids(), [first.method, 1]);
    }
  });

  test('notifications keep their place, and requests pass a cancellation', async () => {
    const cancel = { jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 9 } };
    const { ids, finish } = held([open('file:///big.md'), change('file:///other.md'), cancel, hover(1, 'file:///third.md')]);
    assert.deepEqual(ids(), [1]);
    await finish();
    assert.deepEqual(ids(), [1, 'textDocument/didOpen', 'textDocument/didChange', '$/cancelRequest']);
  });

  test('the document of a body is read off its start, escapes and all', () => {
    const body = (message: unknown) => Buffer.from(JSON.stringify(message));
    assert.deepEqual(peekDocument(body(open('file:///a%20b/"q".md'))), { document: 'file:///a%20b/"q".md' });
    assert.equal(peekDocument(body({ jsonrpc: '2.0', method: 'workspace/applyEdit', params: {} })), 'anything');
    assert.equal(peekDocument(Buffer.from('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"{\\"textDocument\\":{\\"uri\\":\\"x\\"}}"}}')), 'anything');
  });
});
