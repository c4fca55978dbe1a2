import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { errorOf } from './harness/errorItems';
import type { ScriptedAnswer } from './simulator/server';
import { familyRuns } from './harness/familyRuns';
import { useSimulator } from './useSimulator';

/**
 * Kling through the family seam, in n8n's engine against the simulator's Kling routes (written
 * from the API facts apart from the catalogue): its bodies on both routes, its refusals before any
 * request, its answers, Get by the node's ID or a bare one, and the paid create that can be asked
 * about by its row's key.
 */

const simulator = useSimulator();

const { create, get } = familyRuns(simulator, {
	model: 'kling-v2-6',
	prompt: 'a paper boat on a pond',
});

const klingCreates = () => simulator().requestsTo('klingCreate');
const ROW_KEY = /^n8n-[\w-]+-\d+$/;

describe('Kling: the bodies it sends', () => {
	it('text to video: model_name, Mode at Standard (required), multi_shot, and a key for the row', async () => {
		const result = await create({});

		expect(result.error).toBeUndefined();
		const [request] = klingCreates();
		expect(request.path).toBe('/kling/v1/videos/text2video');
		expect(request.body).toEqual({
			model_name: 'kling-v2-6',
			prompt: 'a paper boat on a pond',
			mode: 'std',
			multi_shot: 'false',
			external_task_id: expect.stringMatching(ROW_KEY),
		});
		expect(result.outputs[0][0].json.id).toMatch(/^kling:text2video:\d+$/);
	});

	it('image to video: from a first frame, with a last frame, a camera move and the options', async () => {
		const result = await create({
			model: 'kling-v2-1',
			aspectRatio: '9:16',
			firstFrameUrl: 'https://img.example/first.jpg',
			lastFrameUrl: 'https://img.example/last.jpg',
			options: {
				klingMode: 'pro',
				klingDuration: '10',
				cameraControl: 'forward_up',
				negativePrompt: ' blurry, text ',
				cfgScale: 0.7,
			},
		});

		expect(result.error).toBeUndefined();
		const [request] = klingCreates();
		expect(request.path).toBe('/kling/v1/videos/image2video');
		expect(request.body).toEqual({
			model_name: 'kling-v2-1',
			prompt: 'a paper boat on a pond',
			mode: 'pro',
			duration: '10',
			aspect_ratio: '9:16',
			camera_control: { type: 'forward_up' },
			image: 'https://img.example/first.jpg',
			image_tail: 'https://img.example/last.jpg',
			negative_prompt: 'blurry, text',
			cfg_scale: 0.7,
			external_task_id: expect.stringMatching(ROW_KEY),
		});
		expect(result.outputs[0][0].json.id).toMatch(/^kling:image2video:\d+$/);
	});

	it('a sheet mixing families: each row gets only its own fields, a Kling duration of 10 as a number is "10"', async () => {
		const result = await create(
			{
				model: '={{ $json.model }}',
				firstFrameUrl: '={{ $json.frame }}',
				options: { klingDuration: '={{ $json.duration }}' },
			},
			[
				{ model: 'Kling 2.5 Turbo', duration: 10, frame: '' },
				{ model: 'veo3.1-fast', duration: '', frame: 'https://img.example/f.jpg' },
			],
		);

		expect(result.error).toBeUndefined();
		expect(klingCreates()[0].body).toMatchObject({
			model_name: 'kling-v2-5-turbo',
			duration: '10',
		});
		expect(simulator().requestsTo('create')[0].body).toEqual({
			model: 'veo3.1-fast',
			prompt: 'a paper boat on a pond',
			images: ['https://img.example/f.jpg'],
		});
		// every row of a run has a key of its own
		const keys = simulator().requests.map(
			(request) => (request.body as IDataObject)?.external_task_id,
		);
		expect(keys.filter(Boolean)).toHaveLength(1);
	});

	it('a messy sheet: Sound as a checkbox or "on", Mode and Duration as the editor names them, a Veo row beside with Sound off', async () => {
		const result = await create(
			{
				model: '={{ $json.model }}',
				options: {
					klingSound: '={{ $json.sound }}',
					klingMode: '={{ $json.mode }}',
					klingDuration: '={{ $json.duration }}',
				},
			},
			[
				{ model: 'kling-v2-6', sound: true, mode: 'Professional', duration: '10 Seconds' },
				{ model: 'kling-v3', sound: ' ON ', mode: 'pro', duration: '5s' },
				{ model: 'veo3.1-fast', sound: false, mode: '', duration: '' },
			],
		);

		expect(result.error).toBeUndefined();
		const bodies = klingCreates().map((request) => request.body as IDataObject);
		expect(bodies).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					model_name: 'kling-v2-6',
					sound: 'on',
					mode: 'pro',
					duration: '10',
				}),
				expect.objectContaining({
					model_name: 'kling-v3',
					sound: 'on',
					mode: 'pro',
					duration: '5',
				}),
			]),
		);
		expect(simulator().requestsTo('create')[0].body).toEqual({
			model: 'veo3.1-fast',
			prompt: 'a paper boat on a pond',
		});
	});

	it("each row's key is its own and stays the same across n8n's Retry On Fail", async () => {
		simulator().answerNext('klingCreate', { status: 429, headers: { 'Retry-After': '0' } }, 10);
		const result = await create({}, [{}, {}], {
			parameters: {
				resource: 'video',
				operation: 'create',
				model: 'kling-v3',
				prompt: 'p',
				options: { maxAttempts: 1 },
			},
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error?.message).toMatch(/rate limit/);
		const keys = klingCreates().map((request) => (request.body as IDataObject).external_task_id);
		const [first] = keys;
		expect(new Set(keys.filter((key) => String(key).endsWith('-1')))).toEqual(new Set([first]));
	});
});

