/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * npm run bench:memory: the QuickRouter node downloads a large video (300 MiB by default) in a
 * real n8n 2.41.1 (`n8n start`, binary data mode `filesystem`), while this script samples the
 * resident memory (VmRSS) of the n8n main process, where the node runs. The video streams to
 * disk, so the peak growth should stay small and not follow the video's size: a smaller video
 * (30 MiB) is measured too, for comparison. Everything is on loopback: the QuickRouter simulator
 * and a "CDN" that makes the video's bytes on the fly.
 */
import { once } from 'node:events';
import {
	closeSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

import { N8nInstance, packPackage, type N8nServer } from '../e2e/n8n';
import { installToolchain, phase, REPO_ROOT, run, type Toolchain } from '../e2e/toolchain';
import { CREDENTIAL, quickRouterNode, webhookWorkflow } from '../e2e/workflows';
import { QuickRouterSimulator } from '../test/simulator/server';
import { GENERATED_CHUNK_BYTES, generatedVideoChunk, VideoHost } from '../test/simulator/videoHost';
import { benchExitCode } from './exitCode';
import { procStatusKib, type Sample, type SamplerInput } from './memorySampler';

const MIB = 1024 * 1024;
const SIZES_MIB = (process.env.BENCH_SIZES_MB ?? '300,30').split(',').map(Number);
const TARGET_MIB = Number(process.env.BENCH_TARGET_MB ?? 64);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARMUP_RUNS = 3;
const WARMUP_BYTES = 2 * MIB;
/**
 * The process counts as settled when its RSS moved less than SETTLE_KIB over the last
 * SETTLE_WINDOW_MS. Seen here: 15-30 s after busy work, V8 gives back hundreds of MiB in steps,
 * with plateaus of up to ~9 s between them; a baseline taken before that would let the give-back
 * hide a download's growth.
 */
const SETTLE_KIB = 1024;
const SETTLE_WINDOW_MS = 20_000;
const SETTLE_MAX_MS = 180_000;

const WORKFLOW_ID = 'qrBenchMemory001';
const WEBHOOK_PATH = 'quickrouter-bench-memory';

/** One measured download. */
interface Measurement {
	bytes: number;
	baselineKib: number;
	/** The lowest and highest RSS in the settled window the baseline is the mean of. */
	baselineRangeKib: [number, number];
	/** How long the process took to settle before this run. */
	settleMs: number;
	sampledPeakKib: number;
	/** RssAnon: the baseline and the sampled peak (see Sample.anonKib). */
	anonBaselineKib: number;
	anonPeakKib: number;
	/** The kernel's own peak (VmHWM, reset just before the call); undefined if it could not be reset. */
	kernelPeakKib?: number;
	samples: number;
	maxGapMs: number;
	/** The main process's RSS at every tenth of the call's time, from start to end. */
	timelineKib: number[];
	children: { pids: number[]; names: string[]; baselineKib: number; peakKib: number };
	/** The QuickRouter node's run in n8n: the Get request, then the download into the store. */
	nodeMs: number;
	/** The webhook call, from the request until n8n answered with the node's output. */
	roundTripMs: number;
	stored: { bytes: number; fileSize: string; onDisk: number; exact: boolean };
}

/** What this benchmark reads of an execution's run data (more than e2e's type says). */
interface NodeRun {
	executionTime: number;
	error?: { message: string };
	data?: {
		main: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, { id?: string; bytes?: number; fileSize?: string }>;
		}> | null>;
	};
}

