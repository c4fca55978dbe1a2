/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * npm run bench:load: N items created through n8n's own engine against the simulator, which
 * takes L ms per create and turns away (429) any create beyond K in flight at once. Twice: with
 * Options › Max Concurrent Creates set to K, and without it, when the node's gate has to find K
 * from the 429s. Ideal wall time: ceil(N / K) x L.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError, type RunResult } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { benchExitCode } from './exitCode';
import { MIXED_MODELS } from './mixedModels';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const LIMIT = Number(process.env.BENCH_CONCURRENCY_LIMIT ?? 10);
const TARGET_RATIO_LEARNED = 1.5;
const TARGET_RATIO_SET = 1.2;
const TARGET_TURNED_AWAY_SET = 0.05;

interface Outcome {
	right: boolean;
	ok: boolean;
}

/** Creates for `count` rows, the families in turn, each row's model and prompt mapped by expression. */
async function createMixedRows(
	simulator: QuickRouterSimulator,
	count: number,
	promptPrefix: string,
	{ options, onError }: { options?: INodeParameters; onError?: OnError } = {},
): Promise<RunResult> {
	return await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			model: '={{ $json.model }}',
			prompt: '={{ $json.prompt }}',
			...(options ? { options } : {}),
		},
		items: Array.from({ length: count }, (_, index) => ({
			model: MIXED_MODELS[index % MIXED_MODELS.length],
			prompt: `${promptPrefix} ${index + 1}`,
		})),
		credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		onError,
	});
}

async function measure(maxConcurrentCreates: number | undefined): Promise<Outcome> {
	const simulator = await QuickRouterSimulator.start({
		createLatencyMs: LATENCY_MS,
		concurrencyLimit: LIMIT,
	});
	try {
		const startedAt = Date.now();
		const started = process.hrtime.bigint();
		const result = await createMixedRows(simulator, ITEMS, 'video', {
			options: maxConcurrentCreates ? { maxConcurrentCreates } : undefined,
			onError: 'continueRegularOutput',
		});
		const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
		if (result.error) throw result.error;

		const [outputs] = result.outputs;
		const errors = outputs.filter((item) => item.json.error).length;
		const tasks = [...simulator.tasks.values()];
		const tasksPerPrompt = new Map<string, number>();
		for (const task of tasks) {
			tasksPerPrompt.set(task.input.prompt, (tasksPerPrompt.get(task.input.prompt) ?? 0) + 1);
		}
		const duplicates = [...tasksPerPrompt.values()].filter((count) => count > 1).length;
		const missing = outputs.filter(
			(item) => !item.json.error && !simulator.tasks.has(String((item.json as IDataObject).id)),
		).length;
		const createRequests = simulator.requestsTo('create');
		const requests = createRequests.length;
		const firstCreateSeconds =
			(Math.min(...createRequests.map((request) => request.receivedAt)) - startedAt) / 1000;
		const turnedAway = requests - tasks.length;
		const ideal = (Math.ceil(ITEMS / LIMIT) * LATENCY_MS) / 1000;
		const ratio = wallSeconds / ideal;
		const share = turnedAway / ITEMS;

		console.log(
			maxConcurrentCreates
				? `-- Max Concurrent Creates = ${maxConcurrentCreates} (QuickRouter's limit)`
				: '-- Max Concurrent Creates not set: the gate learns the limit from 429s',
		);
		console.log(`created:            ${tasks.length} of ${ITEMS} (outputs: ${outputs.length})`);
		console.log(`errors:             ${errors}`);
		console.log(`duplicate tasks:    ${duplicates}`);
		console.log(`outputs not at QR:  ${missing}`);
		console.log(
			`create requests:    ${requests} (${turnedAway} turned away with 429: ${(share * 100).toFixed(1)} % of creates)`,
		);
		console.log(`peak in flight:     ${simulator.peakCreatesInFlight} (limit ${LIMIT})`);
		console.log(
			`wall time:          ${wallSeconds.toFixed(2)} s (first create at ${firstCreateSeconds.toFixed(2)} s)`,
		);
		console.log(`ideal ceil(N/K)xL:  ${ideal.toFixed(2)} s`);
		// Before the first create, n8n's RoutingNode prepares every item (no request can leave while
		// it does); from then on the time is the gate's and QuickRouter's.
		console.log(
			`from first create:  ${(wallSeconds - firstCreateSeconds).toFixed(2)} s (${((wallSeconds - firstCreateSeconds) / ideal).toFixed(3)} x ideal)`,
		);
		const targetRatio = maxConcurrentCreates ? TARGET_RATIO_SET : TARGET_RATIO_LEARNED;
		console.log(`ratio:              ${ratio.toFixed(3)} (target <= ${targetRatio})`);
		const right =
			tasks.length === ITEMS &&
			outputs.length === ITEMS &&
			errors === 0 &&
			duplicates === 0 &&
			missing === 0;
		const ok =
			right && ratio <= targetRatio && (!maxConcurrentCreates || share <= TARGET_TURNED_AWAY_SET);
		if (maxConcurrentCreates) {
			console.log(`turned away:        target <= ${TARGET_TURNED_AWAY_SET * 100} % of creates`);
		}
		return { right, ok };
	} finally {
		await simulator.stop();
	}
}

/** One short run first, untimed, so that neither measured run pays for the JIT's warm-up. */
async function warmUp(): Promise<void> {
	const simulator = await QuickRouterSimulator.start({ createLatencyMs: 1 });
	try {
		const result = await createMixedRows(simulator, 100, 'warm-up');
		if (result.error) throw result.error;
	} finally {
		await simulator.stop();
	}
}

async function main(): Promise<void> {
	console.log(
		`bench:load: ${ITEMS} creates (${MIXED_MODELS.join(', ')} in turn), ${LATENCY_MS} ms each, QuickRouter takes at most ${LIMIT} at once (429 beyond)`,
	);
	await warmUp();
	const set = await measure(LIMIT);
	const learned = await measure(undefined);
	const right = set.right && learned.right;
	const ok = set.ok && learned.ok;
	console.log(right ? (ok ? 'PASS' : 'FAIL (targets)') : 'FAIL');
	process.exitCode = benchExitCode(right, ok);
}

main().catch((error: Error) => {
	console.error(`bench:load failed: ${error.message}`);
	process.exit(1);
});
