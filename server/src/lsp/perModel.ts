import type { DisarmDocument } from '../service/markdown/document';

/**
 * Answers that depend on nothing but a document's model (its links, its code lenses, its
 * fix-all), kept per model: an editor asks for them again and again for the same text (on
 * focus, on scroll, on save), and for a large note each costs a pass over the whole document.
 * Keyed weakly by the model, so a replaced version's answers go with it; an answer cut short
 * (cancelled: `undefined`) is not kept. Cleared when the data or the settings change.
 */
export class PerModel {
  private answers = new WeakMap<DisarmDocument, Map<string, Promise<unknown>>>();

  /** Forgets every answer: the data or the settings they were computed with changed. */
  clear(): void {
    this.answers = new WeakMap();
  }

  /** The kept answer, or the one being computed for the same model and key, or a new computation. */
  async get<T>(model: DisarmDocument, key: string, compute: () => Promise<T | undefined>): Promise<T | undefined> {
    let answers = this.answers.get(model);
    if (!answers) this.answers.set(model, (answers = new Map()));
    const known = answers.get(key) as Promise<T | undefined> | undefined;
    // A request that came while another computed the answer shares it; if that one was cancelled, it computes its own.
    const shared = known && (await known);
    if (shared !== undefined && shared !== null) return shared;
    const answer = compute();
    answers.set(key, answer);
    const value = await answer;
    if (value === undefined && answers.get(key) === answer) answers.delete(key);
    return value;
  }
}