describe('Kling: wrong combinations are refused before any request, naming item and field', () => {
	it.each([
		[
			'a last frame without a first',
			{ lastFrameUrl: 'https://img.example/last.jpg' },
			{},
			/^Item 1: Last Frame URL needs a First Frame URL too/,
		],
		[
			'sound before Kling 2.6, the model from a sheet',
			{ model: '={{ $json.model }}', options: { klingSound: '={{ $json.sound }}' } },
			{ model: 'kling-v1-6', sound: 'on' },
			/^Item 1: Options › Sound is not taken by kling-v1-6: it is for kling-v2-6 and kling-v3/,
		],
		[
			'a duration Kling does not make',
			{ options: { klingDuration: '={{ $json.duration }}' } },
			{ duration: 7 },
			/^Item 1: Options › Duration must be 5 or 10 \(seconds\), not 7/,
		],
		[
			'a mode of another API',
			{ options: { klingMode: '={{ $json.mode }}' } },
			{ mode: 'ultra' },
			/^Item 1: Options › Mode must be std or pro, not "ultra"/,
		],
		[
			'a CFG scale above 1',
			{ options: { cfgScale: '={{ $json.cfg }}' } },
			{ cfg: '1.5' },
			/^Item 1: Options › Prompt Strength \(CFG Scale\) must be 1 or less/,
		],
		[
			'a camera move Kling does not know',
			{ options: { cameraControl: '={{ $json.move }}' } },
			{ move: 'spin' },
			/^Item 1: Options › Camera Move must be/,
		],
	])('%s', async (_case, parameters, row, message) => {
		const result = await create(parameters as INodeParameters, [row]);

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Kling: its answers', () => {
	it('creates, waits and downloads: the flat task and the video', async () => {
		simulator().settings.taskDurationMs = 3_000;
		const result = await create({
			waitForCompletion: true,
			simplify: true,
			download: true,
			waitOptions: { pollIntervalSeconds: 2 },
		});

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			id: expect.stringMatching(/^kling:text2video:\d+$/),
			status: 'completed',
			progress: 100,
			videoUrl: expect.stringMatching(/\.mp4$/),
			model: 'kling-v2-6',
			error: null,
		});
		expect(item.binary?.data?.mimeType).toBe('video/mp4');
		const lookups = simulator().requestsTo('klingQuery');
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups[0].path).toMatch(/^\/kling\/v1\/videos\/text2video\/\d+$/);
	});

	it('a failed task fails its item with the reason Kling gave', async () => {
		simulator().settings.failureFor = () => 'The image breaks the content rules';
		const result = await create({
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: 2 },
		});

		expect(result.error?.message).toMatch(
			/^Item 1: Task kling:text2video:\d+ failed: The image breaks the content rules$/,
		);
	});

	it("a task still at work when the time limit comes: the error gives Kling's last status", async () => {
		simulator().settings.taskDurationMs = 60_000;
		const result = await create({
			waitForCompletion: true,
			waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 0.1 },
		});

		expect(result.error?.message).toMatch(
			/^Item 1: Task kling:text2video:\d+ did not finish within 6 seconds \(last status: (submitted|processing)\)$/,
		);
	});

	it('a refusal in a success (code other than 0, HTTP 200) made nothing: said so, sent once', async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			body: { code: 1102, message: 'Account balance not enough', request_id: 'r', data: null },
		});
		const result = await create({}, [{}], {
			onError: 'continueErrorOutput',
			parameters: {
				resource: 'video',
				operation: 'create',
				model: 'kling-v2-6',
				prompt: 'p',
				options: { maxAttempts: 5 },
			},
		});

		const [errorItem] = result.outputs[1];
		expect(errorItem.json.error).toMatchObject({ taskMayExist: false });
		expect(String(errorOf(errorItem.json)?.message)).toMatch(
			/^Item 1: Your QuickRouter balance is too low: Account balance not enough \(code 1102 in a success answer\)$/,
		);
		expect(klingCreates()).toHaveLength(1);
	});

	it.each([
		[1303, 'parallel task over resource pack limit'],
		[1302, 'API request too fast'],
	])(
		'Kling code %i in a success ("%s"): too much at once, nothing made, sent again by Max Attempts',
		async (code, message) => {
			simulator().answerNext('klingCreate', {
				status: 200,
				body: { code, message, request_id: 'r', data: null },
			});
			const result = await create({});

			expect(result.error).toBeUndefined();
			expect(result.outputs[0][0].json.id).toMatch(/^kling:text2video:\d+$/);
			expect(klingCreates()).toHaveLength(2);
		},
	);

	it("Kling's own side failing in a success (code 5002, HTTP 200): the row's key is asked, and the task it made is taken", async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			afterCreate: true,
			body: { code: 5002, message: 'server timeout', data: null },
		});
		const result = await create({}, [{}], {
			onError: 'continueErrorOutput',
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.outputs[1]).toHaveLength(0);
		expect(result.outputs[0][0].json.id).toMatch(/^kling:text2video:\d+$/);
		expect(klingCreates()).toHaveLength(1);
		expect(simulator().tasks.size).toBe(1);
	});

	it("Kling's own refusal (HTTP 400, a non-zero code) carries its message", async () => {
		const result = await create({ model: 'kling-v1', options: { klingMode: 'pro' } }, [{}], {
			parameters: {
				resource: 'video',
				operation: 'create',
				model: 'kling-v1',
				prompt: 'p',
				options: { additionalBodyFields: '{"shot_type": 3}' },
			},
		});

		expect(result.error?.message).toMatch(
			/^Item 1: QuickRouter rejected the request: Invalid parameter shot_type/,
		);
	});
});

