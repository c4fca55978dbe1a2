/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- e2e test of npm run dev */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	lstatSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	unlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import { QuickRouter } from '../nodes/QuickRouter/QuickRouter.node';
import { freePort, N8nServer } from './n8n';
import { phase } from './toolchain';

/**
 * `npm run dev`: n8n on loopback with the package linked, recompiled and reloaded on change.
 * It runs in a copy of the checkout: the test edits a source file, and others build and test in
 * this checkout at the same time (they must neither see the edit nor race its dist/). The copy
 * shares node_modules through a link; dropping the copy is the whole clean-up.
 */

const REPO = join(__dirname, '..');
// Generated or local-only: rebuilt by the dev script in the copy, or of no use to it.
const NOT_COPIED = new Set([
	'node_modules',
	'.git',
	'dist',
	'.build',
	'.dev',
	'.artifacts',
	'coverage',
	'demo-output',
]);
const NODE_SOURCE = join('nodes', 'QuickRouter', 'QuickRouter.node.ts');
const NODE_BUILD = join('dist', 'nodes', 'QuickRouter', 'QuickRouter.node.js');
// The node's own subtitle, as its source spells it: the test edits it and waits for n8n to serve the edit.
const DESCRIPTION = new QuickRouter().description.description;
const DEV_NODE_TYPE = 'CUSTOM.quickRouter';
const RELOADED = 'Hot reload triggered for CUSTOM';
const WATCHING = 'Watching for file changes.';
const START_TIMEOUT_MS = 240_000;

let copy = '';
let devFolder = '';
let dev: ChildProcess | undefined;
let server: N8nServer;
let url = '';
const output: string[] = [];
const log = () => output.join('');

