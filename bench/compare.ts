/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- a benchmark script, not node code */
/**
 * npm run bench:compare: our node side by side with what users build instead, in one real n8n
 * 2.41.1 (`n8n start`), against one QuickRouter simulator, in one run:
 * 1. creates only: our node against HTTP Request sending the same body with the same credential;
 * 2. creates that wait and download: our node against the template loop (Wait, query, IF,
 *    download);
 * 3. a few videos: our node against n8n's own OpenAI node (Video > Generate), pointed at the
 *    simulator's OpenAI-style routes.
 * Every run is started by a webhook, timed by n8n itself (the execution's stoppedAt - startedAt)
 * and checked item by item. A wrong run or a missed target exits 1.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import {
	N8nInstance,
	packPackage,
	type ExecutionResult,
	type N8nServer,
	type StoredExecution,
} from '../e2e/n8n';
import { installToolchain, phase, REPO_ROOT, run } from '../e2e/toolchain';
import { CREDENTIAL } from '../e2e/workflows';
import { QuickRouterSimulator } from '../test/simulator/server';
import { SAMPLE_VIDEO, VideoHost } from '../test/simulator/videoHost';
import {
	CREATE_DEFAULTS,
	createWorkflows,
	OPENAI_CREDENTIAL,
	openAiWorkflows,
	waitWorkflows,
	type BenchWorkflow,
} from './compareWorkflows';
import { benchExitCode } from './exitCode';

const CREATES = Number(process.env.BENCH_CREATES ?? 200);
const WAIT_ITEMS = Number(process.env.BENCH_WAIT_ITEMS ?? 50);
const CREATE_ROUNDS = Number(process.env.BENCH_CREATE_ROUNDS ?? 3);
const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 5);
const TASK_SECONDS = Number(process.env.BENCH_TASK_SECONDS ?? 20);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
/** Which comparisons to run, e.g. "1,3" (all by default). */
const ONLY = new Set((process.env.BENCH_COMPARISONS ?? '1,2,3').split(',').map((s) => s.trim()));
/** Longest a single run may take before it counts as hung. */
const RUN_TIMEOUT_MS = 15 * 60_000;

/** 1: the median of the rounds' ratios, and the ratio of every round. */
const TARGET_CREATE_RATIO_MEDIAN = 0.9;
const TARGET_CREATE_RATIO_EACH_ROUND = 1.0;
/** Rows of the untimed first run of each side: enough for the JIT to compile the per-item path. */
const WARM_UP_ROWS = 50;
const TARGET_WAIT_RATIO = 1.0;
const TARGET_OPENAI_RATIO = 0.2;

type RunData = ExecutionResult['data']['resultData']['runData'][string][number];
type OutputItem = NonNullable<NonNullable<RunData['data']>['main'][number]>[number];

interface Calls {
	creates: number;
	queries: number;
	downloads: number;
	/** Requests to any other route (none expected). */
	other: number;
}

interface Measured {
	wallMs: number;
	/** The result node's own time, summed over its runs. */
	nodeMs: number;
	calls: Calls;
	/** When the first and the last create reached the simulator, from the execution's start. */
	firstCreateMs: number;
	lastCreateMs: number;
	/** The most creates the simulator was working on at once. */
	peakCreates: number;
	/** Every item the result node gave on its first output, over all its runs. */
	items: OutputItem[];
	execution: StoredExecution;
}

interface Target {
	label: string;
	pass: boolean;
}

let simulator: QuickRouterSimulator;
let videoHost: VideoHost;
let server: N8nServer;
/** When each request reached the simulator, which keeps no times itself. */
const problems: string[] = [];
const targets: Target[] = [];

