/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the repository's own files */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_OLDEST_VERSION, N8N_VERSION } from '../e2e/toolchain';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	engines?: { n8n?: string };
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const compatibility = readme.slice(
	readme.indexOf('## Compatibility'),
	readme.indexOf('\n## ', readme.indexOf('## Compatibility') + 1),
);

// The oldest n8n the package supports is said in one place a machine reads (package.json) and
// proved by the e2e, which runs the CLI scenarios in that n8n line: the two must not drift apart.
describe('the n8n versions the package supports', () => {
	it('package.json says the oldest n8n line the e2e runs in', () => {
		const [major, minor] = N8N_OLDEST_VERSION.split('.');
		expect(manifest.engines?.n8n).toBe(`>=${major}.${minor}.0`);
	});

	it('the README names the oldest supported line and both n8n versions tested', () => {
		const [major, minor] = N8N_OLDEST_VERSION.split('.');
		expect(compatibility).toContain(`from **n8n ${major}.${minor}**`);
		expect(compatibility).toContain(`n8n ${N8N_OLDEST_VERSION}`);
		expect(compatibility).toContain(`n8n ${N8N_VERSION}`);
	});
});