async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
): Promise<T> {
	const started = Date.now();
	for (;;) {
		if (dev && (dev.exitCode !== null || dev.signalCode !== null))
			throw new Error(`npm run dev exited while waiting for ${what}:\n${log().slice(-4000)}`);
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() - started > timeoutMs)
			throw new Error(`no ${what} in ${timeoutMs / 1000} s:\n${log().slice(-4000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

const count = (text: string, part: string) => text.split(part).length - 1;

function isLink(path: string): boolean {
	try {
		return lstatSync(path).isSymbolicLink();
	} catch {
		return false;
	}
}

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	state: string;
	/** Start time in clock ticks since boot: tells a process from a later one with its pid. */
	started: string;
	argv: string[];
	command: string;
}

/** Every process on the machine, from /proc. */
function processes(): ProcessInfo[] {
	const found: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name may hold spaces and brackets: the fields start after the last ')'.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
			found.push({
				pid: Number(entry),
				state: fields[0],
				ppid: Number(fields[1]),
				pgid: Number(fields[2]),
				started: fields[19],
				argv,
				command: argv.join(' '),
			});
		} catch {
			// gone meanwhile
		}
	}
	return found;
}

/** The process and all its descendants. */
function tree(rootPid: number): ProcessInfo[] {
	const all = processes();
	const found = all.filter((info) => info.pid === rootPid);
	for (let i = 0; i < found.length; i++)
		found.push(...all.filter((info) => info.ppid === found[i].pid));
	return found;
}

/** Those of `recorded` still alive (a zombie is dead: it only waits to be reaped). */
function stillRunning(recorded: ProcessInfo[]): ProcessInfo[] {
	const now = processes();
	return recorded.filter((old) =>
		now.some((info) => info.pid === old.pid && info.started === old.started && info.state !== 'Z'),
	);
}

beforeAll(async () => {
	copy = mkdtempSync(join(tmpdir(), 'qr-dev-repo-'));
	cpSync(REPO, copy, {
		recursive: true,
		filter: (source) => !NOT_COPIED.has(relative(REPO, source).split(sep)[0]),
	});
	symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
	devFolder = mkdtempSync(join(tmpdir(), 'qr-dev-data-'));
	const port = await freePort();
	url = `http://127.0.0.1:${port}`;

	phase(`npm run dev in ${copy}, data in ${devFolder}, port ${port}`);
	const started = Date.now();
	// The environment jest gives, NODE_ENV=test and npm's variables included: the dev loop must
	// work from it (it made n8n exit without a word). Own process group: the test can find and,
	// if all else fails, end everything the dev loop started, and nothing else.
	dev = spawn('npm', ['run', 'dev'], {
		cwd: copy,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			QUICKROUTER_DEV_FOLDER: devFolder,
			N8N_PORT: String(port),
			// Every n8n starts a task broker; its default port (5679) may be another developer's.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		},
	});
	dev.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	dev.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	server = new N8nServer(dev, url, output);

	await waitFor('URL printed', () => (log().includes(url) ? true : undefined), START_TIMEOUT_MS);
	await waitFor(
		'answer on /healthz/readiness',
		async () =>
			await fetch(`${url}/healthz/readiness`).then(
				(response) => (response.ok ? true : undefined),
				() => undefined,
			),
		START_TIMEOUT_MS,
	);
	// The dev script starts n8n after tsc's first pass; waiting for it costs nothing then.
	await waitFor('tsc watching', () => (log().includes(WATCHING) ? true : undefined), 120_000);
	phase(`npm run dev: n8n ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await server.setupOwner();
});

afterAll(async () => {
	const group = dev?.pid;
	if (group !== undefined) {
		// Only when the test below did not get to stop it cleanly.
		try {
			process.kill(-group, 'SIGKILL');
		} catch {
			// the group is gone already
		}
		for (let i = 0; i < 40 && processes().some((info) => info.pgid === group); i++)
			await new Promise((resolve) => setTimeout(resolve, 250));
	}
	// Links first, so that nothing can follow them into the checkout while deleting.
	const links = [
		copy && join(copy, 'node_modules'),
		devFolder && join(devFolder, 'custom', 'node_modules', 'n8n-nodes-quickrouter'),
	];
	for (const link of links) if (link && isLink(link)) unlinkSync(link);
	if (copy) rmSync(copy, { recursive: true, force: true });
	if (devFolder) rmSync(devFolder, { recursive: true, force: true });
});

describe('npm run dev', () => {
	it('prints the URL of n8n, which answers there', async () => {
		expect(log()).toContain(`n8n is starting at ${url}`);
		// Not before tsc has written dist/ again: n8n would load half-written files.
		expect(log().indexOf(WATCHING)).toBeLessThan(log().indexOf(`n8n is starting at ${url}`));
		expect(log()).toContain(`Editor is now accessible via:\n${url}`);
		expect((await fetch(`${url}/healthz/readiness`)).status).toBe(200);
	});

	it('has the package linked in as a custom extension: its node and credential types', async () => {
		const nodeTypes = (await server.get('/types/nodes.json')) as Array<{ name: string }>;
		const credentialTypes = (await server.get('/types/credentials.json')) as Array<{
			name: string;
		}>;

		expect(nodeTypes.map((type) => type.name)).toContain(DEV_NODE_TYPE);
		expect(credentialTypes.map((type) => type.name)).toContain('quickRouterApi');
	});

	it('recompiles a changed source file, and n8n reloads the node', async () => {
		// n8n starts watching the package only after it says it is ready (its setupHotReload is
		// not awaited): a change in that gap is never seen. A file written into the package until
		// n8n reloads once tells that it watches; the edit comes after.
		const probe = join(copy, '.watch-probe');
		const reloadsAtStart = count(log(), RELOADED);
		let probed = 0;
		await waitFor(
			'reload on a new file in the package (n8n watching)',
			() => {
				if (count(log(), RELOADED) > reloadsAtStart) return true;
				// every 2 s: a reload takes about that long, and each write queues one
				if (Date.now() - probed > 2_000) {
					probed = Date.now();
					writeFileSync(probe, String(probed));
				}
				return undefined;
			},
			60_000,
		);
		unlinkSync(probe);

		const source = join(copy, NODE_SOURCE);
		const build = join(copy, NODE_BUILD);
		const builtBefore = statSync(build).mtimeMs;
		const reloadsBefore = count(log(), RELOADED);
		const changed = `${DESCRIPTION} (changed ${Date.now()})`;
		const text = readFileSync(source, 'utf8');
		expect(text).toContain(`'${DESCRIPTION}'`);

		writeFileSync(source, text.replace(`'${DESCRIPTION}'`, `'${changed}'`));
		const started = Date.now();

		await waitFor(
			'rebuild of the node',
			() => (readFileSync(build, 'utf8').includes(changed) ? true : undefined),
			60_000,
		);
		const served = await waitFor(
			'changed node type served',
			async () => {
				// n8n rewrites this file while it reloads: a request in the middle of the write gets
				// a cut-off body, which is "not yet", not a failure. By name: fetch's SyntaxError comes
				// from Node's own realm, not jest's, so instanceof misses it.
				const nodeTypes = (await server.get('/types/nodes.json').catch((error: unknown) => {
					if ((error as Error | undefined)?.name === 'SyntaxError') return [];
					throw error;
				})) as Array<{
					name: string;
					description: string;
				}>;
				const node = nodeTypes.find((type) => type.name === DEV_NODE_TYPE);
				return node?.description === changed ? node : undefined;
			},
			60_000,
		);
		phase(`npm run dev: rebuilt and reloaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

		expect(statSync(build).mtimeMs).toBeGreaterThan(builtBefore);
		expect(count(log(), RELOADED)).toBeGreaterThan(reloadsBefore);
		expect(served).toMatchObject({ name: DEV_NODE_TYPE, description: changed });
	});

	it('stops with all it started when the dev script is stopped', async () => {
		const npm = dev!;
		const running = tree(npm.pid!);
		// The node process itself, not the shell that npm starts it from.
		const script = running.find((info) => info.argv[1] === '.build/scripts/dev.js');
		expect(script).toBeDefined();
		expect(
			running.some((info) => info.command.includes('tsc') && info.command.includes('--watch')),
		).toBe(true);
		expect(running.some((info) => /\/n8n start$/.test(info.command))).toBe(true);
		const exited = new Promise<string>((resolve) => {
			npm.once('exit', (code, signal) => resolve(`exit ${code ?? signal}`));
		});

		// Only the script is signalled, as by a process manager: it must stop its children itself
		// (Ctrl+C in a terminal would signal them all).
		process.kill(script!.pid, 'SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const code = await Promise.race([
			exited,
			new Promise((resolve) => {
				timer = setTimeout(() => resolve('still running after 60 s'), 60_000);
			}),
		]);
		clearTimeout(timer);

		expect(code).toBe('exit 0');
		expect(stillRunning(running).map((info) => `${info.pid} ${info.command}`)).toEqual([]);
		expect(processes().filter((info) => info.pgid === npm.pid && info.state !== 'Z')).toEqual([]);
		expect(log()).toContain('Stopping n8n...');
		dev = undefined;
	});
});
