/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: reads the repository's documents */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'csv-parse/sync';

import { QuickRouter } from '../nodes/QuickRouter/QuickRouter.node';
import { modelById } from '../nodes/QuickRouter/models/catalogue';

/**
 * What people look at first leads with the live families: the demo sheet, the example workflows
 * and the README's editor pictures, which are the editor e2e's own screenshots.
 */

const ROOT = join(__dirname, '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
const quickRouterNodes = EXAMPLES.flatMap((file) =>
	(JSON.parse(read('examples', file)) as { nodes: ExampleNode[] }).nodes
		.filter((node) => node.type.startsWith('n8n-nodes-quickrouter.'))
		.map((node) => ({ file, node })),
);

/** The model IDs a parameter names: itself, or the fallbacks written into an expression. */
function modelsNamedIn(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	if (!value.startsWith('=')) return [value];
	return [...value.matchAll(/'([\w.-]+)'/g)].map((match) => match[1]);
}

describe('the demo sheet and the examples lead with the live families', () => {
	it('the demo sheet (npm run demo) has live models only', () => {
		const rows = parse(read('examples', 'videos.csv'), { columns: true }) as Array<{
			model: string;
		}>;
		expect(rows.length).toBeGreaterThanOrEqual(4);
		for (const { model } of rows) {
			expect({ model, known: modelById(model) !== undefined }).toEqual({ model, known: true });
			expect({ model, retired: modelById(model)?.family.retired }).toEqual({
				model,
				retired: undefined,
			});
		}
		expect(new Set(rows.map((row) => modelById(row.model)?.family.id))).toEqual(
			new Set(['veo', 'grok', 'kling', 'seedance', 'hailuo']),
		);
	});

	it('every example names live models only, on the one node version', () => {
		expect(quickRouterNodes.length).toBeGreaterThanOrEqual(5);
		for (const { file, node } of quickRouterNodes) {
			expect({ file, node: node.name, typeVersion: node.typeVersion }).toMatchObject({
				typeVersion: new QuickRouter().description.version,
			});
			for (const model of modelsNamedIn(node.parameters.model)) {
				expect({ file, model, retired: modelById(model)?.family.retired }).toEqual({
					file,
					model,
					retired: undefined,
				});
			}
			expect({ file, text: JSON.stringify(node.parameters) }).not.toMatchObject({
				text: expect.stringMatching(/sora|orientation/i),
			});
		}
	});
});

describe("the README's editor pictures", () => {
	const readme = read('README.md');
	const shown = [...readme.matchAll(/\(\.github\/images\/([\w.-]+\.png)\)/g)].map(
		(match) => match[1],
	);
	const taken = [
		...read('e2e', 'editor.e2e.test.ts').matchAll(/join\(ARTIFACTS, '([\w.-]+\.png)'\)/g),
	].map((match) => match[1]);

	it('are every screenshot the editor e2e takes, and nothing else, live models first', () => {
		expect(taken.length).toBeGreaterThanOrEqual(6);
		expect([...shown].sort()).toEqual([...taken].sort());
		expect(readdirSync(join(ROOT, '.github', 'images')).sort()).toEqual([...taken].sort());
		expect(shown[0]).toMatch(/live-model/);
		const firstSora = shown.findIndex((name) => /sora|character/.test(name));
		expect(shown.slice(firstSora).every((name) => /sora|character/.test(name))).toBe(true);
	});
});