describe('Kling: Get', () => {
	it("by the node's own ID, on the route the task was made on", async () => {
		const made = await create({ firstFrameUrl: 'https://img.example/f.jpg' });
		const id = String(made.outputs[0][0].json.id);

		const result = await get(id);

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id, status: 'completed' });
		expect(simulator().requestsTo('klingQuery')[0].path).toBe(
			`/kling/v1/videos/image2video/${id.split(':')[2]}`,
		);
	});

	it("by a bare ID from QuickRouter's task list, with its family chosen", async () => {
		const made = await create({});
		const bare = String(made.outputs[0][0].json.id).split(':')[2];

		const result = await get(` ${bare} `, { bareIdFamily: 'kling:text2video' });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ id: `kling:text2video:${bare}` });
	});

	it('a bare ID without its family is refused before any request, saying what to choose', async () => {
		const result = await get('867283741759111202');

		expect(result.error?.message).toMatch(
			/^Item 1: Task ID "867283741759111202" does not say its family .*Family of a Bare ID/,
		);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Kling: lookups a hostile host or an odd relay may answer (a second review)', () => {
	it("a relay's own \"not found\" in a success: the answer's words, read once, not retried as Kling's own side", async () => {
		simulator().answerNext(
			'klingQuery',
			{ status: 200, body: { code: 'not_found', message: 'task not found', data: null } },
			5,
		);

		const result = await get('kling:text2video:123');

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter answered with an error instead of the task: task not found',
		);
		expect(simulator().requestsTo('klingQuery')).toHaveLength(1);
	});

	it('an answer that names another task (other digits) is not taken for this one', async () => {
		const made = await create({});
		const id = String(made.outputs[0][0].json.id);
		simulator().answerNext(
			'klingQuery',
			{
				status: 200,
				body: {
					code: 0,
					message: 'SUCCEED',
					data: {
						task_id: '777',
						task_status: 'succeed',
						task_result: { videos: [{ url: 'https://v.example/other.mp4' }] },
					},
				},
			},
			5,
		);

		const result = await get(id);

		expect(result.error?.message).toBe(
			'Item 1: QuickRouter answered with another task ("777") than the one asked for',
		);
	});
});

