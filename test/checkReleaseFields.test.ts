/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code: runs the release guard on scratch copies of package.json */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The release step's guard (scripts/checkReleaseFields.mjs): nothing is published while the
 * package's author, repository or homepage are placeholders.
 */

const ROOT = resolve(__dirname, '..');
const GUARD = join(ROOT, 'scripts', 'checkReleaseFields.mjs');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let scratch = '';
beforeAll(() => {
	scratch = mkdtempSync(join(tmpdir(), 'qr-release-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function guard(manifest: object) {
	const path = join(scratch, `package-${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(path, JSON.stringify(manifest));
	const run = spawnSync(process.execPath, [GUARD, path], { encoding: 'utf8' });
	return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

const FILLED = {
	author: { name: 'Ada Maintainer', email: 'ada@example.org' },
	repository: { type: 'git', url: 'git+https://github.com/ada/n8n-nodes-quickrouter.git' },
	homepage: 'https://github.com/ada/n8n-nodes-quickrouter#readme',
};

describe('the release guard', () => {
	it('refuses while author, repository and homepage are placeholders, naming each', () => {
		const { code, output } = guard({
			...MANIFEST,
			author: { name: 'OWNER', email: 'OWNER@users.noreply.github.com' },
			repository: { type: 'git', url: 'git+https://github.com/OWNER/n8n-nodes-quickrouter.git' },
			homepage: 'https://github.com/OWNER/n8n-nodes-quickrouter#readme',
		});
		expect(code).toBe(1);
		expect(output).toMatch(
			/^Not publishing: author, repository, homepage in .* are still a placeholder/,
		);
	});

	it.each([
		['the author', { author: { name: 'Ada Maintainer', email: 'OWNER@users.noreply.github.com' } }],
		['the repository', { repository: { type: 'git', url: 'git+https://github.com/OWNER/x.git' } }],
		['an empty homepage', { homepage: ' ' }],
		['a missing homepage', { homepage: undefined }],
	])('refuses when only %s is left', (_name, change) => {
		const { code, output } = guard({ ...MANIFEST, ...FILLED, ...change });
		expect(code).toBe(1);
		expect(output).toMatch(/^Not publishing: (author|repository|homepage) in /);
	});

	it('lets a release through once all three are filled in', () => {
		const { code, output } = guard({ ...MANIFEST, ...FILLED });
		expect(output).toContain('Release fields filled in: author, repository, homepage');
		expect(code).toBe(0);
	});

	it('guards the release and the publish scripts of this package', () => {
		expect(MANIFEST.scripts.release).toMatch(/^node scripts\/checkReleaseFields\.mjs && /);
		expect(MANIFEST.scripts.prepublishOnly).toMatch(/^node scripts\/checkReleaseFields\.mjs && /);
	});
});
