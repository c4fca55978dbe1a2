/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * npm run bench:wait: Create with Wait for Completion through n8n's own engine, against simulator
 * tasks that take T seconds: Check Every: Auto beside a fixed 2 s and a fixed
 * 10 s, for T = 20 s and T = 120 s, on tasks that report linear progress (Sora's answer shape, the one with progress) and on tasks that
 * report none (Veo). All runs go at the same time, each with its own simulator, so that they meet
 * the same machine. Then 500 tasks wait at once (Auto, the default check budget): the peak checks
 * per second QuickRouter saw, the checks in all, the wall. Last, 200 Seedance 1.5 Pro tasks, whose
 * checks go together (one lookup for many), beside 200 Seedance 2.0 tasks, checked one request
 * per task, at the same time: the status requests per task, and the wall.
 */
import { runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { benchExitCode } from './exitCode';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10);
const MANY_ITEMS = Number(process.env.BENCH_MANY_ITEMS ?? 500);
const TASK_SECONDS = (process.env.BENCH_TASK_SECONDS ?? '20,120').split(',').map(Number);
const TARGET_LATE_SECONDS = 2;
const TARGET_CHECKS_WITH_PROGRESS = 4;
const TARGET_CHECKS_WITHOUT_PROGRESS = 8;
const SEEDANCE_ITEMS = Number(process.env.BENCH_SEEDANCE_ITEMS ?? 200);
const TARGET_REQUESTS_PER_TASK_TOGETHER = 0.25;

type CheckEvery = 'auto' | 2 | 10;

interface Config {
	checkEvery: CheckEvery;
	model: 'sora-2' | 'veo3.1-fast';
	taskSeconds: number;
	items: number;
}

interface Outcome extends Config {
	wallSeconds: number;
	completed: number;
	creates: number;
	checksPerTask: number;
	peakChecksPerSecond: number;
	checks: number;
}

/** Create with Wait for Completion over `items` rows, timed; throws what the node threw. */
async function createAndWait(
	simulator: QuickRouterSimulator,
	{ model, checkEvery, items }: { model: string; checkEvery: CheckEvery; items: number },
) {
	const started = process.hrtime.bigint();
	const result = await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			model,
			prompt: '={{ $json.prompt }}',
			waitForCompletion: true,
			waitOptions: checkEvery === 'auto' ? {} : { pollIntervalSeconds: checkEvery },
		},
		items: Array.from({ length: items }, (_, index) => ({ prompt: `video ${index + 1}` })),
		credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
	});
	const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.error) throw result.error;
	return { result, wallSeconds };
}

async function measure(config: Config): Promise<Outcome> {
	// Sora's answers are the ones that report progress: served here as before it was retired
	const simulator = await QuickRouterSimulator.start({
		taskDurationMs: config.taskSeconds * 1000,
		modelsWithoutChannel: [],
	});
	try {
		const { result, wallSeconds } = await createAndWait(simulator, config);
		const checks = simulator.requestsTo('query').map((request) => request.receivedAt);
		const bySecond = new Map<number, number>();
		for (const at of checks)
			bySecond.set(Math.floor(at / 1000), (bySecond.get(Math.floor(at / 1000)) ?? 0) + 1);
		return {
			...config,
			wallSeconds,
			completed: result.outputs[0].filter((item) => item.json.status === 'completed').length,
			creates: simulator.requestsTo('create').length,
			checksPerTask: checks.length / config.items,
			peakChecksPerSecond: Math.max(0, ...bySecond.values()),
			checks: checks.length,
		};
	} finally {
		await simulator.stop();
	}
}

function describe(outcome: Outcome): string {
	const late = outcome.wallSeconds - outcome.taskSeconds;
	const every = outcome.checkEvery === 'auto' ? 'Auto' : `fixed ${outcome.checkEvery} s`;
	const progress = outcome.model === 'sora-2' ? 'progress' : 'no progress';
	return `${every.padEnd(10)} ${progress.padEnd(12)} T=${String(outcome.taskSeconds).padStart(3)} s: wall ${outcome.wallSeconds.toFixed(2).padStart(7)} s (T + ${late.toFixed(2)} s), ${outcome.checksPerTask.toFixed(2)} checks per task, ${outcome.completed}/${outcome.items} completed`;
}

interface TogetherOutcome {
	model: string;
	checkEvery: CheckEvery;
	wallSeconds: number;
	completed: number;
	creates: number;
	/** Status requests QuickRouter saw, per task (a lookup of many counts once). */
	requestsPerTask: number;
	/** The most tasks one status request named. */
	mostTasksInOneRequest: number;
}

/** Seedance tasks of one model waiting at once: how many status requests their checks took. */
async function measureSeedance(model: string, checkEvery: CheckEvery): Promise<TogetherOutcome> {
	const taskSeconds = TASK_SECONDS[0];
	const simulator = await QuickRouterSimulator.start({ taskDurationMs: taskSeconds * 1000 });
	try {
		const { result, wallSeconds } = await createAndWait(simulator, {
			model,
			checkEvery,
			items: SEEDANCE_ITEMS,
		});
		const lookups = [
			...simulator.requestsTo('seedanceQuery'),
			...simulator.requestsTo('seedanceBatchQuery'),
		];
		return {
			model,
			checkEvery,
			wallSeconds,
			completed: result.outputs[0].filter((item) => item.json.status === 'completed').length,
			creates: simulator.requestsTo('seedanceCreate').length,
			requestsPerTask: lookups.length / SEEDANCE_ITEMS,
			mostTasksInOneRequest: Math.max(
				...lookups.map((lookup) => lookup.query['filter.task_ids']?.split(',').length ?? 1),
			),
		};
	} finally {
		await simulator.stop();
	}
}

