/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- e2e test tooling runs n8n */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse as parseFlatted } from 'flatted';

import { phase, REPO_ROOT, run, runAsync, type Toolchain } from './toolchain';

/** Packs this package as npm would publish it, and says how big it is. */
export function packPackage(): { tarball: string; size: number; files: string[] } {
	const destination = mkdtempSync(join(tmpdir(), 'qr-pack-'));
	const [packed] = JSON.parse(
		run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT }),
	) as Array<{
		filename: string;
		size: number;
		files: Array<{ path: string }>;
	}>;
	phase(
		`packed ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KiB, ${packed.files.length} files`,
	);
	return {
		tarball: join(destination, packed.filename),
		size: packed.size,
		files: packed.files.map((file) => file.path),
	};
}

/** A fresh n8n user folder with this package installed the way n8n installs community packages. */
export class N8nInstance {
	readonly userFolder: string;
	readonly encryptionKey = randomBytes(24).toString('hex');
	/** The one folder n8n's file nodes may use (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir = '';

	constructor(
		private readonly toolchain: Toolchain,
		tarball: string,
		/** Environment for every n8n command of this instance (a database, queue mode, ...). */
		private readonly instanceEnv: Record<string, string> = {},
	) {
		this.userFolder = mkdtempSync(join(tmpdir(), 'qr-n8n-'));
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
		run('npm', ['install', tarball, '--ignore-scripts', '--omit=peer', '--no-audit', '--no-fund'], {
			cwd: nodesDir,
		});
		phase(`installed the package into ${nodesDir}`);
	}

	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return {
			PATH: `${join(this.toolchain.nodeDir, 'bin')}:${process.env.PATH}`,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			N8N_LOG_LEVEL: 'info',
			...this.toolchain.n8nEnv,
			...this.instanceEnv,
			...extra,
		};
	}

	async cli(args: string[]): Promise<string> {
		return await runAsync(this.toolchain.nodeBin, [this.toolchain.n8nBin, ...args], {
			// `n8n execute` starts a task broker too, on 5679 by default: the other e2e worker's n8n
			// may hold it at that very moment
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
			cwd: this.userFolder,
		});
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflow(workflow: { id: string }): Promise<void> {
		const file = join(this.userFolder, `workflow-${workflow.id}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	async publishWorkflow(workflowId: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${workflowId}`]);
	}

	/**
	 * An n8n command as a long-running child (`start`, `worker`), with this instance's environment
	 * and `extraEnv`; everything it prints is kept in `output`.
	 */
	spawn(args: string[], extraEnv: Record<string, string> = {}): N8nProcess {
		const child = spawn(this.toolchain.nodeBin, [this.toolchain.n8nBin, ...args], {
			env: this.env(extraEnv),
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const output: string[] = [];
		child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		return { child, output };
	}

	/** `n8n start` on loopback; resolves once n8n says it is ready. */
	async startServer(extraEnv: Record<string, string> = {}): Promise<N8nServer> {
		const port = await freePort();
		const started = Date.now();
		const { child, output } = this.spawn(['start'], {
			N8N_PORT: String(port),
			// n8n's task broker listens on 5679 by default: another n8n on this machine may have it
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			...extraEnv,
		});
		const server = new N8nServer(child, `http://127.0.0.1:${port}`, output);
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`n8n start exited:\n${output.join('').slice(-4000)}`);
			if (Date.now() - started > 180_000) {
				await server.stop();
				throw new Error(`n8n was not ready in 3 minutes:\n${output.join('').slice(-4000)}`);
			}
			const ready = await fetch(`${server.url}/healthz/readiness`).then(
				(response) => response.ok,
				() => false,
			);
			if (ready) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		phase(`n8n start: ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${server.url}`);
		return server;
	}

	/** Runs an imported workflow with `n8n execute` and gives its run data. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		return parseExecuteOutput(await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']));
	}
}

export interface N8nProcess {
	child: ChildProcess;
	/** Everything the process printed so far. */
	output: string[];
}

