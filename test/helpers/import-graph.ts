// The relative-import graph of a TypeScript source tree and its cycles (DESIGN.md §1: imports
// only point down, so no module may reach itself again through its imports).
//
// Every import is an edge, `import type` and `export type … from` included: a type-only import
// does not create a cycle at run time, but it still makes the lower module depend on the higher
// one, which is what the layering rule forbids. Imports are read with the TypeScript parser
// (not a regex), so examples inside comments and strings never count.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import of one file: the file it resolves to, and whether it imports types only. */
export interface ImportEdge {
  readonly to: string;
  readonly typeOnly: boolean;
}

/** File (relative to the root, `/`-separated) → the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts|tsx)$/.test(name) && !/\.d\.[mc]?ts$/.test(name) ? [p] : [];
  });
}

/** Module specifiers of a file, each marked type-only or not. */
export function importsOf(fileName: string, text: string): { readonly specifier: string; readonly typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      // `import { type A, type B } from` is as type-only as `import type { A, B } from`.
      const allTypes = clause !== undefined && clause.name === undefined && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: clause?.isTypeOnly === true || allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const allTypes = named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allTypes });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names (moduleResolution Bundler: `x.ts`, `x/index.ts`, `x.js` → `x.ts`). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, `${stem}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => /\.(ts|mts|cts|tsx)$/.test(c) && existsSync(c) && statSync(c).isFile());
}

/** The graph of relative imports between the source files under `dir` (paths relative to `root`). */
export function importGraph(root: string, dir: string): ImportGraph {
  const name = (p: string): string => relative(root, p).split(sep).join('/');
  const graph = new Map<string, ImportEdge[]>();
  for (const file of sourceFiles(join(root, dir))) {
    const edges: ImportEdge[] = [];
    for (const { specifier, typeOnly } of importsOf(file, readFileSync(file, 'utf8'))) {
      // Data (a JSON fixture) is a leaf: it imports nothing.
      if (!specifier.startsWith('.') || specifier.endsWith('.json')) continue;
      const target = resolveRelative(file, specifier);
      if (target === undefined) throw new Error(`${name(file)}: cannot resolve ${specifier}`);
      edges.push({ to: name(target), typeOnly });
    }
    graph.set(name(file), edges);
  }
  return graph;
}

/** One import cycle: the files of a strongly connected component and one closed path through them. */
export interface ImportCycle {
  /** The files that reach each other, sorted. */
  readonly files: readonly string[];
  /** A shortest closed path, `a → b → a`; a file reached through a type-only import is marked `(type)`. */
  readonly path: string;
}

/** Every import cycle in `graph` (Tarjan's strongly connected components, then a shortest loop). */
export function findCycles(graph: ImportGraph): ImportCycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((files) => ({ files, path: shortestLoop(graph, files) }));
}

function shortestLoop(graph: ImportGraph, files: readonly string[]): string {
  const inside = new Set(files);
  const start = files[0]!;
  // Breadth-first from `start` inside the component until an edge returns to it.
  const previous = new Map<string, { from: string; typeOnly: boolean }>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const { to, typeOnly } of graph.get(v) ?? []) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const steps: string[] = [`${start}${typeOnly ? ' (type)' : ''}`];
        for (let at = v; at !== start; at = previous.get(at)!.from) steps.push(`${at}${previous.get(at)!.typeOnly ? ' (type)' : ''}`);
        return [start, ...steps.reverse()].join(' → ');
      }
      if (!previous.has(to) && to !== start) {
        previous.set(to, { from: v, typeOnly });
        queue.push(to);
      }
    }
  }
  return files.join(' ↔ ');
}
