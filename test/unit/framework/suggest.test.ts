import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createFrameworkIndex, DisarmObject, FrameworkIndex } from '../../../server/src/service/framework/framework';
import { bigramsOf, confidentSuggestion, deletions, dice, editDistance, IdSuggestion, nameSimilarity, NameMatch, objectsNamed, repairShape, SAME_NAME, suggestIds } from '../../../server/src/service/framework/suggest';
import { classifyToken, DisarmKind } from '../../../server/src/service/markdown/ids';
import { FIXTURE_SOURCE, fixtureIndexForFixes } from '../../fixtures/framework';

const index = fixtureIndexForFixes();
const ids = (list: Array<{ object: { id: string } }>) => list.map((s) => s.object.id);

describe('repairShape', () => {
  it('fixes digit counts of malformed technique IDs', () => {
    assert.equal(repairShape('T00145.006'), 'T0145.006');
    assert.equal(repairShape('T0115.12'), 'T0115.012');
    assert.equal(repairShape('T115'), 'T0115');
    assert.equal(repairShape('T0115.0012'), 'T0115.012');
  });

  it('leaves well-formed and hopeless tokens alone', () => {
    assert.equal(repairShape('T0115'), undefined);
    assert.equal(repairShape('T012345'), undefined);
    assert.equal(repairShape('T0115.1234'), undefined);
    assert.equal(repairShape('TA01'), undefined);
  });
});

describe('suggestIds', () => {
  it('puts the repaired shape first and is confident about it', () => {
    const list = suggestIds('T00145.006', index, 'Smiling Face Pictures');
    assert.equal(list[0].object.id, 'T0145.006');
    assert.equal(list[0].byShape, true);
    assert.equal(confidentSuggestion(list)?.object.id, 'T0145.006');
    assert.equal(confidentSuggestion(suggestIds('T00145.006', index))?.object.id, 'T0145.006', 'the shape alone is enough');
  });

  it('follows the written name over a closer ID', () => {
    const list = suggestIds('T0005.003', index, 'Reporter Mask');
    assert.equal(list[0].object.id, 'T0005.101');
    assert.ok(ids(list).includes('T0005.103'), 'one digit away, offered too');
    assert.equal(confidentSuggestion(list)?.object.id, 'T0005.101');
  });

  it('finds a name however far its ID', () => {
    assert.equal(confidentSuggestion(suggestIds('T0002.103', index, 'Researcher Mask'))?.object.id, 'T0005.103');
  });

  it('offers near IDs without a name but is confident about none', () => {
    const list = suggestIds('T0005.003', index);
    assert.deepEqual(ids(list), ['T0005.103', 'T0002.001', 'T0002.002'], 'one edit away first, then two');
    assert.equal(confidentSuggestion(list), undefined);
    assert.equal(confidentSuggestion(suggestIds('T0004', index)), undefined);
  });

  it('is ambiguous when the shape and the name disagree', () => {
    assert.equal(confidentSuggestion(suggestIds('T00145.006', index, 'Cartoon Pictures')), undefined);
  });

  it('suggests objects of the same kind', () => {
    assert.deepEqual(ids(suggestIds('TA03', index)), ['TA01', 'TA02']);
    assert.deepEqual(ids(suggestIds('C00002', index)), ['C00001']);
  });
});

describe('names', () => {
  it('measures similarity after normalising', () => {
    assert.equal(nameSimilarity('Write \u201CLong\u201D Posts', 'write "long" posts'), 1);
    assert.ok(nameSimilarity('Bypass Content Bocking', 'Bypass Content Blocking') > 0.9);
    assert.ok(nameSimilarity('Researcher Mask', 'Recruiter Mask') < 0.85);
  });

  it('finds the objects (nearly) named so', () => {
    assert.deepEqual(ids(objectsNamed('researcher  mask', index)), ['T0005.103']);
    assert.deepEqual(ids(objectsNamed('Smiling Face Picture', index)), ['T0145.006']);
    assert.deepEqual(objectsNamed('Nothing Like It', index), []);
  });

  it('computes edit distances with transpositions and a limit', () => {
    assert.equal(editDistance('T0097.003', 'T0097.103'), 1);
    assert.equal(editDistance('T0012', 'T0021'), 1);
    assert.equal(editDistance('T00145.006', 'T0145.006'), 1);
    assert.equal(editDistance('T0001', 'T9999', 2), 2);
  });
});

/**
 * The ranking by brute force, straight from its definition: every object of the kind is compared.
 * The indexed ranking (only candidates sharing a letter pair or a form less two characters) must
 * give exactly this.
 */
