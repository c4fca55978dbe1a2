/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: reads the source tree */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The node's code reads top-down (operations -> model rules -> sending -> task reading, with the
 * run's state at the bottom) and no module imports itself back through others.
 */

const ROOT = resolve(__dirname, '..');
const SOURCES = ['nodes', 'credentials'].map((folder) => join(ROOT, folder));

function sourceFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** The files a source file imports with a relative path (type-only imports included). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/from '(\.[^']+)'/g)]
		.map((match) => resolve(dirname(file), match[1]))
		.map((path) => (existsSync(`${path}.ts`) ? `${path}.ts` : join(path, 'index.ts')));
}

function findCircles(files: string[]): string[][] {
	const graph = new Map(files.map((file) => [file, importsOf(file)]));
	const circles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const visit = (file: string) => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'open') {
			circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)));
			return;
		}
		state.set(file, 'open');
		path.push(file);
		for (const next of graph.get(file) ?? []) visit(next);
		path.pop();
		state.set(file, 'done');
	};
	for (const file of files) visit(file);
	return circles;
}

describe('the code layout', () => {
	const files = SOURCES.flatMap(sourceFiles);

	it('reads every import it checks', () => {
		expect(files.length).toBeGreaterThan(20);
		for (const file of files) {
			for (const imported of importsOf(file))
				expect({ file, imported, found: existsSync(imported) }).toMatchObject({ found: true });
		}
	});

	it('has no import circle', () => {
		expect(findCircles(files)).toEqual([]);
	});

	it('keeps the run state at the bottom: it imports no module above it', () => {
		const runFolder = join(ROOT, 'nodes', 'QuickRouter', 'run');
		for (const file of files.filter((candidate) => candidate.startsWith(runFolder))) {
			for (const imported of importsOf(file)) {
				const allowed =
					imported.startsWith(runFolder) ||
					imported.endsWith('requestGate.ts') ||
					imported.endsWith('retryPolicy.ts');
				expect({
					file: relative(ROOT, file),
					imported: relative(ROOT, imported),
					allowed,
				}).toMatchObject({ allowed: true });
			}
		}
	});
});
