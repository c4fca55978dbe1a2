/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test tooling */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { phase, run, runAsync, type Toolchain } from './toolchain';

const REPO = join(__dirname, '..');

/** Packs this package as npm would publish it, and says how big it is. */
export function packPackage(): { tarball: string; size: number; files: string[] } {
	const destination = mkdtempSync(join(tmpdir(), 'qr-pack-'));
	const [packed] = JSON.parse(
		run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO }),
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

	constructor(
		private readonly toolchain: Toolchain,
		tarball: string,
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
			N8N_RESTRICT_FILE_ACCESS_TO: '',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			N8N_LOG_LEVEL: 'info',
			...extra,
		};
	}

	async cli(args: string[]): Promise<string> {
		return await runAsync(this.toolchain.nodeBin, [this.toolchain.n8nBin, ...args], {
			env: this.env(),
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

	/** Runs an imported workflow with `n8n execute` and gives its run data. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		return parseExecuteOutput(await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']));
	}
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
							binary?: Record<string, { fileName?: string; mimeType?: string; fileSize?: string }>;
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
