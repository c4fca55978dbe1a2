import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runQuickRouter, type OnError, type RunResult } from './harness/engine';
import { everythingShown, recordEverythingPrinted } from './shownAnywhere';
import { apiError, type QuickRouterSimulator, type SimulatedTask } from './simulator/server';
import { VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';
import { errorMessageOf, errorOf } from './harness/errorItems';

/**
 * The promises of issue 5, held over a mix of every fault the simulator has, counted on the
 * simulator's side: no item creates two tasks; with "continue", every input item gives exactly
 * one output item, in order and paired, and no task QuickRouter reported is missing from the
 * output; the API key shows nowhere and never reaches another host.
 */

const simulator = useSimulator({ taskDurationMs: 3000 });
let cdn: VideoHost;
beforeAll(async () => {
	cdn = await VideoHost.start();
});
afterAll(async () => await cdn.stop());

const ROWS = 30;
// A mix of the live families, one node: Veo and Grok rows
const MODELS = ['veo3.1-fast', 'grok-video-3', 'veo3-fast', 'veo2', 'veo3.1'];
const rows = Array.from({ length: ROWS }, (_, index) => ({
	model: MODELS[index % MODELS.length],
	// two rows QuickRouter fails (the simulator fails tasks that show a person)
	prompt: index % 13 === 5 ? `row ${index + 1}: a person waving` : `row ${index + 1}: a paper boat`,
}));

const cutShort = (_request: unknown, task?: SimulatedTask) =>
	JSON.stringify({ id: task!.id, status: 'pending' }).slice(0, -12);

/** Every fault mode, each meeting some request of the run. */
function scriptTheFaults(sim: QuickRouterSimulator, video: VideoHost): void {
	const rateLimited = apiError('rate limit exceeded', 'rate_limit_error');
	sim.answerNext('create', { status: 429, body: rateLimited, headers: { 'Retry-After': '0' } }, 3);
	sim.answerNext('create', { status: 429, body: rateLimited }, 2);
	sim.answerNext('create', { status: 503, headers: { 'Retry-After': '1' } }, 2);
	sim.answerNext('create', { status: 503, body: apiError('overloaded', 'server_error') });
	sim.answerNext('create', { status: 500, afterCreate: true }, 2);
	sim.answerNext('create', { status: 200, afterCreate: true, reset: true });
	sim.answerNext('create', { status: 200, reset: true });
	sim.answerNext('create', {
		status: 200,
		afterCreate: true,
		body: cutShort,
		contentType: 'application/json',
	});
	sim.answerNext('create', {
		status: 200,
		afterCreate: true,
		body: 'OK',
		contentType: 'text/plain',
	});
	sim.answerNext('create', { status: 502, afterCreate: true, body: '<html>Bad Gateway</html>' });
	sim.answerNext('create', { status: 200, afterCreate: true, realDelayMs: 2500 });
	sim.answerNext('query', { status: 429, headers: { 'Retry-After': '0' } }, 3);
	sim.answerNext('query', { status: 503 }, 3);
	sim.answerNext('query', { status: 200, reset: true }, 2);
	sim.answerNext('query', { status: 200, body: '{"id": "sora', contentType: 'application/json' });
	sim.settings.failureFor = (input) =>
		input.prompt.includes('person') ? 'a real person' : undefined;
	sim.settings.videoBaseUrl = video.url;
	video.breakNext = 2;
	video.failNext = { status: 503, times: 1 };
}

describe.each<OnError>(['continueErrorOutput', 'continueRegularOutput'])(
	'%s, over a mix of every fault: create, wait and download 30 rows',
	(onError) => {
		let result: RunResult;
		let printed: string;
		let outputs: INodeExecutionData[];

		beforeAll(async () => {
			scriptTheFaults(simulator(), cdn);
			cdn.requests.length = 0;
			const recorder = recordEverythingPrinted();
			try {
				result = await runQuickRouter({
					parameters: {
						resource: 'video',
						operation: 'create',
						model: '={{ $json.model }}',
						prompt: '={{ $json.prompt }}',
						waitForCompletion: true,
						waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 2 },
						download: true,
						requestOptions: { timeout: 1500 },
					},
					items: rows,
					credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
					onError,
				});
			} finally {
				recorder.stop();
			}
			printed = recorder.text();
			outputs = result.outputs.flat();
		}, 120_000);
		// the simulator is reset before each test: read what it saw once, here
		let tasks: SimulatedTask[];
		let createPrompts: string[];
		beforeAll(() => {
			tasks = [...simulator().tasks.values()];
			createPrompts = simulator()
				.requestsTo('create')
				.map((request) => String((request.body as IDataObject).prompt));
		});

		it('the run itself succeeds, and every fault was met', () => {
			expect(result.error).toBeUndefined();
			expect(createPrompts.length).toBeGreaterThan(ROWS);
			expect(outputs.some((item) => item.json.error)).toBe(true);
			expect(outputs.some((item) => item.binary?.data)).toBe(true);
		});

		it('no row created two tasks', () => {
			const tasksPerRow = new Map<string, number>();
			for (const task of tasks) {
				tasksPerRow.set(task.input.prompt, (tasksPerRow.get(task.input.prompt) ?? 0) + 1);
			}
			expect([...tasksPerRow.values()].every((count) => count === 1)).toBe(true);
		});

		it('every input row gave exactly one output item, paired with it, in order', () => {
			const paired = outputs.map((item) => (item.pairedItem as { item: number }).item);
			expect([...paired].sort((a, b) => a - b)).toEqual(rows.map((_, index) => index));
			for (const output of result.outputs) {
				const order = output.map((item) => (item.pairedItem as { item: number }).item);
				expect(order).toEqual([...order].sort((a, b) => a - b));
			}
			for (const item of outputs) {
				const row = (item.pairedItem as { item: number }).item;
				if (item.json.error) {
					expect(errorMessageOf(item.json)).toMatch(new RegExp(`^Item ${row + 1}: `));
				} else {
					expect(tasks.find((task) => task.id === item.json.id)).toMatchObject({
						input: { prompt: rows[row].prompt },
					});
				}
			}
		});

		it('no task QuickRouter reported is missing from the output; each task it did not report is an error that says the task may exist', () => {
			const shown = outputs.map((item) =>
				item.json.error ? errorOf(item.json)?.taskId : item.json.id,
			);
			const reported = tasks.filter((task) => task.idDelivered);
			const unreported = tasks.filter((task) => !task.idDelivered);
			for (const task of reported) expect(shown).toContain(task.id);
			expect(unreported.length).toBeGreaterThan(0);

			const mayExist = outputs.filter(
				(item) => errorOf(item.json)?.taskMayExist === true && !errorOf(item.json)?.taskId,
			);
			// and the reset and the 503 that met requests before anything was made
			expect(mayExist).toHaveLength(unreported.length + 2);
			for (const item of mayExist) {
				const row = rows[(item.pairedItem as { item: number }).item];
				expect(createPrompts.filter((prompt) => prompt === row.prompt)).toHaveLength(1);
			}
		});

		it('rows QuickRouter turned away were sent again and made their task', () => {
			const sentTwice = new Set(
				createPrompts.filter((prompt, index) => createPrompts.indexOf(prompt) !== index),
			);
			expect(sentTwice.size).toBeGreaterThanOrEqual(5);
			for (const prompt of sentTwice) {
				expect(tasks.filter((task) => task.input.prompt === prompt)).toHaveLength(1);
			}
		});

		it('the API key shows nowhere: outputs, errors, run data, anything printed or logged', () => {
			const key = simulator().apiKey;
			expect(everythingShown(result)).not.toContain(key);
			expect(printed).not.toContain(key);
		});

		it('the Authorization header never reached the video host', () => {
			expect(cdn.requests.length).toBeGreaterThan(0);
			expect(cdn.requests.filter((request) => request.headers.authorization)).toEqual([]);
		});
	},
);
