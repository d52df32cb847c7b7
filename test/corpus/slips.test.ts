import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics } from '../../server/src/service/features/diagnostics';
import { IdReference, parseDisarmDocument } from '../../server/src/service/markdown/document';
import { pageIdOfDestination } from '../../server/src/service/framework/pages';
import { FrameworkSet, Release } from '../../server/src/service/framework/releases';
import { checkoutWithHistory, frameworksDir } from '../realData';

/**
 * Slips put into copies of the real incidents, one at a time, on a cited technique whose name is
 * written as the data has it: each slip is found on the reference it was put in, as the findings
 * that kind of slip calls for, and nothing else in the page changes (no finding appears or goes
 * elsewhere). The slips are drawn from a fixed seed (`SLIP_SEED=n` draws others), so a failure
 * replays; the pages are read at test time and nothing of them is stored.
 */
describe('slips put into the real incidents', () => {
  let set: FrameworkSet;
  let checkout: Release;
  before(async () => {
    ({ checkout, set } = await checkoutWithHistory());
  });

  it('are each found where they were put, and change nothing else', () => {
    const everHad = new Set(set.releases.flatMap((r) => [...r.index.objects.keys()]));
    const techniques = [...checkout.index.objects.values()].filter((o) => o.kind === 'technique');
    const removed = [...everHad].filter((id) => /^T\d{4}(?:\.\d{3})?$/.test(id) && !checkout.index.objects.has(id)).sort();
    let seed = Number(process.env.SLIP_SEED ?? 20261202);
    const pick = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    /** An ID no release has, of the reference's shape (never T08xx: ATT&CK for ICS is not ours). */
    const unknownLike = (id: string) => {
      for (;;) {
        const made = id.includes('.') ? `${id.slice(0, 5)}.${900 + pick(99)}` : `T0${200 + pick(600)}`;
        if (!everHad.has(made)) return made;
      }
    };

    /**
     * Each slip: what it writes over which part of the reference, the findings it calls for (`name`:
     * one name finding, whichever the name judgement picks), and the technique its ID, name or link
     * now points at, if any.
     */
    type Slip = { start: number; end: number; text: string; expect: string[] | 'name'; pointsAt?: string } | undefined;
    const slips: Record<string, (ref: IdReference, name: string) => Slip> = {
      'an unknown ID': (ref) => ({ start: ref.start, end: ref.end, text: unknownLike(ref.token), expect: ['unknown-id'] }),
      'a removed ID': (ref) => {
        const id = removed[pick(removed.length)];
        return { start: ref.start, end: ref.end, text: id, expect: ['removed-id', 'name-mismatch', ...linked(ref)], pointsAt: id };
      },
      'another technique\'s ID': (ref, name) => {
        const other = techniques[pick(techniques.length)];
        if (other.id === ref.token || other.name === name) return undefined;
        return { start: ref.start, end: ref.end, text: other.id, expect: ['name-mismatch', ...linked(ref)], pointsAt: other.id };
      },
      'a digit dropped': (ref) => ({ start: ref.end - 1, end: ref.end, text: '', expect: ['malformed-id'] }),
      'the dot dropped': (ref) => (ref.token.includes('.') ? { start: ref.start, end: ref.end, text: ref.token.replace('.', ''), expect: ['malformed-id'] } : undefined),
      'a letter of the name mistyped': (ref, name) => {
        const letters = [...name.matchAll(/\p{L}/gu)].map((m) => m.index);
        if (name.length < 5 || letters.length === 0) return undefined;
        const at = letters[pick(letters.length)];
        const typo = /[eE]/.test(name[at]) ? 'a' : 'e';
        return { start: ref.name!.start + at, end: ref.name!.start + at + 1, text: typo, expect: ['name-spelling'] };
      },
      'a name of nothing': (ref) => ({ start: ref.name!.start, end: ref.name!.end, text: 'Quietly Unrelated Words', expect: ['name-mismatch'] }),
      'another technique\'s name': (ref, name) => {
        const other = techniques[pick(techniques.length)];
        if (other.id === ref.token || other.name === name) return undefined;
        return { start: ref.name!.start, end: ref.name!.end, text: other.name, expect: ['name-mismatch'], pointsAt: other.id };
      },
      'a link to another page': (ref) => {
        const other = techniques[pick(techniques.length)];
        const url = ref.destination?.url;
        if (!url || other.id === ref.token || !url.includes(`${ref.token}.md`)) return undefined;
        return { start: ref.destination!.start, end: ref.destination!.end, text: url.replace(`${ref.token}.md`, `${other.id}.md`), expect: ['link-mismatch'], pointsAt: other.id };
      },
      'two digits swapped': (ref, name) => {
        const digits = [...ref.token.matchAll(/\d/g)].map((m) => m.index).filter((i, k, all) => k + 1 < all.length && all[k + 1] === i + 1 && ref.token[i] !== ref.token[i + 1]);
        if (digits.length === 0) return undefined;
        const i = digits[pick(digits.length)];
        const id = ref.token.slice(0, i) + ref.token[i + 1] + ref.token[i] + ref.token.slice(i + 2);
        const known = set.index.objects.get(id) ?? set.lastHad(id)?.object;
        if (known?.name === name) return undefined;
        const expect = !everHad.has(id) ? ['unknown-id'] : [...(checkout.index.objects.has(id) ? [] : ['removed-id']), 'name-mismatch', ...linked(ref)];
        return { start: ref.start, end: ref.end, text: id, expect, pointsAt: id };
      },
      'a word of the name left out': (ref, name) => {
        const words = name.split(' ');
        if (words.length < 3) return undefined;
        const i = 1 + pick(words.length - 1);
        // An abbreviation, another technique's name (`Social Media`) or the ID's name in another release (`Purchase Advertisements`).
        return { start: ref.name!.start, end: ref.name!.end, text: words.filter((_, k) => k !== i).join(' '), expect: 'name' };
      },
    };
    /** A link to the ID's own page now leads to another object's. */
    const linked = (ref: IdReference) => (ref.destination && pageIdOfDestination(ref.destination.url) === ref.token ? ['link-mismatch'] : []);

    const incidents = path.join(frameworksDir(), 'generated_pages', 'incidents');
    const check = (text: string) => computeDiagnostics(TextDocument.create('file:///incidents/x.md', 'markdown', 1, text), parseDisarmDocument(text), set.index, { releases: set });
    const failures: string[] = [];
    const counts = new Map<string, number>();
    for (const file of readdirSync(incidents).filter((f) => f.endsWith('.md')).sort()) {
      const text = readFileSync(path.join(incidents, file), 'utf8');
      const before = TextDocument.create('file:///before.md', 'markdown', 1, text);
      const found = check(text).map((d) => ({ d, offset: before.offsetAt(d.range.start) }));
      // A technique cited with its name as the data has it, with no finding of its own yet.
      const clean = parseDisarmDocument(text).references.filter((ref) => {
        const end = extentEnd(ref);
        return ref.name?.text === checkout.index.objects.get(ref.token)?.name && ref.token.startsWith('T') && !found.some((f) => f.offset >= ref.start && f.offset < end);
      });
      if (clean.length === 0) continue;
      for (const [kind, make] of Object.entries(slips)) {
        for (let tries = 0; tries < 8; tries++) {
          const ref = clean[pick(clean.length)];
          const slip = make(ref, ref.name!.text);
          if (!slip) continue;
          const changed = text.slice(0, slip.start) + slip.text + text.slice(slip.end);
          const after = TextDocument.create('file:///after.md', 'markdown', 1, changed);
          const shift = slip.text.length - (slip.end - slip.start);
          const from = ref.start;
          const to = extentEnd(ref) + shift;
          // The page's other findings, where they now are: each must still be there, and no other.
          const kept = found.filter((f) => f.offset < from || f.offset >= extentEnd(ref)).map((f) => key(f.d, f.offset >= slip.end ? f.offset + shift : f.offset));
          const now = check(changed).map((d) => ({ d, offset: after.offsetAt(d.range.start) }));
          const on = now.filter((f) => f.offset >= from && f.offset < to).map((f) => String(f.d.code)).sort();
          const elsewhere = now.filter((f) => f.offset < from || f.offset >= to).map((f) => key(f.d, f.offset));
          const where = `${file} (${kind}: ${JSON.stringify(text.slice(slip.start, slip.end))} → ${JSON.stringify(slip.text)} at ${after.positionAt(slip.start).line + 1}:${after.positionAt(slip.start).character + 1})`;
          const expected = slip.expect === 'name' ? (NAME_CODES.has(on[0]) && on.length === 1 ? on : ['one name finding']) : [...slip.expect].sort();
          if (on.join() !== expected.join()) failures.push(`${where}: found ${on.join(', ') || 'nothing'}, not ${expected.join(', ')}`);
          const added = elsewhere.filter((k) => !kept.includes(k));
          // A row given another technique's ID or link is a row of that technique too: its citations lose their not-in-table.
          const lost = kept.filter((k) => !elsewhere.includes(k) && !(slip.pointsAt && k.endsWith(` not-in-table ${slip.pointsAt}`)));
          if (added.length || lost.length) failures.push(`${where}: elsewhere ${[...added.map((k) => `+${k}`), ...lost.map((k) => `-${k}`)].join(', ')}`);
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
          break;
        }
      }
    }
    assert.deepEqual(failures, []);
    for (const kind of Object.keys(slips)) assert.ok((counts.get(kind) ?? 0) >= 50, `only ${counts.get(kind) ?? 0} slips of ${kind}`);
    console.log(`     ${[...counts.values()].reduce((a, b) => a + b, 0)} slips: ${[...counts].map(([kind, n]) => `${n} × ${kind}`).join(', ')}`);
  });

  it('find a changed ID in an incident\'s title: the title is the other incident\'s name, so no new page is declared', () => {
    const incidents = path.join(frameworksDir(), 'generated_pages', 'incidents');
    const check = (text: string) =>
      computeDiagnostics(TextDocument.create('file:///incidents/x.md', 'markdown', 1, text), parseDisarmDocument(text), set.index, { releases: set }).map((d) => key(d, 0) + ` ${d.range.start.line}:${d.range.start.character}`);
    const failures: string[] = [];
    let pages = 0;
    for (const file of readdirSync(incidents).filter((f) => /^I\d{5}\.md$/.test(f)).sort()) {
      const text = readFileSync(path.join(incidents, file), 'utf8');
      const id = file.slice(0, 6);
      if (!text.startsWith(`# Incident ${id}: `)) continue;
      pages++;
      const changed = text.replace(id, 'I09999');
      const added = check(changed).filter((k) => !check(text).includes(k));
      if (added.join() !== '0 unknown-id I09999 0:11') failures.push(`${file}: ${added.join(', ') || 'nothing'}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(pages > 100, `only ${pages} incident pages`);
  });
});

const NAME_CODES = new Set(['name-spelling', 'outdated-name', 'name-mismatch']);

/** Where a reference ends: past its name and its link destination. */
function extentEnd(ref: IdReference): number {
  return Math.max(ref.end, ref.name?.end ?? 0, ref.destination ? ref.destination.end + 1 : 0);
}

/** A finding as compared: where it starts, its code and ID. */
function key(d: Diagnostic, offset: number): string {
  return `${offset} ${String(d.code)} ${(d.data as { id?: string } | undefined)?.id ?? ''}`;
}
