/** The web worker server's code (out/web/server.js), inlined by esbuild.mjs as a string. */
declare module 'disarm:web-server' {
  const source: string;
  export default source;
}
