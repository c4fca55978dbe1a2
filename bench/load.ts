/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * npm run bench:load: N items created through n8n's own engine against the simulator, which
 * takes L ms per create and turns away (429) any create beyond K in flight at once. The node is
 * not told K: its gate has to find it. Ideal wall time: ceil(N / K) x L.
 */
import type { IDataObject } from 'n8n-workflow';

import { runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { benchExitCode } from './exitCode';
import { MIXED_MODELS } from './mixedModels';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const LIMIT = Number(process.env.BENCH_CONCURRENCY_LIMIT ?? 10);
const TARGET_RATIO = 1.5;

async function main(): Promise<void> {
	const simulator = await QuickRouterSimulator.start({
		createLatencyMs: LATENCY_MS,
		concurrencyLimit: LIMIT,
	});
	try {
		console.log(
			`bench:load: ${ITEMS} creates (${MIXED_MODELS.join(', ')} in turn), ${LATENCY_MS} ms each, QuickRouter takes at most ${LIMIT} at once (429 beyond)`,
		);
		const started = process.hrtime.bigint();
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
			},
			items: Array.from({ length: ITEMS }, (_, index) => ({
				model: MIXED_MODELS[index % MIXED_MODELS.length],
				prompt: `video ${index + 1}`,
			})),
			credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
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
		const requests = simulator.requestsTo('create').length;
		const ideal = (Math.ceil(ITEMS / LIMIT) * LATENCY_MS) / 1000;
		const ratio = wallSeconds / ideal;

		console.log(`created:            ${tasks.length} of ${ITEMS} (outputs: ${outputs.length})`);
		console.log(`errors:             ${errors}`);
		console.log(`duplicate tasks:    ${duplicates}`);
		console.log(`outputs not at QR:  ${missing}`);
		console.log(
			`create requests:    ${requests} (${requests - tasks.length} turned away with 429)`,
		);
		console.log(`peak in flight:     ${simulator.peakCreatesInFlight} (limit ${LIMIT})`);
		console.log(`wall time:          ${wallSeconds.toFixed(2)} s`);
		console.log(`ideal ceil(N/K)xL:  ${ideal.toFixed(2)} s`);
		console.log(`ratio:              ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
		const right =
			tasks.length === ITEMS &&
			outputs.length === ITEMS &&
			errors === 0 &&
			duplicates === 0 &&
			missing === 0;
		const ok = right && ratio <= TARGET_RATIO;
		console.log(ok ? 'PASS' : 'FAIL');
		process.exitCode = benchExitCode(right, ok);
	} finally {
		await simulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(`bench:load failed: ${error.message}`);
	process.exit(1);
});
