/// <reference lib="dom" />
// The coverage webview's script, bundled for the browser (dist/coverageWebview.js). It draws the
// matrix from the model the extension posts, with createElement and textContent only: names and
// summaries are data, never markup. It also renders the SVG and PNG exports from the same model.
import type { CoverageMessage, CoverageViewModel, MatrixCell } from '../coverageModel';

declare function acquireVsCodeApi(): { postMessage(message: CoverageMessage): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const RED = { r: 229, g: 72, b: 77 };
let model: CoverageViewModel | undefined;
let showAllSubs = (vscode.getState() as { showAllSubs?: boolean } | undefined)?.showAllSubs ?? false;
const selected = new Set<string>();

window.addEventListener('message', (event: MessageEvent<{ type: string; model?: CoverageViewModel }>) => {
  if (event.data.type !== 'model' || !event.data.model) return;
  if (model?.title !== event.data.model.title) selected.clear();
  model = event.data.model;
  render();
});
vscode.postMessage({ type: 'ready' });

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', undefined, text);
  node.addEventListener('click', onClick);
  return node;
}

/** All sub-techniques when asked for, else only the cited ones: sixteen columns must stay readable. */
function visibleSubs(cell: MatrixCell, values: Readonly<Record<string, number>>): readonly MatrixCell[] {
  return showAllSubs ? cell.subs : cell.subs.filter((s) => values[s.id]);
}

/** Heat in 0..1 (a document's citations all count as full heat). */
function heat(id: string): number {
  const value = model?.values[id] ?? 0;
  if (!value || !model) return 0;
  return model.mode === 'document' ? 1 : 0.25 + 0.75 * (value / Math.max(1, model.max));
}

function render(): void {
  if (!model) return;
  const header = document.getElementById('header')!;
  const matrix = document.getElementById('matrix')!;
  header.replaceChildren();
  matrix.replaceChildren();
  header.append(element('h1', undefined, model.title), element('p', undefined, model.subtitle));
  const toolbar = element('div', 'toolbar');
  const toggle = element('input');
  toggle.type = 'checkbox';
  toggle.checked = showAllSubs;
  toggle.addEventListener('change', () => {
    showAllSubs = toggle.checked;
    vscode.setState({ showAllSubs });
    render();
  });
  const toggleLabel = element('label');
  toggleLabel.append(toggle, document.createTextNode('All sub-techniques'));
  toolbar.append(
    button('Export SVG', () => vscode.postMessage({ type: 'saveSvg', svg: svgOf(model!) })),
    button('Export PNG', () => void exportPng()),
    button(selected.size ? `Export Navigator Layer (${selected.size} selected)` : 'Export Navigator Layer', () =>
      vscode.postMessage({ type: 'exportLayer', ids: selected.size ? [...selected] : Object.keys(model!.values) }),
    ),
    toggleLabel,
  );
  const hint =
    model.mode === 'document'
      ? 'Click a highlighted technique to reveal its first citation; Ctrl/Cmd-click selects techniques for the layer export.'
      : 'Click a technique to list the incidents citing it; Ctrl/Cmd-click selects techniques for the layer export.';
  header.append(toolbar, element('p', undefined, hint));
  if (!model.columns.length) matrix.append(element('p', 'empty', 'No DISARM data is loaded.'));
  for (const column of model.columns) matrix.append(renderColumn(column));
}

function renderColumn(column: CoverageViewModel['columns'][number]): HTMLElement {
  const node = element('section', 'column');
  const head = element('div', 'tactic', `${column.id} ${column.name}`);
  head.append(element('span', 'count', `${model!.tactics[column.id] ?? 0} cited`));
  node.append(head);
  for (const cell of column.cells) {
    node.append(renderCell(cell, false));
    for (const sub of visibleSubs(cell, model!.values)) node.append(renderCell(sub, true));
  }
  return node;
}

