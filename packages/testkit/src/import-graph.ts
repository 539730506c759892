// The import graph of a source folder and its cycles, for tests that check a package's structure.
// Every import counts, type-only ones included: `import type`, `export … from`, side-effect imports,
// `import('…')` and `typeof import('…')`. A small tokenizer skips comments, strings, template
// literals and regular expressions, so that text that only looks like an import is not one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The module specifiers a TypeScript or JavaScript source imports or re-exports, in order. */
export function moduleSpecifiers(code: string): string[] {
  const tokens = tokenize(code);
  const specs: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.kind !== 'word' || !next) continue;
    // `from 'x'` only occurs in import and export declarations; `import 'x'` is a side-effect import.
    if ((t.text === 'from' || t.text === 'import') && next.kind === 'string') specs.push(next.text);
    else if (t.text === 'import' && next.text === '(') {
      const arg = tokens[i + 2];
      if (arg?.kind === 'string' && (tokens[i + 3]?.text === ')' || tokens[i + 3]?.text === ',')) specs.push(arg.text);
    }
  }
  return specs;
}

/** File → the files it imports, all relative to `srcDir`, for every .ts source under it. */
export type ImportGraph = Map<string, string[]>;

/**
 * The import graph of the .ts sources under `srcDir`: edges for relative specifiers that resolve to
 * a file under `srcDir` ('./x.js' → x.ts, './dir/index.js'); package and node: imports are left out.
 */
export function importGraph(srcDir: string): ImportGraph {
  const root = resolve(srcDir);
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(sep).join('/'))
    .sort();
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const spec of moduleSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolveSource(root, resolve(root, dirname(file), spec));
      if (target) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

function resolveSource(root: string, abs: string): string | undefined {
  const base = abs.replace(/\.(js|ts|mjs)$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    const rel = relative(root, candidate);
    if (!rel.startsWith('..') && existsSync(candidate)) return rel.split(sep).join('/');
  }
  return undefined;
}

/** A group of files that reach each other through imports, and one cycle through them. */
export interface ImportCycle {
  /** The shortest cycle from the group's first file back to it, e.g. ['a.ts', 'b.ts', 'a.ts']. */
  path: string[];
  /** Every file of the group (a strongly connected component), sorted; more than `path` when tangled. */
  files: string[];
}

/** The import cycles of a graph, one per group of files that reach each other, sorted by first file. */
export function findCycles(graph: ImportGraph): ImportCycle[] {
  const cycles: ImportCycle[] = [];
  for (const group of stronglyConnected(graph)) {
    const files = [...group].sort();
    const start = files[0]!;
    if (files.length === 1 && !(graph.get(start) ?? []).includes(start)) continue;
    cycles.push({ path: shortestCycle(graph, start, new Set(files)), files });
  }
  return cycles.sort((a, b) => a.files[0]!.localeCompare(b.files[0]!));
}

/** A cycle as one line: 'a.ts → b.ts → a.ts', and the group's other files when there are more. */
export function describeCycle(cycle: ImportCycle): string {
  const others = cycle.files.filter((f) => !cycle.path.includes(f));
  return cycle.path.join(' → ') + (others.length > 0 ? ` (tangled with ${others.join(', ')})` : '');
}

/** Tarjan's algorithm, iterative. */
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        groups.push(group);
      }
    }
  }
  return groups;
}

/** The shortest path start → … → start inside `members` (breadth first, edges in sorted order). */
function shortestCycle(graph: ImportGraph, start: string, members: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  throw new Error(`${start} is in a cycle but no path leads back to it`);
}

interface Token {
  kind: 'word' | 'string' | 'punct';
  text: string;
}

/** Words, string literals (their value) and punctuation; comments, templates and regexes skipped. */
function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  // Brace depth of each open `${` of a template literal, so that its closing `}` resumes the template.
  const templateDepths: number[] = [];
  let depth = 0;
  let i = 0;
  const n = code.length;
  const skipTemplate = (): void => {
    // From inside a template literal: to its end, or into a `${` expression.
    while (i < n) {
      const c = code[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        return;
      } else if (c === '$' && code[i + 1] === '{') {
        i += 2;
        templateDepths.push(depth++);
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') {
      while (i < n && code[i] !== '\n') i++;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let text = '';
      i++;
      while (i < n && code[i] !== c && code[i] !== '\n') {
        if (code[i] === '\\') i++;
        text += code[i] ?? '';
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text });
    } else if (c === '`') {
      i++;
      skipTemplate();
      tokens.push({ kind: 'punct', text: '`' });
    } else if (c === '/' && regexAllowed(tokens[tokens.length - 1])) {
      let inClass = false;
      i++;
      while (i < n && code[i] !== '\n') {
        const r = code[i]!;
        if (r === '\\') i++;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(code[i]!)) i++;
      tokens.push({ kind: 'punct', text: '/regex/' });
    } else if (/[\w$]/.test(c)) {
      // A word: an identifier, a keyword or a number.
      const start = i;
      while (i < n && /[\w$]/.test(code[i]!)) i++;
      tokens.push({ kind: 'word', text: code.slice(start, i) });
    } else if (/\s/.test(c)) {
      i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
          templateDepths.pop();
          i++;
          skipTemplate();
          continue;
        }
      }
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);

/** Whether a `/` after this token starts a regular expression rather than dividing. */
function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'word') return REGEX_AFTER_WORDS.has(previous.text);
  if (previous.kind === 'string' || previous.text === '/regex/' || previous.text === '`') return false;
  return !')]}'.includes(previous.text);
}
