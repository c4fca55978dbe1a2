/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * npm run bench:wait: N items create and wait for tasks that each take T seconds on the
 * simulator, polling every I seconds, through n8n's own engine. All items wait at once, so the
 * wall time should be close to T + I, not N x T.
 */
import { runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { benchExitCode } from './exitCode';
import { MIXED_MODELS } from './mixedModels';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const TASK_SECONDS = Number(process.env.BENCH_TASK_SECONDS ?? 20);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 2);
const TARGET_RATIO = 1.25;

async function main(): Promise<void> {
	const simulator = await QuickRouterSimulator.start({ taskDurationMs: TASK_SECONDS * 1000 });
	try {
		console.log(
			`bench:wait: ${ITEMS} items (${MIXED_MODELS.join(', ')} in turn), each task ${TASK_SECONDS} s, polling every ${POLL_SECONDS} s`,
		);
		const started = process.hrtime.bigint();
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: POLL_SECONDS },
			},
			items: Array.from({ length: ITEMS }, (_, index) => ({
				model: MIXED_MODELS[index % MIXED_MODELS.length],
				prompt: `video ${index + 1}`,
			})),
			credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		});
		const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
		if (result.error) throw result.error;

		const completed = result.outputs[0].filter((item) => item.json.status === 'completed').length;
		const polls = simulator.requestsTo('query').length;
		const creates = simulator.requestsTo('create').length;
		const ideal = TASK_SECONDS + POLL_SECONDS;
		const ratio = wallSeconds / ideal;
		console.log(`completed:      ${completed} of ${ITEMS} (creates sent: ${creates})`);
		console.log(`wall time:      ${wallSeconds.toFixed(2)} s`);
		console.log(`ideal (T + I):  ${ideal.toFixed(2)} s`);
		console.log(`ratio:          ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
		console.log(`polls per task: ${(polls / ITEMS).toFixed(2)} (${polls} in all)`);
		console.log(`one at a time would take at least ${(ITEMS * TASK_SECONDS).toFixed(0)} s`);
		const right = completed === ITEMS && creates === ITEMS;
		process.exitCode = benchExitCode(right, right && ratio <= TARGET_RATIO);
	} finally {
		await simulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(`bench:wait failed: ${error.message}`);
	process.exit(1);
});