function renderCell(cell: MatrixCell, sub: boolean): HTMLElement {
  const node = element('div', `cell${sub ? ' sub' : ''}`);
  node.dataset.id = cell.id;
  const value = model!.values[cell.id] ?? 0;
  const level = heat(cell.id);
  if (value) {
    node.classList.add('hit');
    if (model!.mode === 'folder') {
      node.style.backgroundColor = `rgba(${RED.r}, ${RED.g}, ${RED.b}, ${level.toFixed(2)})`;
      node.style.color = level > 0.55 ? '#fff' : 'inherit';
      node.append(element('span', 'value', String(value)));
    }
  }
  if (selected.has(cell.id)) node.classList.add('selected');
  node.append(document.createTextNode(`${cell.id} ${cell.name}`));
  node.title = cell.summary ? `${cell.id} ${cell.name}\n\n${cell.summary}` : `${cell.id} ${cell.name}`;
  node.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) {
      if (!selected.delete(cell.id)) selected.add(cell.id);
      render();
    } else if (value) {
      vscode.postMessage({ type: 'reveal', id: cell.id });
    }
  });
  return node;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Splits a label into lines of at most `width` characters, the last one cut with an ellipsis. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1].slice(0, width - 1)}…`;
  }
  return lines;
}

/** The matrix as a standalone SVG picture (fixed light colours, so it reads the same anywhere). */
function svgOf(view: CoverageViewModel): string {
  const W = 150;
  const GAP = 6;
  const HEAD = 46;
  const CELL = 30;
  const parts: string[] = [];
  let height = 0;
  view.columns.forEach((column, i) => {
    const x = 10 + i * (W + GAP);
    let y = 60;
    parts.push(`<rect x="${x}" y="${y}" width="${W}" height="${HEAD}" fill="#2b2d42"/>`);
    wrap(`${column.id} ${column.name}`, 26, 2).forEach((line, n) =>
      parts.push(`<text x="${x + 5}" y="${y + 14 + n * 13}" fill="#fff" font-weight="bold">${escapeXml(line)}</text>`),
    );
    parts.push(`<text x="${x + 5}" y="${y + 41}" fill="#d0d0e0">${view.tactics[column.id] ?? 0} cited</text>`);
    y += HEAD + 3;
    const cells = column.cells.flatMap((cell) => [{ cell, sub: false }, ...visibleSubs(cell, view.values).map((s) => ({ cell: s, sub: true }))]);
    for (const { cell, sub } of cells) {
      const level = heat(cell.id);
      const fill = level ? `rgba(${RED.r},${RED.g},${RED.b},${level.toFixed(2)})` : '#f2f2f4';
      const ink = level > 0.55 ? '#fff' : '#1b1b1f';
      const indent = sub ? 10 : 0;
      parts.push(`<rect x="${x + indent}" y="${y}" width="${W - indent}" height="${CELL - 2}" fill="${fill}" stroke="#c8c8d0"/>`);
      const value = view.mode === 'folder' && view.values[cell.id] ? ` (${view.values[cell.id]})` : '';
      wrap(`${cell.id} ${cell.name}${value}`, sub ? 27 : 28, 2).forEach((line, n) =>
        parts.push(`<text x="${x + indent + 4}" y="${y + 11 + n * 12}" fill="${ink}">${escapeXml(line)}</text>`),
      );
      y += CELL;
    }
    height = Math.max(height, y);
  });
  const width = 20 + view.columns.length * (W + GAP);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 10}" viewBox="0 0 ${width} ${height + 10}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold" fill="#1b1b1f">${escapeXml(view.title)}</text>`,
    `<text x="10" y="44" font-size="12" fill="#555">${escapeXml(view.subtitle)}</text>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Renders the SVG into a canvas at twice its size and posts the PNG bytes (base64). */
async function exportPng(): Promise<void> {
  if (!model) return;
  const svg = svgOf(model);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  try {
    await image.decode();
    const canvas = element('canvas');
    canvas.width = image.width * 2;
    canvas.height = image.height * 2;
    const context = canvas.getContext('2d')!;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    vscode.postMessage({ type: 'savePng', base64: canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '') });
  } catch (error) {
    vscode.postMessage({ type: 'error', message: `the PNG could not be drawn: ${String(error)}` });
  }
}
