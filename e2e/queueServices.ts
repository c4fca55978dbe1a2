/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- e2e test tooling runs Redis, Postgres and n8n workers */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, type N8nInstance } from './n8n';
import { postgresBinaries } from './prerequisites';
import { run, type Toolchain } from './toolchain';

/** What n8n's queue mode needs besides n8n: Debian's Redis and PostgreSQL, on loopback. */

async function until(what: string, ready: () => Promise<boolean>, ms: number): Promise<void> {
	const started = Date.now();
	while (!(await ready())) {
		if (Date.now() - started > ms) throw new Error(`${what}: not ready in ${ms / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** A private redis-server in the foreground, as this process's child: nothing to find later. */
export class Redis {
	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		private readonly dir: string,
		readonly output: string[],
	) {}

	static async start(): Promise<Redis> {
		const dir = mkdtempSync(join(tmpdir(), 'qr-queue-redis-'));
		const port = await freePort();
		const child = spawn(
			'redis-server',
			[
				'--bind',
				'127.0.0.1',
				'--port',
				String(port),
				'--dir',
				dir,
				'--save',
				'',
				'--appendonly',
				'no',
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const output: string[] = [];
		child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
		const redis = new Redis(child, port, dir, output);
		let ready = false;
		try {
			await until(
				'redis-server',
				async () => {
					if (child.exitCode !== null)
						throw new Error(`redis-server exited:\n${output.join('').slice(-2000)}`);
					const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
						encoding: 'utf8',
					});
					return ping.stdout?.trim() === 'PONG';
				},
				10_000,
			);
			ready = true;
		} finally {
			if (!ready) await redis.stop();
		}
		return redis;
	}

	async stop(): Promise<void> {
		await stopChild(this.child, 5_000);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * A private PostgreSQL cluster in a temporary folder, started with pg_ctl (no systemd here).
 * initdb refuses root: as root, the cluster belongs to Debian's `postgres` user.
 */
export class Postgres {
	static readonly database = 'n8n';
	static readonly user = 'n8n';

	private constructor(
		private readonly bin: string,
		private readonly dir: string,
		readonly port: number,
	) {}

	/** Newest /usr/lib/postgresql/<version>/bin, unless QUICKROUTER_E2E_PG_BIN says otherwise. */
	static binaries(): string {
		const bin = postgresBinaries();
		if (!bin) throw new Error('no PostgreSQL server binaries: apt-get install postgresql');
		return bin;
	}

	static async start(): Promise<Postgres> {
		const bin = Postgres.binaries();
		const dir = mkdtempSync(join(tmpdir(), 'qr-queue-pg-'));
		if (process.getuid?.() === 0) run('chown', ['-R', 'postgres:postgres', dir]);
		const port = await freePort();
		const postgres = new Postgres(bin, dir, port);
		let ready = false;
		try {
			postgres.asOwner('initdb', [
				'-D',
				join(dir, 'data'),
				'-U',
				Postgres.user,
				'-A',
				'trust',
				'-E',
				'UTF8',
				'--no-locale',
			]);
			// A throwaway database: durability settings off, for speed on a small CI machine.
			postgres.asOwner('pg_ctl', [
				'-D',
				join(dir, 'data'),
				'-l',
				join(dir, 'postgres.log'),
				'-w',
				'-o',
				`-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
				'start',
			]);
			run(join(bin, 'createdb'), [
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				Postgres.user,
				Postgres.database,
			]);
			ready = true;
		} finally {
			if (!ready) await postgres.stop();
		}
		return postgres;
	}

	/** n8n's settings for this database. */
	n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: Postgres.database,
			DB_POSTGRESDB_USER: Postgres.user,
			// trust authentication: any password is accepted, n8n just wants one
			DB_POSTGRESDB_PASSWORD: 'n8n',
		};
	}

	async stop(): Promise<void> {
		if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) {
			try {
				this.asOwner('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
			} catch (error) {
				process.stdout.write(`[e2e] postgres stop: ${(error as Error).message}\n`);
			}
		}
		rmSync(this.dir, { recursive: true, force: true });
	}

	private asOwner(command: string, args: string[]): string {
		const binary = join(this.bin, command);
		return process.getuid?.() === 0
			? run('runuser', ['-u', 'postgres', '--', binary, ...args], { cwd: this.dir })
			: run(binary, args, { cwd: this.dir });
	}
}

/** Whether this machine lets a process have its own hostname (root with CAP_SYS_ADMIN). */
function canUnshareUts(): boolean {
	return spawnSync('unshare', ['--uts', 'true']).status === 0;
}

/** `n8n worker`, with its own task-broker and health ports, and its own hostname if it can. */
export class N8nWorker {
	readonly output: string[] = [];

	private constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		readonly healthUrl: string,
	) {
		child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
	}

	/**
	 * Spawns the worker and hands it to `track` at once (so that a failed start is still stopped),
	 * then waits for its /healthz/readiness (database and Redis connected).
	 */
	static async start(
		n8n: N8nInstance,
		toolchain: Toolchain,
		name: string,
		options: { concurrency: number; env?: Record<string, string> },
		track: (worker: N8nWorker) => void,
	): Promise<N8nWorker> {
		const healthPort = await freePort();
		const env = n8n.env({
			// Every n8n process starts a task broker; the default port (5679) would clash.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			// The worker's HTTP server defaults to 5678, main's port.
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: join(n8n.userFolder, `n8nEventLog-${name}.log`),
			...options.env,
		});
		const command = [
			toolchain.nodeBin,
			toolchain.n8nBin,
			'worker',
			`--concurrency=${options.concurrency}`,
		];
		// In a container n8n names a worker "worker-<hostname>": with one hostname for both, main
		// warns that two instances share a hostId. A UTS namespace gives each its own.
		const child = canUnshareUts()
			? spawn('unshare', ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', name, ...command], {
					env,
					cwd: n8n.userFolder,
					stdio: ['ignore', 'pipe', 'pipe'],
				})
			: spawn(command[0], command.slice(1), {
					env,
					cwd: n8n.userFolder,
					stdio: ['ignore', 'pipe', 'pipe'],
				});
		const worker = new N8nWorker(name, child, `http://127.0.0.1:${healthPort}`);
		track(worker);
		await until(
			`n8n worker ${name}`,
			async () => {
				if (child.exitCode !== null)
					throw new Error(`n8n worker ${name} exited:\n${worker.text().slice(-4000)}`);
				return await fetch(`${worker.healthUrl}/healthz/readiness`).then(
					(response) => response.ok,
					() => false,
				);
			},
			180_000,
		);
		return worker;
	}

	text(): string {
		return this.output.join('');
	}

	/** Execution IDs from the worker's "Worker started execution <id> (job <jobId>)" lines. */
	startedExecutions(): string[] {
		return [...this.text().matchAll(/Worker started execution (\d+) \(job /g)].map(
			(match) => match[1],
		);
	}

	/** The same, from "Worker finished execution <id> (job <jobId>)". */
	finishedExecutions(): string[] {
		return [...this.text().matchAll(/Worker finished execution (\d+) \(job /g)].map(
			(match) => match[1],
		);
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async stop(): Promise<void> {
		await stopChild(this.child, 40_000);
	}
}
