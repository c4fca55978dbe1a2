/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test tooling looks for programs on this machine */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * What `npm run test:e2e` needs from the machine beside Node and n8n (which it installs itself):
 * checked before anything else, so that a missing program is named with its package at once,
 * not found deep inside a test.
 */
export interface Prerequisite {
	what: string;
	/** Debian's packages that bring it. */
	packages: string[];
}

type Environment = Partial<Record<string, string>>;

function onPath(program: string, env: Environment): boolean {
	return (env.PATH ?? '')
		.split(delimiter)
		.some((folder) => folder !== '' && existsSync(join(folder, program)));
}

/** The newest /usr/lib/postgresql/<version>/bin with initdb, or QUICKROUTER_E2E_PG_BIN. */
export function postgresBinaries(env: Environment = process.env): string | undefined {
	if (env.QUICKROUTER_E2E_PG_BIN) {
		return existsSync(join(env.QUICKROUTER_E2E_PG_BIN, 'initdb'))
			? env.QUICKROUTER_E2E_PG_BIN
			: undefined;
	}
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const [newest] = readdirSync(root)
		.filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return newest ? join(root, newest, 'bin') : undefined;
}

export function chromiumPath(env: Environment = process.env): string {
	return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function missingPrerequisites(env: Environment = process.env): Prerequisite[] {
	const missing: Prerequisite[] = [];
	if (!existsSync(chromiumPath(env))) {
		missing.push({
			what: `Chromium at ${chromiumPath(env)} (the editor tests; CHROMIUM_PATH moves it)`,
			packages: ['chromium', 'fonts-dejavu-core'],
		});
	}
	if (!onPath('redis-server', env)) {
		missing.push({ what: 'redis-server (queue mode)', packages: ['redis-server'] });
	}
	if (!postgresBinaries(env)) {
		missing.push({
			what: 'PostgreSQL server binaries, initdb and postgres (queue mode; QUICKROUTER_E2E_PG_BIN moves them)',
			packages: ['postgresql'],
		});
	}
	if (!onPath('openssl', env)) {
		missing.push({ what: 'openssl (a self-signed https host)', packages: ['openssl'] });
	}
	return missing;
}

/** Throws an error that names each missing program and the command that installs them all. */
export function assertPrerequisites(env: Environment = process.env): void {
	const missing = missingPrerequisites(env);
	if (missing.length === 0) return;
	const packages = [...new Set(missing.flatMap((item) => item.packages))].join(' ');
	throw new Error(
		[
			'npm run test:e2e needs programs this machine does not have:',
			...missing.map((item) => `  - ${item.what}: Debian package ${item.packages.join(', ')}`),
			`Install them with: sudo apt-get install -y --no-install-recommends ${packages}`,
		].join('\n'),
	);
}