function prompts(count: number, what: string): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${what} ${index + 1}: a paper boat on a river`,
	);
}

function countCalls(): Calls {
	const creates =
		simulator.requestsTo('create').length + simulator.requestsTo('openAiCreate').length;
	const queries =
		simulator.requestsTo('query').length + simulator.requestsTo('openAiRetrieve').length;
	const apiDownloads =
		simulator.requestsTo('video').length + simulator.requestsTo('openAiContent').length;
	return {
		creates,
		queries,
		downloads: apiDownloads + videoHost.requests.length,
		other: simulator.requests.length - creates - queries - apiDownloads,
	};
}

async function executionsOf(workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { data } = (await server.get(`/rest/executions?filter=${filter}&limit=50`)) as {
		data: { results: Array<{ id: string; status: string }> };
	};
	return data.results;
}

/**
 * Starts the workflow through its webhook with these rows, waits for n8n to finish the
 * execution, and reads it back with the HTTP calls the simulator and the video host counted.
 */
async function runWorkflow(bench: BenchWorkflow, rows: object[]): Promise<Measured> {
	simulator.reset();
	videoHost.requests.length = 0;
	const earlier = new Set((await executionsOf(bench.workflow.id)).map((execution) => execution.id));

	// A webhook may go live a moment after its workflow is activated: ask again while it is not.
	for (let attempt = 1; ; attempt++) {
		const answer = await server.post(`/webhook/${bench.path}`, { rows }, false);
		if (answer.status === 200) break;
		if (answer.status !== 404 || attempt === 60) {
			throw new Error(
				`webhook ${bench.path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}

	const started = Date.now();
	let id: string | undefined;
	for (;;) {
		const fresh = (await executionsOf(bench.workflow.id)).find(
			(execution) => !earlier.has(execution.id),
		);
		if (fresh && !['new', 'running', 'waiting'].includes(fresh.status)) {
			id = fresh.id;
			break;
		}
		if (Date.now() - started > RUN_TIMEOUT_MS) {
			throw new Error(
				`${bench.workflow.id}: no finished execution after ${RUN_TIMEOUT_MS / 1000} s`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const calls = countCalls();
	const execution = await server.execution(id);
	if (!execution.stoppedAt)
		throw new Error(`${bench.workflow.id}: execution ${id} has no stoppedAt`);
	const runs = execution.data.resultData.runData[bench.resultNode] ?? [];
	const startedAt = Date.parse(execution.startedAt);
	const createTimes = simulator
		.requestsTo('create')
		.map((request) => request.receivedAt - startedAt);
	return {
		wallMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		nodeMs: runs.reduce(
			(sum, nodeRun) => sum + (nodeRun as { executionTime?: number }).executionTime!,
			0,
		),
		calls,
		firstCreateMs: Math.min(...createTimes),
		lastCreateMs: Math.max(...createTimes),
		peakCreates: simulator.peakCreatesInFlight,
		items: runs.flatMap((nodeRun) => nodeRun.data?.main[0] ?? []),
		execution,
	};
}

/** Notes what is wrong with a run; the run still prints, and the script exits 1 at the end. */
function check(
	label: string,
	measured: Measured,
	expectedItems: number,
): (problem: string) => void {
	const report = (problem: string) => problems.push(`${label}: ${problem}`);
	const { execution } = measured;
	if (execution.status !== 'success') {
		report(
			`execution ${execution.id} ended ${execution.status}: ${execution.data.resultData.error?.message ?? ''}`,
		);
	}
	if (measured.items.length !== expectedItems) {
		report(`${measured.items.length} items out, ${expectedItems} expected`);
	}
	if (measured.calls.other > 0) report(`${measured.calls.other} requests to unexpected routes`);
	return report;
}

/** Each item names a task the simulator made, from the prompt of its row (in order, if asked). */
function checkTasks(
	items: OutputItem[],
	rowPrompts: string[],
	report: (problem: string) => void,
	inOrder: boolean,
): void {
	const seen = new Set<string>();
	items.forEach((item, index) => {
		const id = String(item.json.id);
		const task = simulator.tasks.get(id);
		if (!task) return report(`item ${index + 1}: task ${id} is not at the simulator`);
		if (seen.has(id)) report(`item ${index + 1}: task ${id} given twice`);
		seen.add(id);
		if (inOrder && task.input.prompt !== rowPrompts[index]) {
			report(
				`item ${index + 1}: task ${id} was made from "${task.input.prompt}", not row ${index + 1}`,
			);
		}
		if (!rowPrompts.includes(task.input.prompt)) report(`task ${id}: prompt of no row`);
	});
	if (simulator.tasks.size !== rowPrompts.length) {
		report(`${simulator.tasks.size} tasks at the simulator, ${rowPrompts.length} rows`);
	}
}

/** Our node's items when waiting: every row's task, completed, in row order. */
function checkCompletedTasks(
	items: OutputItem[],
	rowPrompts: string[],
	report: (problem: string) => void,
): void {
	checkTasks(items, rowPrompts, report, true);
	for (const [index, item] of items.entries()) {
		if (item.json.status !== 'completed') {
			report(`item ${index + 1}: status ${String(item.json.status)}`);
		}
	}
}

/** The item's `data` binary is the video, stored by n8n with every byte. */
async function checkVideos(items: OutputItem[], report: (problem: string) => void): Promise<void> {
	const cookie = server
		.sessionCookies()
		.map(({ name, value }) => `${name}=${value}`)
		.join('; ');
	for (const [index, item] of items.entries()) {
		const binary = item.binary?.data as
			| { id?: string; mimeType?: string; bytes?: number }
			| undefined;
		if (!binary?.id) {
			report(`item ${index + 1}: no video in binary field data`);
			continue;
		}
		if (binary.mimeType !== 'video/mp4') report(`item ${index + 1}: type ${binary.mimeType}`);
		if (binary.bytes !== SAMPLE_VIDEO.length) {
			report(`item ${index + 1}: ${binary.bytes} bytes, ${SAMPLE_VIDEO.length} expected`);
		}
		const response = await fetch(
			`${server.url}/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`,
			{ headers: { Cookie: cookie } },
		);
		const stored = Buffer.from(await response.arrayBuffer());
		if (!response.ok || !stored.equals(SAMPLE_VIDEO)) {
			report(
				`item ${index + 1}: stored file differs from the video (HTTP ${response.status}, ${stored.length} bytes)`,
			);
		}
	}
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

function callsText(calls: Calls): string {
	const total = calls.creates + calls.queries + calls.downloads;
	return `${total} (${calls.creates} creates, ${calls.queries} queries, ${calls.downloads} downloads)`;
}

function printPair(
	names: [string, string],
	ours: Measured,
	theirs: Measured,
	extra: Array<[string, string, string]> = [],
): void {
	const rows: Array<[string, string, string]> = [
		['', names[0], names[1]],
		['wall time', seconds(ours.wallMs), seconds(theirs.wallMs)],
		...extra,
		['HTTP calls', callsText(ours.calls), callsText(theirs.calls)],
	];
	const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
	for (const row of rows) {
		console.log(`   ${row[0].padEnd(widths[0])}   ${row[1].padEnd(widths[1])}   ${row[2]}`);
	}
}

function judge(label: string, pass: boolean): string {
	targets.push({ label, pass });
	return pass ? 'PASS' : 'FAIL';
}

function ratioLine(ours: Measured, theirs: Measured, target: number, label: string): void {
	const ratio = ours.wallMs / theirs.wallMs;
	const verdict = judge(
		`${label}: wall ratio ${ratio.toFixed(3)} <= ${target.toFixed(1)}`,
		ratio <= target,
	);
	console.log(
		`   ratio ours/theirs: ${ratio.toFixed(3)} (target <= ${target.toFixed(1)})  ${verdict}`,
	);
}

function checkedLine(before: number): void {
	const found = problems.length - before;
	console.log(
		`   outputs checked: ${found === 0 ? 'all right' : `${found} problems (listed at the end)`}`,
	);
}

/** A short run of both workflows first, so that neither pays for loading its node's code. */
async function warmUp(pair: { ours: BenchWorkflow; theirs: BenchWorkflow }): Promise<void> {
	const rows = prompts(WARM_UP_ROWS, 'warm-up').map((prompt) => ({ prompt }));
	for (const bench of [pair.ours, pair.theirs]) {
		const measured = await runWorkflow(bench, rows);
		if (measured.execution.status !== 'success') {
			throw new Error(`warm-up of ${bench.workflow.id} ended ${measured.execution.status}`);
		}
	}
}

async function compareCreates(pair: { ours: BenchWorkflow; theirs: BenchWorkflow }): Promise<void> {
	console.log(
		`\n1. ${CREATES} creates, no waiting: our node (Video > Create) vs HTTP Request (same JSON body, same credential); ${CREATE_ROUNDS} rounds, the two in turn, the median round of each shown`,
	);
	await warmUp(pair);
	const rowPrompts = prompts(CREATES, 'create');
	const rows = rowPrompts.map((prompt) => ({ prompt }));
	// What our node sends by default is what the HTTP Request node is set to send.
	const expectedBody = (prompt: string) => canonical({ ...CREATE_DEFAULTS, prompt });
	const before = problems.length;

	const runs = { ours: [] as Measured[], theirs: [] as Measured[] };
	for (let round = 1; round <= CREATE_ROUNDS; round++) {
		// In turn, so that neither side always runs on a machine just warmed (or just loaded) by the other.
		const order = round % 2 === 1 ? (['ours', 'theirs'] as const) : (['theirs', 'ours'] as const);
		for (const side of order) {
			const measured = await runWorkflow(pair[side], rows);
			const report = check(
				`1 ${side === 'ours' ? 'ours' : 'HTTP Request'} round ${round}`,
				measured,
				CREATES,
			);
			checkTasks(measured.items, rowPrompts, report, true);
			if (measured.calls.creates !== CREATES) report(`${measured.calls.creates} creates sent`);
			const wrongBody = simulator
				.requestsTo('create')
				.find(
					(request) =>
						canonical(request.body as object) !==
						expectedBody((request.body as { prompt: string }).prompt),
				);
			if (wrongBody) {
				report(
					`sent ${canonical(wrongBody.body as object)}, expected ${expectedBody((wrongBody.body as { prompt: string }).prompt)}`,
				);
			}
			runs[side].push(measured);
		}
	}

	const ours = medianRun(runs.ours);
	const theirs = medianRun(runs.theirs);
	const each = (side: Measured[]) =>
		`${side.map((measured) => (measured.wallMs / 1000).toFixed(2)).join(', ')} s`;
	const sent = (measured: Measured) =>
		`+${seconds(measured.firstCreateMs)} to +${seconds(measured.lastCreateMs)}`;
	printPair(['our node', 'HTTP Request'], ours, theirs, [
		['wall time, each round', each(runs.ours), each(runs.theirs)],
		['node time', seconds(ours.nodeMs), seconds(theirs.nodeMs)],
		['creates sent (from start)', sent(ours), sent(theirs)],
		['creates in flight, peak', String(ours.peakCreates), String(theirs.peakCreates)],
	]);
	// Each round's pair ran back to back, so its ratio is the fairest single figure on a noisy machine.
	const roundRatios = runs.ours.map(
		(measured, index) => measured.wallMs / runs.theirs[index].wallMs,
	);
	const medianRatio = [...roundRatios].sort((a, b) => a - b)[Math.floor(roundRatios.length / 2)];
	const worstRatio = Math.max(...roundRatios);
	const medianVerdict = judge(
		`1. ${CREATES} creates: median of the rounds' wall ratios ${medianRatio.toFixed(3)} <= ${TARGET_CREATE_RATIO_MEDIAN.toFixed(1)}`,
		medianRatio <= TARGET_CREATE_RATIO_MEDIAN,
	);
	const eachVerdict = judge(
		`1. ${CREATES} creates: every round's wall ratio (worst ${worstRatio.toFixed(3)}) <= ${TARGET_CREATE_RATIO_EACH_ROUND.toFixed(1)}`,
		worstRatio <= TARGET_CREATE_RATIO_EACH_ROUND,
	);
	console.log(
		`   ratio ours/theirs, each round: ${roundRatios.map((ratio) => ratio.toFixed(3)).join(', ')}`,
	);
	console.log(
		`   median of the rounds: ${medianRatio.toFixed(3)} (target <= ${TARGET_CREATE_RATIO_MEDIAN.toFixed(1)})  ${medianVerdict}`,
	);
	console.log(
		`   worst round: ${worstRatio.toFixed(3)} (target <= ${TARGET_CREATE_RATIO_EACH_ROUND.toFixed(1)} in every round)  ${eachVerdict}`,
	);
	checkedLine(before);
}

/** The round with the median wall time (the upper one of two, for an even count). */
function medianRun(runs: Measured[]): Measured {
	return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];
}

async function compareWaits(pair: { ours: BenchWorkflow; theirs: BenchWorkflow }): Promise<void> {
	console.log(
		`\n2. ${WAIT_ITEMS} creates that wait and download, task ${TASK_SECONDS} s, checked every ${POLL_SECONDS} s: our node vs the template loop (HTTP Request create -> Wait -> query -> IF -> download)`,
	);
	const rowPrompts = prompts(WAIT_ITEMS, 'wait');
	const rows = rowPrompts.map((prompt) => ({ prompt }));
	const before = problems.length;

	const ours = await runWorkflow(pair.ours, rows);
	const reportOurs = check('2 ours', ours, WAIT_ITEMS);
	checkCompletedTasks(ours.items, rowPrompts, reportOurs);
	await checkVideos(ours.items, reportOurs);

	const theirs = await runWorkflow(pair.theirs, rows);
	const reportTheirs = check('2 loop', theirs, WAIT_ITEMS);
	// The loop downloads in rounds: its items come out in the order their tasks finished.
	checkTasks(theirs.items, rowPrompts, reportTheirs, false);
	await checkVideos(theirs.items, reportTheirs);
	const loopRounds = theirs.execution.data.resultData.runData[pair.theirs.resultNode]?.length ?? 0;

	printPair(['our node', 'template loop'], ours, theirs, [
		['download rounds', '-', String(loopRounds)],
	]);
	ratioLine(ours, theirs, TARGET_WAIT_RATIO, `2. ${WAIT_ITEMS} waits`);
	const oursTotal = ours.calls.creates + ours.calls.queries + ours.calls.downloads;
	const theirsTotal = theirs.calls.creates + theirs.calls.queries + theirs.calls.downloads;
	const fewer = judge(
		`2. ${WAIT_ITEMS} waits: our HTTP calls ${oursTotal} <= the loop's ${theirsTotal}`,
		oursTotal <= theirsTotal,
	);
	console.log(
		`   HTTP calls ours/loop: ${oursTotal}/${theirsTotal} (target: no more than the loop's)  ${fewer}`,
	);
	checkedLine(before);
}

async function compareOpenAi(pair: { ours: BenchWorkflow; theirs: BenchWorkflow }): Promise<void> {
	console.log(
		`\n3. ${VIDEOS} videos, create + wait + download, task ${TASK_SECONDS} s: our node vs n8n's OpenAI node (Video > Generate, its Base URL on the simulator)`,
	);
	const rowPrompts = prompts(VIDEOS, 'video');
	const rows = rowPrompts.map((prompt) => ({ prompt }));
	const before = problems.length;

	const ours = await runWorkflow(pair.ours, rows);
	const reportOurs = check('3 ours', ours, VIDEOS);
	checkCompletedTasks(ours.items, rowPrompts, reportOurs);
	await checkVideos(ours.items, reportOurs);

	const theirs = await runWorkflow(pair.theirs, rows);
	const reportTheirs = check('3 OpenAI', theirs, VIDEOS);
	// Its items carry only the file: pair them with the videos through the calls it made.
	const created = simulator
		.requestsTo('openAiCreate')
		.map((request) => (request.body as { prompt?: string }).prompt);
	if (created.join('\n') !== rowPrompts.join('\n'))
		reportTheirs(`created ${created.length} videos, not one per row in order`);
	const fetched = simulator
		.requestsTo('openAiContent')
		.map((request) => request.path.split('/')[3]);
	const made = [...simulator.tasks.keys()];
	if (fetched.join('\n') !== made.join('\n'))
		reportTheirs(`downloaded ${fetched.length} videos, not each one made in order`);
	theirs.items.forEach((item, index) => {
		const paired = (item.pairedItem as { item?: number } | undefined)?.item;
		if (paired !== index) reportTheirs(`item ${index + 1}: paired with row ${paired}`);
	});
	await checkVideos(theirs.items, reportTheirs);

	printPair(['our node', 'OpenAI node'], ours, theirs);
	ratioLine(ours, theirs, TARGET_OPENAI_RATIO, `3. ${VIDEOS} videos`);
	checkedLine(before);
}

/** JSON with sorted keys, to compare bodies whatever order their fields were written in. */
function canonical(body: object): string {
	return JSON.stringify(
		Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b))),
	);
}

