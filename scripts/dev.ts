/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a command-line script, not node code */
/**
 * npm run dev: what `n8n-node dev` does, on the pinned n8n (n8n@latest cannot be installed
 * here): builds the package, starts n8n on 127.0.0.1 with the package linked as a custom extension,
 * recompiles on every change (tsc --watch) and lets n8n reload the nodes (N8N_DEV_RELOAD).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { installToolchain, phase, REPO_ROOT, run, type Toolchain } from '../e2e/toolchain';

const ROOT = REPO_ROOT;
const PORT = process.env.N8N_PORT ?? '5678';

async function main(): Promise<void> {
	const toolchain = await installToolchain();
	phase('building the package');
	run('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });

	const userFolder = process.env.QUICKROUTER_DEV_FOLDER ?? join(ROOT, '.dev');
	// As n8n-node dev does: a custom-extensions folder whose node_modules links to this package,
	// so n8n loads it under its real name and its hot reload watches it.
	const customDir = join(userFolder, 'custom');
	const link = join(customDir, 'node_modules', 'n8n-nodes-quickrouter');
	mkdirSync(join(customDir, 'node_modules'), { recursive: true });
	writeFileSync(
		join(customDir, 'package.json'),
		JSON.stringify({ name: 'dev-custom-nodes', private: true }),
	);
	if (!existsSync(link)) symlinkSync(ROOT, link, 'dir');
	// tsc itself, not through npx: npx runs it under `npm exec` and `sh`, and a signal to npx does
	// not reach tsc, which then kept running after the dev loop had stopped.
	const watcher = spawn(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc', { paths: [ROOT] }),
			'--watch',
			'--preserveWatchOutput',
			...(process.stdout.isTTY ? ['--pretty'] : []),
			'-p',
			'tsconfig.json',
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let n8n: ChildProcess | undefined;
	let stopping = false;
	// tsc's first pass writes every file of dist/ again: n8n loading the node meanwhile read a file
	// tsc had just emptied ("Class could not be found") and exited. So n8n starts after that pass.
	let seen = '';
	watcher.stdout!.on('data', (chunk: Buffer) => {
		process.stdout.write(chunk);
		if (n8n || stopping) return;
		seen = (seen + chunk.toString()).slice(-200);
		if (!seen.includes('Watching for file changes.')) return;
		n8n = startN8n(toolchain, userFolder, customDir);
		n8n.on('exit', (code) => {
			watcher.kill('SIGTERM');
			process.exit(code ?? 0);
		});
	});
	watcher.on('exit', (code) => {
		if (!n8n) process.exit(stopping ? 0 : (code ?? 1));
	});
	const stop = () => {
		stopping = true;
		watcher.kill('SIGTERM');
		if (!n8n) return;
		n8n.kill('SIGTERM');
		// n8n stops its task runner itself; should its shutdown hang, do not leave it running.
		setTimeout(() => n8n?.kill('SIGKILL'), 45_000).unref();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

function startN8n(toolchain: Toolchain, userFolder: string, customDir: string): ChildProcess {
	const n8n = spawn(toolchain.nodeBin, [toolchain.n8nBin, 'start'], {
		cwd: userFolder,
		stdio: 'inherit',
		env: {
			...process.env,
			// n8n reads NODE_ENV=test (which jest sets, and children inherit) as "inside n8n's own
			// tests": its logger goes silent and it refuses to load nodes, so it exits 1 without a word.
			// Unset means development to n8n: say so, whatever the caller had.
			NODE_ENV: 'development',
			PATH: `${join(toolchain.nodeDir, 'bin')}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			N8N_CUSTOM_EXTENSIONS: customDir,
			N8N_DEV_RELOAD: 'true',
			N8N_PORT: PORT,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
		},
	});
	console.log(
		`\nn8n is starting at http://127.0.0.1:${PORT} (data in ${userFolder}). Edit the node; it rebuilds and reloads. Ctrl+C stops.\n`,
	);
	return n8n;
}

main().catch((error: Error) => {
	console.error(`npm run dev failed: ${error.message}`);
	process.exit(1);
});