function describeTogether(outcome: TogetherOutcome): string {
	const every = outcome.checkEvery === 'auto' ? 'Auto' : `fixed ${outcome.checkEvery} s`;
	const late = outcome.wallSeconds - TASK_SECONDS[0];
	return `${outcome.model.padEnd(31)} ${every.padEnd(10)} T=${TASK_SECONDS[0]} s: wall ${outcome.wallSeconds.toFixed(2)} s (T + ${late.toFixed(2)} s), ${outcome.requestsPerTask.toFixed(3)} status requests per task (up to ${outcome.mostTasksInOneRequest} tasks in one), ${outcome.completed}/${SEEDANCE_ITEMS} completed`;
}

async function main(): Promise<void> {
	console.log(`bench:wait: ${ITEMS} items per run, Create + Wait for Completion, all runs at once`);
	const configs: Config[] = TASK_SECONDS.flatMap((taskSeconds) => [
		...(['auto', 2, 10] as CheckEvery[]).map((checkEvery) => ({
			checkEvery,
			model: 'sora-2' as const,
			taskSeconds,
			items: ITEMS,
		})),
		{ checkEvery: 'auto' as const, model: 'veo3.1-fast' as const, taskSeconds, items: ITEMS },
	]);
	const outcomes = await Promise.all(configs.map(measure));
	for (const outcome of outcomes) console.log(describe(outcome));

	let right = outcomes.every((o) => o.completed === o.items && o.creates === o.items);
	let ok = true;
	for (const outcome of outcomes.filter((o) => o.checkEvery === 'auto')) {
		const withProgress = outcome.model === 'sora-2';
		const met = withProgress
			? outcome.wallSeconds <= outcome.taskSeconds + TARGET_LATE_SECONDS &&
				outcome.checksPerTask <= TARGET_CHECKS_WITH_PROGRESS
			: outcome.checksPerTask <= TARGET_CHECKS_WITHOUT_PROGRESS;
		console.log(
			`target, Auto ${withProgress ? 'with progress, T=' + outcome.taskSeconds + ' s: wall <= T + 2 s and <= 4 checks per task' : 'without progress, T=' + outcome.taskSeconds + ' s: <= 8 checks per task'}: ${met ? 'met' : 'MISSED'}`,
		);
		ok &&= met;
	}

	// alone, after the others: its creates and checks must not skew their timing
	const many = await measure({
		checkEvery: 'auto',
		model: 'sora-2',
		taskSeconds: TASK_SECONDS[0],
		items: MANY_ITEMS,
	});
	console.log(
		`${MANY_ITEMS} tasks waiting at once (Auto, T=${many.taskSeconds} s, Max Checks per Second at its default): peak ${many.peakChecksPerSecond} checks in one second, ${many.checks} checks in all (${many.checksPerTask.toFixed(2)} per task), wall ${many.wallSeconds.toFixed(2)} s, ${many.completed}/${many.items} completed`,
	);
	right &&= many.completed === many.items && many.creates === many.items;

	// Seedance 1.5 Pro, checked together, alone (its wall is held to T + 2 s); then beside each other
	// 2.0 (one request per task) and 1.5 Pro on Auto, the default, whose backoff without progress is
	// not held to the wall
	console.log(`${SEEDANCE_ITEMS} Seedance tasks waiting at once, each run with its own simulator:`);
	const seedance = [await measureSeedance('doubao-seedance-1-5-pro-251215', 2)];
	seedance.push(
		...(await Promise.all([
			measureSeedance('doubao-seedance-2-0-260128', 2),
			measureSeedance('doubao-seedance-1-5-pro-251215', 'auto'),
		])),
	);
	for (const outcome of seedance) console.log(describeTogether(outcome));
	const [together, alone] = seedance;
	const togetherMet =
		together.requestsPerTask <= TARGET_REQUESTS_PER_TASK_TOGETHER &&
		together.wallSeconds <= TASK_SECONDS[0] + TARGET_LATE_SECONDS;
	console.log(
		`target, Seedance 1.5 Pro checked together: <= ${TARGET_REQUESTS_PER_TASK_TOGETHER} status requests per task (one request per task: ${alone.requestsPerTask.toFixed(2)}, ${(alone.requestsPerTask / together.requestsPerTask).toFixed(0)}x as many) and wall <= T + 2 s: ${togetherMet ? 'met' : 'MISSED'}`,
	);
	ok &&= togetherMet;
	right &&= seedance.every(
		(outcome) => outcome.completed === SEEDANCE_ITEMS && outcome.creates === SEEDANCE_ITEMS,
	);
	console.log(
		right ? (ok ? 'PASS' : 'FAIL (targets)') : 'FAIL (a task not completed or created twice)',
	);
	process.exitCode = benchExitCode(right, ok);
}

main().catch((error: Error) => {
	console.error(`bench:wait failed: ${error.message}`);
	process.exit(1);
});