function bruteSuggestIds(token: string, within: FrameworkIndex, writtenName: string | undefined, limit: number): IdSuggestion[] {
  const cls = classifyToken(token);
  const kind: DisarmKind = cls?.type === 'id' ? cls.kind : 'technique';
  const repaired = repairShape(token);
  const written = writtenName ? bigramsOf(writtenName) : undefined;
  const found: IdSuggestion[] = [];
  for (const object of within.objects.values()) {
    if (object.kind !== kind || object.id === token) continue;
    const byShape = object.id === repaired;
    const distance = editDistance(token, object.id, 3);
    const theirs = bigramsOf(object.name);
    // The size bound is part of the definition (a name outside it cannot be SAME_NAME alike).
    const m = SAME_NAME;
    const size = written?.size ?? 0;
    const inBounds = theirs.size >= (size * m) / (2 - m) && theirs.size <= (size * (2 - m)) / m;
    const named = written && written.size > 0 && (byShape || distance <= 2 || inBounds);
    const similarity = named ? dice(written, theirs) : 0;
    if (!byShape && distance > 2 && similarity < SAME_NAME) continue;
    const idScore = byShape ? 1 : distance === 1 ? 0.7 : distance === 2 ? 0.4 : 0;
    found.push({ object, byShape, distance, nameSimilarity: similarity, score: written ? 0.6 * similarity + 0.4 * idScore : idScore });
  }
  return found.sort((a, b) => b.score - a.score || a.distance - b.distance || (a.object.id < b.object.id ? -1 : 1)).slice(0, limit);
}

function bruteObjectsNamed(written: string, within: FrameworkIndex, kind: DisarmKind, minimum: number): NameMatch[] {
  const target = bigramsOf(written);
  const [shortest, longest] = minimum <= 0 ? [0, Infinity] : [(target.size * minimum) / (2 - minimum), (target.size * (2 - minimum)) / minimum];
  const matches: NameMatch[] = [];
  for (const object of within.objects.values()) {
    if (object.kind !== kind) continue;
    const theirs = bigramsOf(object.name);
    if (theirs.size < shortest || theirs.size > longest) continue;
    const similarity = dice(target, theirs);
    if (similarity >= minimum) matches.push({ object, similarity });
  }
  return matches.sort((a, b) => b.similarity - a.similarity || (a.object.id < b.object.id ? -1 : 1));
}

/** A made-up framework big enough for the indexes to matter: 600 techniques whose names mix a few words, some shared. */
function generatedIndex(): FrameworkIndex {
  const words = ['post', 'posts', 'write', 'share', 'amplify', 'content', 'accounts', 'fake', 'persona', 'media', 'channel', 'create', 'develop', 'image', 'video', 'audio', 'local', 'group', 'trusted', 'leaked'];
  const objects: DisarmObject[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let t = 1; t <= 150; t++) {
    const id = `T${String(t).padStart(4, '0')}`;
    const name = () => Array.from({ length: 1 + (next() % 4) }, () => words[next() % words.length]).join(' ');
    objects.push({ id, kind: 'technique', name: name(), summary: '' });
    for (let sub = 1; sub <= 3; sub++) objects.push({ id: `${id}.${String(sub * 7 + (t % 5)).padStart(3, '0')}`, kind: 'technique', name: name(), summary: '' });
  }
  for (let c = 1; c <= 40; c++) objects.push({ id: `C${String(c).padStart(5, '0')}`, kind: 'counter', name: `counter ${words[c % words.length]} ${words[(c * 3) % words.length]}`, summary: '' });
  return createFrameworkIndex(FIXTURE_SOURCE, objects);
}

describe('indexed ranking', () => {
  const big = generatedIndex();
  const plain = (list: Array<IdSuggestion | NameMatch>) => list.map((s) => ({ ...s, object: s.object.id }));
  const known = [...big.objects.values()];
  // A token or name near one of the framework's (a few random edits), or anything at all.
  const slip = (source: fc.Arbitrary<string>, alphabet: string) =>
    fc.tuple(source, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...alphabet.split(''))), { maxLength: 3 })).map(([text, edits]) =>
      edits.reduce((t, [at, op, ch]) => {
        const i = t.length ? at % (t.length + 1) : 0;
        return op % 3 === 0 ? t.slice(0, i) + ch + t.slice(i) : op % 3 === 1 ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + ch + t.slice(i + 1);
      }, text),
    );
  const token = fc.oneof(slip(fc.constantFrom(...known.map((o) => o.id)), '0123456789.T'), fc.string({ maxLength: 12 }));
  const name = fc.option(fc.oneof(slip(fc.constantFrom(...known.map((o) => o.name)), 'aeiost '), fc.string({ maxLength: 20 })), { nil: undefined });

  it('suggests exactly what comparing every ID and name suggests', () => {
    fc.assert(
      fc.property(token, name, (t, n) => {
        assert.deepEqual(plain(suggestIds(t, big, n, 1000)), plain(bruteSuggestIds(t, big, n, 1000)));
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('finds exactly the names that comparing every name finds, at any bound', () => {
    fc.assert(
      fc.property(fc.oneof(slip(fc.constantFrom(...known.map((o) => o.name)), 'aeiost '), fc.string({ maxLength: 20 })), fc.constantFrom(0, 0.3, SAME_NAME, 1), fc.constantFrom<DisarmKind>('technique', 'counter'), (n, minimum, kind) => {
        assert.deepEqual(plain(objectsNamed(n, big, kind, minimum)), plain(bruteObjectsNamed(n, big, kind, minimum)));
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it('reaches every ID within two edits through the forms less two characters', () => {
    fc.assert(
      fc.property(slip(fc.constantFrom(...known.map((o) => o.id)), '0123456789.T'), fc.constantFrom(...known.map((o) => o.id)), (a, b) => {
        const shared = [...deletions(a)].some((form) => deletions(b).has(form));
        if (editDistance(a, b, 3) <= 2) assert.ok(shared, `${a} and ${b}`);
      }),
      { numRuns: 3000, seed: 16 },
    );
  });
});
