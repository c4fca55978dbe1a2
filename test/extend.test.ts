import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError } from './harness/engine';
import { apiError } from './simulator/server';
import { VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';
import { clock } from '../nodes/QuickRouter/run/clock';

/**
 * Video > Extend (Grok) is a paid create: the same never-twice rules, gate, wait, download and
 * simplify as Create. And Video > Get can wait for a task made earlier.
 */

const simulator = useSimulator({ taskDurationMs: 0 });
let cdn: VideoHost;
beforeAll(async () => {
	cdn = await VideoHost.start();
});
afterAll(async () => await cdn.stop());
beforeEach(() => {
	simulator().settings.videoBaseUrl = cdn.url;
});

const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });

async function grokVideo(): Promise<string> {
	const created = await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			model: 'grok-video-3',
			prompt: 'a robot',
		},
		items: [{}],
		credentials: credentials(),
	});
	return created.outputs[0][0].json.id as string;
}

async function extend(parameters: INodeParameters, items: IDataObject[], onError?: OnError) {
	return await runQuickRouter({
		parameters: { resource: 'video', operation: 'extend', ...parameters },
		items,
		credentials: credentials(),
		onError,
	});
}

const extendBodies = () =>
	simulator()
		.requestsTo('extend')
		.map((request) => request.body);

describe('Video > Extend', () => {
	it('sends the documented body: model, task, prompt, start time, and what was set', async () => {
		const id = await grokVideo();

		const result = await extend(
			{
				extendTaskId: '={{ $json.id }}',
				prompt: 'it flies away',
				startTime: '={{ $json.at }}',
				extendAspectRatio: '3:2',
				extendSize: '1080P',
				extendUpscale: true,
			},
			[{ id: ` ${id} `, at: '3' }],
		);

		expect(result.error).toBeUndefined();
		expect(extendBodies()).toEqual([
			{
				model: 'grok-video-3',
				task_id: id,
				prompt: 'it flies away',
				start_time: 3,
				aspect_ratio: '3:2',
				size: '1080P',
				upscale: true,
			},
		]);
		const [extension] = [...simulator().tasks.values()].filter((task) => task.extendOf === id);
		expect(result.outputs[0][0].json).toMatchObject({ id: extension.id, status: 'pending' });
	});

	it('leaves out what was left at its default', async () => {
		const id = await grokVideo();

		await extend({ extendTaskId: id, prompt: 'more', startTime: 0 }, [{}]);

		expect(extendBodies()).toEqual([
			{ model: 'grok-video-3', task_id: id, prompt: 'more', start_time: 0 },
		]);
	});

	it('waits, downloads and simplifies the extension like a create', async () => {
		const id = await grokVideo();

		const result = await extend(
			{
				extendTaskId: id,
				prompt: 'more',
				startTime: 2,
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
				download: true,
			},
			[{}],
		);

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({ status: 'completed', id: expect.stringMatching(/^grok:/) });
		expect(item.json.id).not.toBe(id);
		expect(item.binary?.data.fileName).toBe(`${String(item.json.id)}.mp4`);
	});

	it.each<[string, INodeParameters, RegExp]>([
		[
			'a Sora task',
			{ extendTaskId: 'sora-2:task_01k900ag82ecgbewj2xa3758z0', startTime: 1 },
			/^Item 1: Task ID must be the task ID of a Grok video/,
		],
		[
			'a negative start',
			{ extendTaskId: 'grok:abc-123', startTime: -1 },
			/^Item 1: Start Time \(Seconds\) must be a whole number of seconds, 0 or more/,
		],
		[
			'a start of 2.5 s',
			{ extendTaskId: 'grok:abc-123', startTime: 2.5 },
			/^Item 1: Start Time \(Seconds\) must be a whole number/,
		],
		[
			'a size Grok does not make',
			{ extendTaskId: 'grok:abc-123', startTime: 1, extendSize: '={{ "4K" }}' },
			/^Item 1: Size must be 720P, 1080P/,
		],
	])('%s is refused before any request', async (_name, parameters, message) => {
		const result = await extend({ prompt: 'more', ...parameters }, [{}]);

		expect(result.error?.message).toMatch(message);
		expect(simulator().requests).toHaveLength(0);
	});

	it('is never sent twice after an unclear failure, and is sent again after a 429', async () => {
		const id = await grokVideo();
		simulator().reset();
		simulator().tasks.set(id, {
			id,
			input: { model: 'grok-video-3', prompt: 'a robot' },
			family: 'grok',
			status: 'completed',
			createdAt: clock.now() - 60_000,
		});
		simulator().answerNext('extend', {
			status: 500,
			afterCreate: false,
			body: apiError('upstream', 'server_error'),
		});

		const unclear = await extend(
			{ extendTaskId: id, prompt: 'more', startTime: 1, options: { maxAttempts: 3 } },
			[{}],
			'continueRegularOutput',
		);

		expect(simulator().requestsTo('extend')).toHaveLength(1);
		expect(unclear.outputs[0][0].json).toMatchObject({ error: { taskMayExist: true } });

		simulator().answerNext('extend', {
			status: 429,
			headers: { 'Retry-After': '0' },
			body: apiError('busy', 'rate_limit_error'),
		});
		const throttled = await extend({ extendTaskId: id, prompt: 'more', startTime: 1 }, [{}]);

		expect(throttled.error).toBeUndefined();
		expect(simulator().requestsTo('extend')).toHaveLength(3);
		expect([...simulator().tasks.values()].filter((task) => task.extendOf === id)).toHaveLength(1);
	});

	it('without "continue", its error lists the tasks the run made, as Create’s does', async () => {
		const id = await grokVideo();
		simulator().answerNext('extend', { status: 500, body: apiError('upstream', 'server_error') });

		const result = await extend({ extendTaskId: id, prompt: '={{ $json.p }}', startTime: 1 }, [
			{ p: 'one' },
			{ p: 'two' },
		]);

		expect(result.error?.description).toMatch(/Tasks created in this run .*item \d: grok:/);
	});
});

describe('Video > Get with Wait for Completion', () => {
	it('waits for a task made earlier, then downloads it', async () => {
		simulator().settings.taskDurationMs = 3000;
		const id = await grokVideo();

		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'get',
				taskId: id,
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
				download: true,
			},
			items: [{}],
			credentials: credentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(result.outputs[0][0].binary?.data.fileName).toBe(`${id}.mp4`);
		expect(simulator().requestsTo('query').length).toBeGreaterThanOrEqual(2);
	});

	it('a task already done is given at once, with one query', async () => {
		const id = await grokVideo();

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id, waitForCompletion: true },
			items: [{}],
			credentials: credentials(),
		});

		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(simulator().requestsTo('query')).toHaveLength(1);
	});

	it('a task that failed is an error with its reason, when waiting', async () => {
		simulator().settings.failureFor = () => 'the prompt was refused';
		const id = await grokVideo();

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: id, waitForCompletion: true },
			items: [{}],
			credentials: credentials(),
		});

		expect(result.error?.message).toBe(`Item 1: Task ${id} failed: the prompt was refused`);
	});
});