describe('Kling: a paid create that can be asked about', () => {
	it('made although its answer was lost (500): the error says the task exists, with its ID; Retry On Fail goes on with it', async () => {
		simulator().answerNext('klingCreate', { status: 500, afterCreate: true });
		const result = await create({}, [{}], {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error).toBeUndefined();
		expect(klingCreates()).toHaveLength(1);
		expect(simulator().tasks.size).toBe(1);
		const [task] = simulator().tasks.values();
		expect(result.outputs[0][0].json.id).toBe(`kling:text2video:${task.id}`);
		// looked up by the row's key, on the route it was sent to
		const [lookup] = simulator().requestsTo('klingQuery');
		expect(lookup.path).toBe(`/kling/v1/videos/text2video/${task.externalTaskId}`);
	});

	it('made although its answer was lost: without a retry, the error item says it exists and names it', async () => {
		simulator().answerNext('klingCreate', { status: 500, afterCreate: true });
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const [task] = simulator().tasks.values();
		const error = errorOf(result.outputs[1][0].json);
		expect(error).toMatchObject({ taskMayExist: true, taskId: `kling:text2video:${task.id}` });
		expect(String(error?.description)).toMatch(/made the task all the same/);
	});

	it('not made (500 before anything): the error says so, and Retry On Fail sends it again, once made', async () => {
		simulator().answerNext('klingCreate', { status: 500 });
		const result = await create({}, [{}], {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error).toBeUndefined();
		expect(klingCreates()).toHaveLength(2);
		expect(simulator().tasks.size).toBe(1);
		const keys = klingCreates().map((request) => (request.body as IDataObject).external_task_id);
		expect(keys[0]).toBe(keys[1]);
	});

	it('not made: without a retry, the error item says no task exists', async () => {
		simulator().answerNext('klingCreate', { status: 502 });
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const error = errorOf(result.outputs[1][0].json);
		expect(error).toMatchObject({ taskMayExist: false });
		expect(String(error?.description)).toMatch(/no task under this row's key/);
	});

	it('the lookup fails too: the error says the task may exist, and it is not sent again', async () => {
		simulator().answerNext('klingCreate', { status: 500 });
		simulator().answerNext('klingQuery', { status: 503 }, 10);
		const result = await create({}, [{}], {
			onError: 'continueErrorOutput',
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		expect(errorOf(result.outputs[1][0].json)).toMatchObject({ taskMayExist: true });
		expect(klingCreates()).toHaveLength(1);
	});
});

describe('Kling: answers a hostile host or an odd relay may give (a review)', () => {
	it.each<[string, unknown]>([
		['a 404 page', '<html>Not Found</html>'],
		[
			"a relay's own Not Found (a code that is no Kling code)",
			{ code: 404, message: 'Not Found', data: null },
		],
	])(
		'a lookup by key answered with %s, not Kling\'s own "not found", tells nothing: the task may exist, not sent again',
		async (_case, body) => {
			simulator().answerNext('klingCreate', { status: 500, afterCreate: true });
			simulator().answerNext('klingQuery', { status: 404, body });
			const result = await create({}, [{}], {
				onError: 'continueErrorOutput',
				settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			});

			expect(errorOf(result.outputs[1][0].json)).toMatchObject({ taskMayExist: true });
			expect(klingCreates()).toHaveLength(1);
		},
	);

	it.each<[string, ScriptedAnswer[]]>([
		// the simulator refuses a key used before with an HTTP 400 of Kling's
		['refused (HTTP 400)', []],
		[
			'refused in a success (HTTP 200, a code of its own)',
			[
				{
					status: 200,
					body: { code: 1201, message: 'external_task_id already exists', data: null },
				},
			],
		],
	])(
		'made late after all: the retry under the same key is %s, a second lookup finds the task, nothing paid twice',
		async (_case, retryAnswers) => {
			simulator().answerNext('klingCreate', { status: 500, afterCreate: true });
			simulator().answerNext('klingQuery', {
				status: 404,
				body: { code: 1203, message: 'task not found', request_id: 'r', data: null },
			});
			for (const answer of retryAnswers) simulator().answerNext('klingCreate', answer);
			const result = await create({}, [{}], {
				settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			});

			expect(result.error).toBeUndefined();
			expect(simulator().tasks.size).toBe(1);
			const [task] = simulator().tasks.values();
			expect(result.outputs[0][0].json.id).toBe(`kling:text2video:${task.id}`);
			expect(klingCreates()).toHaveLength(2);
		},
	);

	it('additional body fields may ask for multi-shot (Kling 3): sent as asked', async () => {
		const result = await create({
			model: 'kling-v3',
			options: { additionalBodyFields: '{"multi_shot": "true", "shot_type": "customize"}' },
		});

		expect(result.error).toBeUndefined();
		expect(klingCreates()[0].body).toMatchObject({ multi_shot: 'true', shot_type: 'customize' });
	});

	it('a success (code 0) that names no task, and a lookup that finds none: still probably made, never "nothing created"', async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			afterCreate: true,
			body: { code: 0, message: 'SUCCEED', data: { task_status: 'submitted' } },
		});
		simulator().answerNext('klingQuery', {
			status: 404,
			body: { code: 1203, message: 'task not found', data: null },
		});
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const error = errorOf(result.outputs[1][0].json);
		expect(error).toMatchObject({ taskMayExist: true });
		expect(String(error?.message)).toMatch(/names no task: the task was probably created/);
	});

	it("a relay's own code in a success (not Kling's), after the task was made: unclear, the key finds the task", async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			afterCreate: true,
			body: { code: 500, message: 'upstream timeout', data: null },
		});
		const result = await create({}, [{}], {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(result.error).toBeUndefined();
		expect(simulator().tasks.size).toBe(1);
		expect(klingCreates()).toHaveLength(1);
	});

	it('a 429 from a relay that made the task all the same: the resend under the same key is refused, the key finds the task', async () => {
		simulator().answerNext('klingCreate', {
			status: 429,
			afterCreate: true,
			headers: { 'Retry-After': '0' },
		});
		const result = await create({});

		expect(result.error).toBeUndefined();
		expect(simulator().tasks.size).toBe(1);
		const [task] = simulator().tasks.values();
		expect(result.outputs[0][0].json.id).toBe(`kling:text2video:${task.id}`);
	});

	it("a lookup by key that answers another key's task is not taken for this row's", async () => {
		simulator().answerNext('klingCreate', { status: 500 });
		simulator().answerNext('klingQuery', {
			status: 200,
			body: {
				code: 0,
				message: 'SUCCEED',
				data: {
					task_id: '777',
					task_status: 'succeed',
					task_info: { external_task_id: 'someone-else' },
				},
			},
		});
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const error = errorOf(result.outputs[1][0].json);
		expect(error).toMatchObject({ taskMayExist: true });
		expect(error?.taskId).toBeUndefined();
	});

	it('a success that names its task with a code other than 0 is the task, not a refusal', async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			body: {
				code: 'success',
				message: 'ok',
				data: { task_id: '123456', task_status: 'submitted' },
			},
		});
		const result = await create({});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.id).toBe('kling:text2video:123456');
	});

	it('a task ID as a number too long for JSON (its last digits lost) is not taken: the task is probably made, said so', async () => {
		simulator().answerNext('klingCreate', {
			status: 200,
			body: '{"code":0,"message":"SUCCEED","data":{"task_id":867283741759111202,"task_status":"submitted"}}',
			contentType: 'application/json',
		});
		// the same relay's lookup by the row's key: the same number
		simulator().answerNext('klingQuery', {
			status: 200,
			body: '{"code":0,"message":"SUCCEED","data":{"task_id":867283741759111202,"task_status":"submitted"}}',
			contentType: 'application/json',
		});
		const result = await create({}, [{}], { onError: 'continueErrorOutput' });

		const error = errorOf(result.outputs[1][0].json);
		expect(error).toMatchObject({ taskMayExist: true });
		expect(error?.taskId).toBeUndefined();
		expect(String(error?.message)).toMatch(/names no task: the task was probably created/);
	});
});
