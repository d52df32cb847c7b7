// Preloaded into the language server by the sandbox test: any attempt to reach the network is
// refused and reported on stderr, where the test looks for it.
const net = require('node:net');
const dns = require('node:dns');
const refuse = (what) =>
  function () {
    process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
    throw new Error(`network access refused in the sandbox test: ${what}`);
  };
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
dns.lookup = refuse('dns.lookup');
dns.promises.lookup = refuse('dns.promises.lookup');
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('fetch');
