/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code: copies the source tree and runs the scan script */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The check CI runs (scripts/scanPackage.mjs, n8n's community-package scanner offline) passes on
 * this package and catches what n8n's verification would refuse, planted into a scratch copy.
 */

const ROOT = resolve(__dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'scanPackage.mjs');
const NODE_FILE = join('nodes', 'QuickRouter', 'QuickRouter.node.ts');

let scratch = '';

function scan(...args: string[]) {
	const run = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
	return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of what the scanner reads in a source checkout. */
function sourceCopy(name: string): string {
	const folder = join(scratch, name);
	for (const part of ['package.json', 'nodes', 'credentials', 'icons']) {
		cpSync(join(ROOT, part), join(folder, part), { recursive: true });
	}
	return folder;
}

beforeAll(() => {
	scratch = mkdtempSync(join(tmpdir(), 'qr-scan-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("n8n's community-package scanner, run offline", () => {
	it('finds nothing in the package source', () => {
		const { code, output } = scan('--source', sourceCopy('clean'));
		expect(output).toMatch(/n8n scanner, source: \d+ files, 0 findings/);
		expect(code).toBe(0);
	}, 60_000);

	it('catches a planted violation in the source: a restricted global and import, a runtime dependency', () => {
		const folder = sourceCopy('planted');
		const node = join(folder, NODE_FILE);
		writeFileSync(
			node,
			`${readFileSync(node, 'utf8')}\nimport { readFileSync } from 'fs';\nexport const leak = readFileSync(process.env.HOME ?? '');\n`,
		);
		const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
		writeFileSync(
			join(folder, 'package.json'),
			JSON.stringify({ ...manifest, dependencies: { axios: '^1.0.0' } }, null, '\t'),
		);

		const { code, output } = scan('--source', folder);
		expect(code).toBe(1);
		expect(output).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(output).toContain('@n8n/community-nodes/no-restricted-imports');
		expect(output).toContain('@n8n/community-nodes/no-runtime-dependencies');
		expect(output).toMatch(/n8n scanner, source: \d+ files, [3-9]\d* findings/);
	}, 60_000);

	it('catches a planted violation in the packed build: compiled code that evaluates text', () => {
		const folder = join(scratch, 'packed');
		mkdirSync(join(folder, 'dist'), { recursive: true });
		cpSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
		writeFileSync(
			join(folder, 'dist', 'planted.js'),
			"'use strict';\nexports.run = (text) => eval(text);\n",
		);

		const { code, output } = scan('--packed', folder);
		expect(code).toBe(1);
		expect(output).toContain('@n8n/community-nodes/no-dangerous-functions');
		expect(output).toContain('dist/planted.js');
	}, 60_000);
});
