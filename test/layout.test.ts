/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: reads the source tree */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { FAMILIES } from '../nodes/QuickRouter/models/catalogue';

/**
 * The node's code reads top-down (operations -> model rules -> sending -> input checks -> task
 * reading -> transport -> the run's state): no module imports one above it, and none imports
 * itself back through others.
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

	// Top-down, as a request flows: the operations; the model catalogue (each family's models,
	// fields, rules and routes); how an item is sent (takeOverRequest: its input checked, its
	// request sent once); the input checks and the one reader of sheet cells; what follows (wait,
	// download, simplify, on the checked values); the transport under them all (where the API is,
	// the one task read, its gate, retries, errors, answer shapes, and the shape of a family's
	// routes, handed down from the catalogue); the run's state.
	const LAYERS = ['resources', 'models', 'sending', 'input', 'tasks', 'transport', 'run'];
	const NODE_FOLDER = join(ROOT, 'nodes', 'QuickRouter');
	/** A file's layer: its folder's place in LAYERS (the node's own file is above them all). */
	const layerOf = (file: string) => {
		const folder = relative(NODE_FOLDER, file).split(sep)[0];
		return LAYERS.includes(folder) ? LAYERS.indexOf(folder) : -1;
	};

	it('has every folder of the node in its place in the layers', () => {
		const folders = readdirSync(NODE_FOLDER).filter((name) =>
			statSync(join(NODE_FOLDER, name)).isDirectory(),
		);
		expect(folders.sort()).toEqual([...LAYERS].sort());
	});

	const nodeSources = () => files.filter((file) => file.startsWith(NODE_FOLDER));
	const linesWith = (pattern: RegExp, except: string[] = []) =>
		nodeSources()
			.filter((file) => !except.includes(relative(NODE_FOLDER, file)))
			.flatMap((file) =>
				readFileSync(file, 'utf8')
					.split('\n')
					.filter((line) => pattern.test(line))
					.map((line) => `${relative(ROOT, file)}: ${line.trim()}`),
			);

	it('flows one way: no step reads the node parameters again, once they are checked', () => {
		// the input check (input/checkRunInput) reads the node's parameters once per run, for every
		// item; all that follows is given the item's checked values
		expect(linesWith(/getNodeParameter\(/)).toEqual([]);
	});

	it('reads sheet cells in one place: leniency for messy input lives in input/cells', () => {
		expect(nodeSources().some((file) => file.endsWith(join('input', 'cells.ts')))).toBe(true);
		expect(
			linesWith(/z\.preprocess\(|z\.custom\b|\bkindOf\(/, [join('input', 'cells.ts')]),
		).toEqual([]);
	});

	it('states a family in one place: its models, fields and routes in its own file of models/', () => {
		for (const family of FAMILIES) {
			const file = join(NODE_FOLDER, 'models', `${family.id}.ts`);
			expect({ family: family.id, file: existsSync(file) }).toEqual({
				family: family.id,
				file: true,
			});
			expect(readFileSync(file, 'utf8')).toContain(`id: '${family.id}'`);
			expect(typeof family.routes.createRequest).toBe('function');
		}
	});

	it('reads top-down: no module imports one from a layer above its own', () => {
		const upward = files
			.filter((file) => file.startsWith(NODE_FOLDER))
			.flatMap((file) =>
				importsOf(file)
					.filter((imported) => layerOf(imported) < layerOf(file))
					.map((imported) => `${relative(ROOT, file)} -> ${relative(ROOT, imported)}`),
			);
		expect(upward).toEqual([]);
	});
});
