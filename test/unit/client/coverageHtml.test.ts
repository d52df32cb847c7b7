import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { coverageHtml } from '../../../client/src/coverageHtml';

// Only the two members the page builder reads.
const webview = { cspSource: 'vscode-webview://test' } as vscode.Webview;
const script = { toString: () => 'vscode-webview://test/dist/coverage.js' } as vscode.Uri;

describe('the coverage webview page', () => {
  const html = coverageHtml(webview, script);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';

  it('has a strict content security policy: nothing by default, scripts only by nonce', () => {
    assert.match(csp, /^default-src 'none'/);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    assert.match(scriptSrc, /^'nonce-[A-Za-z0-9+/=]{16,}'$/, `script-src is "${scriptSrc}"`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('runs no script without the nonce and loads nothing remote', () => {
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.ok(scripts.length > 0);
    for (const attributes of scripts) assert.ok(attributes.includes(`nonce="${nonce}"`), `a script without the nonce: ${attributes}`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /(src|href)="https?:/, 'no remote resources');
  });

  it('uses a new nonce for every page', () => {
    assert.notEqual(/'nonce-([^']+)'/.exec(csp)?.[1], /'nonce-([^']+)'/.exec(/content="([^"]*)"/.exec(coverageHtml(webview, script))?.[1] ?? '')?.[1]);
  });
});