/** An execution as n8n's REST API gives it, its run data unpacked. */
export interface StoredExecution {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt?: string;
	data: ExecutionResult['data'];
}

/** An execution as n8n's list of executions gives it. */
export interface ExecutionSummary {
	id: string;
	status: string;
	mode?: string;
	/** When a waiting execution is due (ISO time), else null. */
	waitTill?: string | null;
}

/** A running n8n server, with the owner's session once set up. */
export class N8nServer {
	private cookie = '';

	constructor(
		private readonly child: ChildProcess,
		readonly url: string,
		/** Everything the server printed so far. */
		readonly output: string[] = [],
	) {}

	/** The server's process ID (to read its memory from /proc, say). */
	get pid(): number {
		return this.child.pid!;
	}

	/** An execution with its run data (stored by n8n in its "flatted" form). */
	async execution(id: string): Promise<StoredExecution> {
		const { data } = (await this.get(`/rest/executions/${id}`)) as {
			data: Omit<StoredExecution, 'data'> & { data: string };
		};
		return { ...data, data: parseFlatted(data.data) as StoredExecution['data'] };
	}

	async setupOwner(): Promise<void> {
		const response = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				email: 'owner@example.com',
				firstName: 'E2E',
				lastName: 'Owner',
				password: `E2e-${randomBytes(8).toString('hex')}`,
			}),
		});
		if (!response.ok)
			throw new Error(`owner setup: HTTP ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.getSetCookie?.() ?? [])
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/**
	 * The owner's session of an earlier server on the same user folder (n8n restarted): n8n keeps
	 * the secret that signs sessions in its database, so the session outlives the restart.
	 */
	continueSession(earlier: N8nServer): void {
		this.cookie = earlier.cookie;
	}

	/** A workflow's executions, newest first, without their run data. */
	async executionsOf(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { data } = (await this.get(`/rest/executions?filter=${filter}&limit=50`)) as {
			data: { results: ExecutionSummary[] };
		};
		return data.results;
	}

	/** The owner's session cookies, for a browser. */
	sessionCookies(): Array<{ name: string; value: string }> {
		return this.cookie
			.split('; ')
			.filter(Boolean)
			.map((pair) => {
				const [name, ...value] = pair.split('=');
				return { name, value: value.join('=') };
			});
	}

	async get(path: string): Promise<unknown> {
		const response = await fetch(`${this.url}${path}`, { headers: { Cookie: this.cookie } });
		if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
		return await response.json();
	}

	async post(
		path: string,
		body: unknown,
		withSession = true,
	): Promise<{ status: number; body: unknown }> {
		const response = await fetch(`${this.url}${path}`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				...(withSession ? { Cookie: this.cookie } : {}),
			},
			body: JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: parseJsonOrText(text) };
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(timer);
	}
}

function parseJsonOrText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export interface ExecutionResult {
	data: {
		resultData: {
			error?: { message: string };
			runData: Record<
				string,
				Array<{
					data?: {
						main: Array<Array<{
							json: Record<string, unknown>;
							binary?: Record<
								string,
								{
									fileName?: string;
									mimeType?: string;
									fileSize?: string;
									bytes?: number;
									/** Where n8n stored the bytes (n8n 2.x: filesystem-v2:...). */
									id?: string;
									/** The bytes in base64 when n8n keeps them in the item (1.x's default). */
									data?: string;
								}
							>;
							pairedItem?: unknown;
						}> | null>;
					};
					error?: { message: string };
				}>
			>;
		};
	};
}

/** `n8n execute` prints log lines around the JSON: take the outermost JSON object. */
export function parseExecuteOutput(stdout: string): ExecutionResult {
	const start = stdout.indexOf('{');
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start)
		throw new Error(`n8n execute printed no run data:\n${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(start, end + 1)) as ExecutionResult;
}
