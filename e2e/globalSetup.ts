/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test tooling */
import { packPackage } from './n8n';
import { assertPrerequisites } from './prerequisites';
import { installToolchains, phase, REPO_ROOT, run } from './toolchain';

/**
 * Once per e2e run: the machine's own prerequisites checked first (Chromium, Redis, PostgreSQL),
 * then Node 24 and n8n, and the oldest n8n supported (both cached), then this package built and
 * packed.
 */
export default async function globalSetup(): Promise<void> {
	assertPrerequisites();
	await installToolchains();
	phase('building the package (n8n-node build)');
	run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const packed = packPackage();
	process.env.QUICKROUTER_E2E_TARBALL = packed.tarball;
	process.env.QUICKROUTER_E2E_PACKED_FILES = JSON.stringify(packed.files);
}