async function main(): Promise<void> {
	const toolchain = await installToolchain();
	phase('building the package (n8n-node build)');
	run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const { tarball } = packPackage();
	const simulator = await QuickRouterSimulator.start();
	const cdn = await VideoHost.start();
	simulator.settings.videoBaseUrl = cdn.url;
	const results: Measurement[][] = [];
	try {
		// One fresh n8n per size, one after another: no size profits from memory another left
		// behind, and only one n8n runs at a time.
		for (const sizeMib of SIZES_MIB) {
			results.push(await measureInFreshN8n(toolchain, tarball, simulator, cdn, sizeMib * MIB));
		}
	} finally {
		await cdn.stop();
		await simulator.stop();
		rmSync(resolve(tarball, '..'), { recursive: true, force: true });
	}

	console.log('');
	console.log(
		'bench:memory: n8n 2.41.1 (n8n start, N8N_DEFAULT_BINARY_DATA_MODE=filesystem), Webhook -> QuickRouter Video > Get with Download Video',
	);
	console.log(
		`RSS of the n8n main process (the node runs there): /proc/<pid>/status VmRSS every ${SAMPLE_MS} ms from a worker thread, and the kernel's peak VmHWM (reset before each call)`,
	);
	console.log(
		'(anon): the same growth in RssAnon, the RSS without file pages (code), which memory pressure may drop and bring back',
	);
	console.log(
		`baseline: mean RSS over ${SETTLE_WINDOW_MS / 1000} s once settled (moving < ${SETTLE_KIB / 1024} MiB), after ${WARMUP_RUNS} warm-up downloads of ${WARMUP_BYTES / MIB} MiB; growth = max(sampled peak, VmHWM) - baseline`,
	);
	for (const runs of results) report(runs);
	const worst = results.map((runs) => Math.max(...runs.map(growthKib)));
	const whole = results.flat().every((result) => result.stored.exact);
	const ok = whole && worst.every((kib) => kib < TARGET_MIB * 1024);
	console.log('');
	console.log(
		`worst peak growth: ${results.map((runs, index) => `${mib(worst[index])} MiB for ${runs[0].bytes / MIB} MiB`).join(', ')} (target < ${TARGET_MIB} MiB)`,
	);
	console.log(ok ? 'PASS' : 'FAIL');
	process.exitCode = benchExitCode(whole, ok);
}

