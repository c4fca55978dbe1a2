/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a command-line script, not node code */
/**
 * npm run dev: what `n8n-node dev` does, on the pinned n8n (n8n@latest cannot be installed
 * here): builds the package, starts n8n on 127.0.0.1 with the package linked as a custom extension,
 * recompiles on every change (tsc --watch) and lets n8n reload the nodes (N8N_DEV_RELOAD).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ensureToolchain, phase, run } from '../e2e/toolchain';

const ROOT = resolve(__dirname, '..', '..');
const PORT = process.env.N8N_PORT ?? '5678';

function main(): void {
	const toolchain = ensureToolchain();
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
	const watcher = spawn('npx', ['tsc', '--watch', '--preserveWatchOutput', '-p', 'tsconfig.json'], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	const n8n = spawn(toolchain.nodeBin, [toolchain.n8nBin, 'start'], {
		cwd: userFolder,
		stdio: 'inherit',
		env: {
			...process.env,
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
		`\nn8n is starting at http://127.0.0.1:${PORT} (data in .dev/). Edit the node; it rebuilds and reloads. Ctrl+C stops.\n`,
	);
	const stop = () => {
		watcher.kill('SIGTERM');
		n8n.kill('SIGTERM');
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.on('exit', (code) => {
		watcher.kill('SIGTERM');
		process.exit(code ?? 0);
	});
}

main();
