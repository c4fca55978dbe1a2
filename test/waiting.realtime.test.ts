import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { clock } from '../nodes/QuickRouter/run/clock';
import { CheckBudget } from '../nodes/QuickRouter/transport/checkBudget';
import { runQuickRouter } from './harness/engine';
import { apiError } from './simulator/server';
import { checksPerTask, useSimulator } from './useSimulator';

/**
 * The node's timing on the real clock: the other unit tests run its clock 10 times faster (see
 * jest.config.js); these prove that the same waits hold in real time, where n8n runs them.
 */

const simulator = useSimulator({ taskDurationMs: 3000 });
const POLL_SECONDS = 2;

async function create(items: IDataObject[], parameters: INodeParameters = {}) {
	return await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			prompt: '={{ $json.prompt }}',
			...parameters,
		},
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
	});
}

describe('on the real clock', () => {
	it('runs the real clock here', () => {
		expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
		expect(clock.realMs(2000)).toBe(2000);
	});

	// moved from checkTiming.test.ts: its 3 s of slack is for real time
	it('Auto plans its checks from the progress: a 12 s Sora task is seen done soon after, in 2 or 3 checks', async () => {
		simulator().settings.taskDurationMs = 12_000;
		// Sora's answers report progress: served here as before it was retired
		simulator().settings.modelsWithoutChannel = [];
		const started = Date.now();

		const result = await create(
			Array.from({ length: 5 }, (_, index) => ({ prompt: `video ${index}` })),
			{ model: 'sora-2', waitForCompletion: true },
		);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.status)).toEqual(Array(5).fill('completed'));
		expect(Date.now() - started).toBeLessThan(12_000 + 3_000);
		for (const count of checksPerTask(simulator())) expect(count).toBeLessThanOrEqual(3);
	});

	it('honours Retry-After: the create is sent again a second later, once', async () => {
		simulator().answerNext('create', {
			status: 429,
			body: apiError('rate limit exceeded', 'rate_limit_error'),
			headers: { 'Retry-After': '1' },
		});

		const result = await create([{ prompt: 'p' }]);

		expect(result.error).toBeUndefined();
		const [refused, sent] = simulator().requestsTo('create');
		expect(sent.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(1000);
		expect(sent.receivedAt - refused.receivedAt).toBeLessThan(2000);
		expect(simulator().tasks.size).toBe(1);
	});

	// moved from wait.test.ts, as the two below: what they assert is the time on the wall
	it('waits for many tasks at the same time: about one task time plus one poll interval', async () => {
		const taskMs = simulator().settings.taskDurationMs;
		const started = Date.now();

		const result = await create(
			Array.from({ length: 20 }, (_, i) => ({ prompt: `video ${i}` })),
			{ waitForCompletion: true, waitOptions: { pollIntervalSeconds: POLL_SECONDS } },
		);

		const wallMs = Date.now() - started;
		expect(result.error).toBeUndefined();
		const [main] = result.outputs;
		expect(main).toHaveLength(20);
		main.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ status: 'completed', progress: 100, error: null });
			expect(item.json.videoUrl).toMatch(/\/videos\/.+\.mp4$/);
			expect(simulator().tasks.get(item.json.id as string)?.input.prompt).toBe(`video ${index}`);
		});
		expect(simulator().requestsTo('create')).toHaveLength(20);
		// 20 tasks one after another would take 20 x 3 s = 60 s; together, about 3 s + one interval.
		// The bound is loose on purpose (a busy machine); bench:wait measures the ratio.
		expect(wallMs).toBeLessThan(2 * (taskMs + POLL_SECONDS * 1000));
		expect(Math.max(...checksPerTask(simulator()))).toBeLessThanOrEqual(
			Math.ceil(taskMs / (POLL_SECONDS * 1000)) + 1,
		);
	});

	it('the time limit gives an error that says the task keeps running and how to fetch it, after 6 seconds', async () => {
		simulator().settings.taskDurationMs = 120_000;
		const started = Date.now();

		const result = await create([{ prompt: 'p' }], {
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: POLL_SECONDS, timeLimitMinutes: 0.1 },
		});

		expect(result.error?.message).toMatch(
			/^Item 1: Task veo3\.1-fast:[\w-]+ did not finish within 6 seconds \(last status: (pending|video_generating)\)$/,
		);
		expect(result.error?.description).toMatch(/keeps running at QuickRouter.*Video > Get/);
		expect(Date.now() - started).toBeGreaterThanOrEqual(6000);
		expect(Date.now() - started).toBeLessThan(9000);
	}, 20_000);

	// moved from checkTiming.test.ts, as the two of the check budget below: they count checks
	// by the tenth of a second, which a faster clock would leave to a machine's hiccups
	it('all items share Max Checks per Second: 30 items checking every 2 s send at most 5 checks in any second', async () => {
		simulator().settings.taskDurationMs = 5_000;

		const result = await create(
			Array.from({ length: 30 }, (_, index) => ({ prompt: `video ${index}` })),
			{ waitForCompletion: true, waitOptions: { pollIntervalSeconds: 2, maxChecksPerSecond: 5 } },
		);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].every((item) => item.json.status === 'completed')).toBe(true);
		const times = simulator()
			.requestsTo('query')
			.map((request) => request.receivedAt)
			.sort((a, b) => a - b);
		const busiestSecond = Math.max(
			...times.map((start) => times.filter((at) => at >= start && at < start + 1_000).length),
		);
		// evenly spaced at 200 ms; one more for a check that arrives a little early
		expect(busiestSecond).toBeLessThanOrEqual(6);
	});

	it('stops waiting at once when the execution is cancelled', async () => {
		simulator().settings.taskDurationMs = 120_000;

		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				prompt: 'p',
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
			// the first check would come at 2 s; the harness watches 3 s more
			cancelAfterMs: 1000,
		});

		expect(result.cancelled).toBe(true);
		expect(simulator().requestsTo('create')).toHaveLength(1);
		expect(simulator().requestsTo('query')).toHaveLength(0);
	});
});

describe('the run’s check budget (CheckBudget), on the real clock', () => {
	it('lets checks through one by one at its pace, however many ask at once', async () => {
		const budget = new CheckBudget(5);
		const started = Date.now();
		const released: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, async () => {
				await budget.take();
				released.push(Date.now() - started);
			}),
		);
		const gaps = released.slice(1).map((at, index) => at - released[index]);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
		expect(released.at(-1)).toBeLessThan(1_400);
	});

	it('never holds a check past its latest moment (the time limit), and lets an aborted one go', async () => {
		const budget = new CheckBudget(0.1);
		await budget.take();
		const started = Date.now();
		await budget.take(undefined, started + 300);
		expect(Date.now() - started).toBeLessThan(1_000);
		const abort = new AbortController();
		const waiting = budget.take(abort.signal);
		abort.abort(new Error('cancelled'));
		await expect(waiting).rejects.toThrow('cancelled');
	});
});