/** An n8n with the package, the workflow and the owner; warmed up, then RUNS measured downloads. */
async function measureInFreshN8n(
	toolchain: Toolchain,
	tarball: string,
	simulator: QuickRouterSimulator,
	cdn: VideoHost,
	bytes: number,
): Promise<Measurement[]> {
	phase(`a fresh n8n for the ${bytes / MIB} MiB downloads`);
	const n8n = new N8nInstance(toolchain, tarball);
	let server: N8nServer | undefined;
	try {
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'quickRouterApi',
				data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
			},
		]);
		await n8n.importWorkflow(workflow(Math.max(400, Math.ceil((bytes / MIB) * 1.25))));
		await n8n.publishWorkflow(WORKFLOW_ID);
		server = await n8n.startServer({ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
		await server.setupOwner();

		// Warm-up on the same path (webhook, Get, download, store), so that modules are loaded
		// and compiled before the baseline.
		cdn.size = WARMUP_BYTES;
		for (let i = 0; i < WARMUP_RUNS; i++) await download(server, simulator, n8n.userFolder);
		phase(`warmed up with ${WARMUP_RUNS} downloads of ${WARMUP_BYTES / MIB} MiB`);

		cdn.size = bytes;
		const runs: Measurement[] = [];
		// GC timing makes one peak differ from the next: several runs, and the worst one counts.
		for (let i = 0; i < RUNS; i++) {
			runs.push(await measureOnce(server, simulator, n8n.userFolder, bytes));
			phase(`${bytes / MIB} MiB, run ${i + 1} of ${RUNS}: ${mib(growthKib(runs[i]))} MiB growth`);
		}
		return runs;
	} finally {
		await server?.stop();
		// The stored videos are large: nothing of this n8n is kept.
		rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

/** Waits for n8n to settle, then one download under watch; checks the stored file. */
async function measureOnce(
	server: N8nServer,
	simulator: QuickRouterSimulator,
	userFolder: string,
	bytes: number,
): Promise<Measurement> {
	const pid = server.pid;
	const settled = await settle(pid);
	// n8n may run a task runner as a child: watched too, shown apart.
	const children = descendants(pid);
	const childrenBaseline = sum(children.map(rssKib));

	const watch = new MemoryWatch([pid, ...children]);
	const downloaded = await download(server, simulator, userFolder, watch);
	const { samples, kernelPeakKib } = watch;

	const { path, ...stored } = downloaded.stored;
	const exact = stored.bytes === bytes && stored.onDisk === bytes && matchesGenerated(path, bytes);
	// Checked: 300 MiB need not stay on disk for the next run.
	rmSync(path, { force: true });
	const gaps = samples.slice(1).map((entry, index) => entry.at - samples[index].at);
	return {
		bytes,
		baselineKib: settled.meanKib,
		baselineRangeKib: [settled.minKib, settled.maxKib],
		settleMs: settled.tookMs,
		sampledPeakKib: Math.max(...samples.map((entry) => entry.kib[0])),
		anonBaselineKib: settled.anonMeanKib,
		anonPeakKib: Math.max(...samples.map((entry) => entry.anonKib)),
		kernelPeakKib,
		samples: samples.length,
		maxGapMs: Math.max(...gaps),
		timelineKib: timeline(samples),
		children: {
			pids: children,
			names: children.map(processName),
			baselineKib: childrenBaseline,
			peakKib: Math.max(...samples.map((entry) => sum(entry.kib.slice(1)))),
		},
		nodeMs: downloaded.nodeMs,
		roundTripMs: downloaded.roundTripMs,
		stored: { ...stored, exact },
	};
}

/** Webhook -> QuickRouter (Video > Get, Download Video on), answering with the node's output. */
function workflow(maxVideoSizeMb: number) {
	return webhookWorkflow(
		WORKFLOW_ID,
		WEBHOOK_PATH,
		quickRouterNode({
			resource: 'video',
			operation: 'get',
			taskId: '={{ $json.body.taskId }}',
			download: true,
			maxVideoSizeMb,
		}),
	);
}

/**
 * Watches the memory of n8n (its main process first, then its children) over one webhook call:
 * RSS samples, and the kernel's own peak of the main process.
 */
class MemoryWatch {
	samples: Sample[] = [];
	/** VmHWM over the call; undefined when it could not be reset first. */
	kernelPeakKib?: number;
	private stopSampler?: () => Promise<Sample[]>;
	private kernelPeakReset = false;

	constructor(private readonly pids: number[]) {}

	async start(): Promise<void> {
		this.stopSampler = await startSampler(this.pids);
		// VmHWM catches the peak between two samples too; writing "5" resets it to the RSS now.
		this.kernelPeakReset = resetPeak(this.pids[0]);
	}

	async stop(): Promise<void> {
		if (this.kernelPeakReset) this.kernelPeakKib = procStatusKib(this.pids[0], 'VmHWM');
		this.samples = (await this.stopSampler?.()) ?? [];
	}
}

/**
 * One run of the workflow for a task made (and, with no task time, done) at the simulator
 * first; what n8n stored for it. `watch` runs over the webhook call alone, while n8n downloads.
 */
async function download(
	server: N8nServer,
	simulator: QuickRouterSimulator,
	userFolder: string,
	watch?: MemoryWatch,
) {
	const created = await fetch(`${simulator.url}/v1/video/create`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${simulator.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ model: 'veo3.1-fast', prompt: 'bench:memory' }),
	});
	const { id: taskId } = (await created.json()) as { id: string };
	const previous = await latestExecutionId(server);

	await watch?.start();
	let started = performance.now();
	let answer: Awaited<ReturnType<N8nServer['post']>>;
	let roundTripMs: number;
	try {
		answer = await server.post(`/webhook/${WEBHOOK_PATH}`, { taskId }, false);
		// n8n registers published workflows' webhooks a little after it says it is ready.
		for (let waited = 0; answer.status === 404 && waited < 60_000; waited += 500) {
			await sleep(500);
			started = performance.now();
			answer = await server.post(`/webhook/${WEBHOOK_PATH}`, { taskId }, false);
		}
		roundTripMs = performance.now() - started;
	} finally {
		await watch?.stop();
	}
	if (answer.status !== 200) {
		throw new Error(`webhook answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
	}

	const executionId = await newExecutionId(server, previous);
	const execution = await server.execution(executionId);
	const [nodeRun] = execution.data.resultData.runData.QuickRouter as unknown as NodeRun[];
	if (execution.status !== 'success' || nodeRun.error) {
		throw new Error(
			`execution ${executionId}: ${execution.status} ${nodeRun.error?.message ?? ''}`,
		);
	}
	const binary = nodeRun.data?.main[0]?.[0]?.binary?.data;
	if (!binary?.id?.startsWith('filesystem')) {
		throw new Error(`the video is not in the filesystem store: ${JSON.stringify(binary)}`);
	}
	// An id is "<mode>:<path under the storage folder>".
	const path = join(userFolder, '.n8n', 'storage', binary.id.slice(binary.id.indexOf(':') + 1));
	return {
		nodeMs: nodeRun.executionTime,
		roundTripMs,
		stored: {
			bytes: binary.bytes ?? -1,
			fileSize: binary.fileSize ?? '?',
			onDisk: statSync(path).size,
			path,
		},
	};
}

async function latestExecutionId(server: N8nServer): Promise<string | undefined> {
	const { data } = (await server.get('/rest/executions?limit=1')) as {
		data: { results: Array<{ id: string; status: string }> };
	};
	return data.results[0]?.id;
}

/** The webhook may answer a moment before n8n has saved the execution. */
async function newExecutionId(server: N8nServer, previous: string | undefined): Promise<string> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const { data } = (await server.get('/rest/executions?limit=1')) as {
			data: { results: Array<{ id: string; status: string }> };
		};
		const [latest] = data.results;
		if (latest && latest.id !== previous && latest.status !== 'running') return latest.id;
		await sleep(100);
	}
	throw new Error('n8n saved no new execution in 10 s');
}

/**
 * Waits until the RSS moves less than SETTLE_KIB over SETTLE_WINDOW_MS (at most SETTLE_MAX_MS);
 * the baseline is the mean of that window.
 */
async function settle(pid: number): Promise<{
	meanKib: number;
	minKib: number;
	maxKib: number;
	anonMeanKib: number;
	tookMs: number;
}> {
	const windowSize = SETTLE_WINDOW_MS / 100;
	const window: number[] = [];
	const anonWindow: number[] = [];
	const started = performance.now();
	for (;;) {
		window.push(rssKib(pid));
		anonWindow.push(procStatusKib(pid, 'RssAnon'));
		if (window.length > windowSize) window.shift();
		if (anonWindow.length > windowSize) anonWindow.shift();
		const minKib = Math.min(...window);
		const maxKib = Math.max(...window);
		const full = window.length === windowSize;
		if (full && (maxKib - minKib < SETTLE_KIB || performance.now() - started > SETTLE_MAX_MS)) {
			const anonMeanKib = sum(anonWindow) / anonWindow.length;
			const tookMs = performance.now() - started;
			return { meanKib: sum(window) / window.length, minKib, maxKib, anonMeanKib, tookMs };
		}
		await sleep(100);
	}
}

function rssKib(pid: number): number {
	return procStatusKib(pid, 'VmRSS');
}

/** Samples the RSS of `pids` every SAMPLE_MS in a worker thread, from now until stopped. */
async function startSampler(pids: number[]): Promise<() => Promise<Sample[]>> {
	const worker = new Worker(join(__dirname, 'memorySampler.js'), {
		workerData: { pids, intervalMs: SAMPLE_MS } satisfies SamplerInput,
	});
	await once(worker, 'message');
	return async () => {
		worker.postMessage('stop');
		const [samples] = (await once(worker, 'message')) as [Sample[]];
		await worker.terminate();
		return samples;
	};
}

function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Every process below `pid` (n8n may run a task runner as a child). */
function descendants(pid: number): number[] {
	const parentOf = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name in parentheses may hold spaces: the fields start after its ")".
			parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// The process exited while the list was read.
		}
	}
	const found: number[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		const parent = queue.shift()!;
		for (const [child, itsParent] of parentOf) {
			if (itsParent === parent) {
				found.push(child);
				queue.push(child);
			}
		}
	}
	return found;
}

/** The process's command, shortened to its program and the last part of its script. */
function processName(pid: number): string {
	try {
		const [program, script] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		return [program, script]
			.filter(Boolean)
			.map((part) => part.split('/').slice(-3).join('/'))
			.join(' ');
	} catch {
		return 'exited';
	}
}

/** Whether the file holds exactly the bytes the video host made, chunk by chunk. */
function matchesGenerated(path: string, bytes: number): boolean {
	const fd = openSync(path, 'r');
	try {
		const buffer = Buffer.alloc(GENERATED_CHUNK_BYTES);
		for (let offset = 0, index = 0; offset < bytes; offset += GENERATED_CHUNK_BYTES, index++) {
			const length = Math.min(GENERATED_CHUNK_BYTES, bytes - offset);
			if (readSync(fd, buffer, 0, length, offset) !== length) return false;
			if (!buffer.subarray(0, length).equals(generatedVideoChunk(index, length))) return false;
		}
		return true;
	} finally {
		closeSync(fd);
	}
}

/** npm pack of this repository (as e2e's globalSetup packs it, from the repository's root). */
function growthKib(result: Measurement): number {
	return Math.max(result.sampledPeakKib, result.kernelPeakKib ?? 0) - result.baselineKib;
}

function report(runs: Measurement[]): void {
	const [first] = runs;
	console.log('');
	console.log(
		`${first.bytes / MIB} MiB video (${first.bytes} bytes), ${runs.length} run${runs.length === 1 ? '' : 's'} in a fresh n8n:`,
	);
	console.log(
		'  run  baseline MiB  peak MiB (sampled, VmHWM)  growth MiB  (anon)  download            stored file',
	);
	for (const [index, result] of runs.entries()) {
		const seconds = result.nodeMs / 1000;
		const peak = Math.max(result.sampledPeakKib, result.kernelPeakKib ?? 0);
		const kernel = result.kernelPeakKib === undefined ? 'n/a' : mib(result.kernelPeakKib);
		console.log(
			[
				`  ${index + 1}`.padEnd(7),
				mib(result.baselineKib).padEnd(14),
				`${mib(peak)} (${mib(result.sampledPeakKib)}, ${kernel})`.padEnd(27),
				mib(growthKib(result)).padEnd(12),
				mib(result.anonPeakKib - result.anonBaselineKib).padEnd(8),
				`${seconds.toFixed(2)} s ${(result.bytes / MIB / seconds).toFixed(1)} MiB/s`.padEnd(20),
				`${result.stored.onDisk} bytes on disk, binary ${result.stored.bytes} (${result.stored.fileSize}), ${result.stored.exact ? 'exact' : 'NOT THE BYTES SENT'}`,
			].join(''),
		);
	}
	for (const [index, result] of runs.entries()) {
		console.log(
			`  run ${index + 1} growth over the call, MiB at every tenth of its time: ${result.timelineKib.map((kib) => mib(kib - result.baselineKib)).join(' ')}`,
		);
	}
	const growths = runs.map(growthKib).sort((a, b) => a - b);
	const worst = growths[growths.length - 1];
	console.log(
		`  peak growth: worst ${mib(worst)} MiB, median ${mib(growths[Math.floor(growths.length / 2)])} MiB (target < ${TARGET_MIB} MiB) ${worst < TARGET_MIB * 1024 ? 'ok' : 'OVER'}`,
	);
	console.log(
		`  settling: ${runs.map((result) => `${(result.settleMs / 1000).toFixed(0)} s, range ${mib(result.baselineRangeKib[0])}-${mib(result.baselineRangeKib[1])} MiB`).join('; ')}`,
	);
	console.log(
		`  sampling: ${runs.map((result) => result.samples).join(', ')} samples, largest gap ${Math.max(...runs.map((result) => result.maxGapMs)).toFixed(0)} ms; webhook round trips ${runs.map((result) => (result.roundTripMs / 1000).toFixed(2)).join(', ')} s`,
	);
	const { children } = runs[runs.length - 1];
	console.log(
		children.pids.length === 0
			? '  child processes: none'
			: `  child processes (not counted: the node does not run there): ${children.pids.map((pid, index) => `${pid} ${children.names[index]}`).join(', ')}; RSS ${runs.map((result) => `${mib(result.children.baselineKib)} -> peak ${mib(result.children.peakKib)}`).join(', ')} MiB`,
	);
}

function timeline(samples: Sample[]): number[] {
	const first = samples[0].at;
	const span = samples[samples.length - 1].at - first;
	return Array.from({ length: 11 }, (_, tenth) => {
		const at = first + (span * tenth) / 10;
		// The last sample taken at or before that moment.
		return samples.filter((entry) => entry.at <= at + 1e-6).pop()!.kib[0];
	});
}

function mib(kib: number): string {
	return (kib / 1024).toFixed(1);
}

function sum(values: number[]): number {
	return values.reduce((total, value) => total + value, 0);
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: Error) => {
	console.error(`bench:memory failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