async function activate(workflowId: string): Promise<void> {
	const { data } = (await server.get(`/rest/workflows/${workflowId}`)) as {
		data: { versionId: string };
	};
	const answer = await server.post(`/rest/workflows/${workflowId}/activate`, {
		versionId: data.versionId,
	});
	if (answer.status !== 200) {
		throw new Error(
			`activating ${workflowId}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`,
		);
	}
}

async function main(): Promise<void> {
	const toolchain = await installToolchain();
	phase('building the package (n8n-node build)');
	run('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const { tarball } = packPackage();

	videoHost = await VideoHost.start();
	// Given at start, these stay across reset() between runs.
	simulator = await QuickRouterSimulator.start({
		taskDurationMs: TASK_SECONDS * 1000,
		createLatencyMs: LATENCY_MS,
		videoBaseUrl: videoHost.url,
	});
	const creates = createWorkflows(simulator.url);
	const waits = waitWorkflows(simulator.url, POLL_SECONDS);
	const openAi = openAiWorkflows(POLL_SECONDS);
	const pairs = [creates, waits, openAi];

	const n8n = new N8nInstance(toolchain, tarball);
	let started: N8nServer | undefined;
	try {
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'quickRouterApi',
				data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
			},
			{
				...OPENAI_CREDENTIAL,
				type: 'openAiApi',
				data: {
					apiKey: simulator.apiKey,
					organizationId: '',
					url: `${simulator.url}/v1`,
					header: false,
				},
			},
		]);
		// One import for all: every n8n command boots n8n, which takes long on a busy machine.
		const workflowsFile = join(n8n.userFolder, 'compare-workflows.json');
		const benches = pairs.flatMap((pair) => [pair.ours, pair.theirs]);
		writeFileSync(workflowsFile, JSON.stringify(benches.map((bench) => bench.workflow)));
		await n8n.cli(['import:workflow', `--input=${workflowsFile}`]);
		server = started = await n8n.startServer({ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
		await server.setupOwner();
		// Activated through the REST API, as the editor does: it says why if a workflow cannot be.
		for (const bench of benches) await activate(bench.workflow.id);
		console.log(
			`\nbench:compare: n8n 2.41.1 (one n8n start, binary data on the filesystem), QuickRouter simulator on ${simulator.url}: create ${LATENCY_MS} ms, task ${TASK_SECONDS} s; videos (${SAMPLE_VIDEO.length} bytes) from the video host on ${videoHost.url}`,
		);
		console.log("   wall time = the execution's stoppedAt - startedAt, as n8n stored it");
		if (ONLY.has('1')) await compareCreates(creates);
		if (ONLY.has('2')) await compareWaits(waits);
		if (ONLY.has('3')) await compareOpenAi(openAi);
	} catch (error) {
		if (started) console.error(`n8n said, last:\n${started.output.join('').slice(-3000)}`);
		throw error;
	} finally {
		await started?.stop();
		await simulator.stop();
		await videoHost.stop();
		rmSync(n8n.userFolder, { recursive: true, force: true });
		rmSync(dirname(tarball), { recursive: true, force: true });
	}

	console.log('\ntargets:');
	for (const target of targets) console.log(`   ${target.pass ? 'PASS' : 'FAIL'}  ${target.label}`);
	console.log(`runs: ${problems.length === 0 ? 'every output checked and right' : 'WRONG'}`);
	for (const problem of problems.slice(0, 30)) console.log(`   ${problem}`);
	if (problems.length > 30) console.log(`   ... and ${problems.length - 30} more`);
	process.exitCode = benchExitCode(
		problems.length === 0,
		problems.length === 0 && targets.every((target) => target.pass),
	);
}

main().catch((error: Error) => {
	console.error(`bench:compare failed: ${error.message}`);
	process.exit(1);
});
