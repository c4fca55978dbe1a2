import { familyOfAnyModel } from './simulator/contract';
import type { SimulatorOptions } from './simulator/server';
import { useSimulator } from './useSimulator';
import { clock } from '../nodes/QuickRouter/run/clock';

/**
 * The simulator's Seedance and Hailuo routes over plain HTTP: the judges of the node's requests
 * for those families must themselves hold to the facts (../shared/quickrouter-api.md). Each rule
 * is shown enforced: a good create is taken and its task goes from queued to done with its video
 * links; each bad body is refused with a message naming its field; the 1.x batch query pages as
 * Volcengine does; Hailuo's download links can be made to fail.
 */

/** A task's time from create to done, in the tests that watch it work (the node's clock, 10× fast). */
const TASK_MS = 5000;
const options: SimulatorOptions = {
	// done at the first lookup, unless a test watches a task work (TASK_MS)
	taskDurationMs: 0,
	// the prompt as the family gives it to failureFor: for Seedance 1.x, without its commands
	failureFor: (input) => (input.prompt.endsWith('FAIL') ? 'content flagged' : undefined),
};
const simulator = useSimulator(options);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers read loosely, as JSON
type Json = any;

async function call(
	method: 'GET' | 'POST',
	path: string,
	body?: unknown,
	key = simulator().apiKey,
): Promise<{ status: number; json: Json; text: string }> {
	const url = path.startsWith('http') ? path : simulator().url + path;
	const response = await fetch(url, {
		method,
		headers: {
			Authorization: `Bearer ${key}`,
			'Content-Type': 'application/json',
			Accept: 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let json: Json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text };
}

/** Until the tasks made now are done (on the node's clock, as the simulator's tasks are). */
const untilDone = async () => await clock.sleep(simulator().settings.taskDurationMs + 100);

const V3 = '/api/v3/contents/generations/tasks';
const VOLC = '/volc/v1/contents/generations/tasks';
const HAILUO = '/minimax/v1/video_generation';
const HAILUO_QUERY = '/minimax/v1/query/video_generation';
const CGT = /^cgt-\d{14}-[a-z0-9]{5}$/;

const text = (value: string) => ({ type: 'text', text: value });
const image = (role: string, url = 'https://img.example/a.png') => ({
	type: 'image_url',
	image_url: { url },
	role,
});
const v3Body = (fields: Record<string, unknown> = {}) => ({
	model: 'doubao-seedance-2-0-260128',
	content: [text('a paper boat on a pond')],
	...fields,
});
const volcBody = (prompt: string, fields: Record<string, unknown> = {}) => ({
	model: 'doubao-seedance-1-5-pro-251215',
	content: [text(prompt)],
	...fields,
});
const batch = (query: string) => call('GET', `${VOLC}?${query}`);

describe('Seedance 2.0: POST /api/v3/contents/generations/tasks', () => {
	it('takes a good create, and its task goes queued → succeeded with its video and usage', async () => {
		simulator().settings.taskDurationMs = TASK_MS;
		const created = await call(
			'POST',
			V3,
			v3Body({
				content: [
					text('a paper boat on a pond'),
					image('first_frame'),
					image('last_frame', 'data:image/png;base64,iVBORw0KGgo='),
				],
				generate_audio: true,
				ratio: '9:16',
				duration: 8,
				watermark: false,
			}),
		);
		expect(created).toMatchObject({ status: 200, json: { id: expect.stringMatching(CGT) } });
		expect(Object.keys(created.json)).toEqual(['id']);
		const { id } = created.json;

		const early = await call('GET', `${V3}/${id}`);
		expect(early.status).toBe(200);
		expect(early.json).toMatchObject({
			id,
			model: 'doubao-seedance-2-0-260128',
			status: 'queued',
			error: null,
			ratio: '9:16',
			duration: 8,
			resolution: '720p',
		});
		expect(early.json.content).toBeUndefined();
		expect(early.json.usage).toBeUndefined();
		// unix seconds
		expect(String(early.json.created_at)).toMatch(/^\d{10}$/);
		expect(Math.abs(early.json.created_at - clock.now() / 1000)).toBeLessThan(5);

		await untilDone();
		const done = await call('GET', `${V3}/${id}`);
		expect(done.json).toMatchObject({
			status: 'succeeded',
			error: null,
			content: { video_url: expect.stringMatching(/^http:\/\/.+\.mp4$/) },
			usage: { completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
			seed: expect.any(Number),
		});
		expect(done.json.updated_at).toBeGreaterThanOrEqual(done.json.created_at);
		const video = await call('GET', done.json.content.video_url);
		expect(video.status).toBe(200);
		expect(simulator().requestsTo('seedanceCreate')).toHaveLength(1);
		expect(simulator().requestsTo('seedanceQuery')).toHaveLength(2);
	});

	it('takes references (image, video, audio) and the fast model', async () => {
		const created = await call('POST', V3, {
			model: 'doubao-seedance-2-0-fast-260128',
			content: [
				text('the same boat, at night'),
				image('reference_image'),
				{
					type: 'video_url',
					video_url: { url: 'https://v.example/a.mp4' },
					role: 'reference_video',
				},
				{
					type: 'audio_url',
					audio_url: { url: 'https://a.example/a.mp3' },
					role: 'reference_audio',
				},
			],
		});
		expect(created.status).toBe(200);
		expect(created.json.id).toMatch(CGT);
	});

	it.each<[string, Record<string, unknown>, string]>([
		['an unknown field', v3Body({ resolution: '720p' }), 'resolution'],
		['no content', { model: 'doubao-seedance-2-0-260128' }, 'content'],
		['an empty content', v3Body({ content: [] }), 'content'],
		['an unknown model', v3Body({ model: 'doubao-seedance-3-0' }), 'model'],
		['a 1.x model', v3Body({ model: 'doubao-seedance-1-5-pro-251215' }), 'model'],
		['a text item without text', v3Body({ content: [{ type: 'text' }] }), 'content[0].text'],
		[
			'an unknown field in an item',
			v3Body({ content: [{ ...text('x'), role: 'first_frame' }] }),
			'content[0].role',
		],
		['an unknown item type', v3Body({ content: [{ type: 'image' }] }), 'content[0].type'],
		[
			'an image without a role',
			v3Body({
				content: [text('x'), { type: 'image_url', image_url: { url: 'https://i.example/a.png' } }],
			}),
			'content[1].role',
		],
		[
			'an image as a reference_video',
			v3Body({ content: [text('x'), image('reference_video')] }),
			'content[1].role',
		],
		[
			'an image that is no URL',
			v3Body({ content: [text('x'), image('first_frame', 'ftp://i.example/a.png')] }),
			'content[1].image_url.url',
		],
		[
			'a video as a reference_image',
			v3Body({
				content: [
					text('x'),
					{
						type: 'video_url',
						video_url: { url: 'https://v.example/a.mp4' },
						role: 'reference_image',
					},
				],
			}),
			'content[1].role',
		],
		[
			'an audio from a data URL',
			v3Body({
				content: [
					text('x'),
					{
						type: 'audio_url',
						audio_url: { url: 'data:audio/mp3;base64,AAAA' },
						role: 'reference_audio',
					},
				],
			}),
			'content[1].audio_url.url',
		],
		['a ratio not in the list', v3Body({ ratio: '2:1' }), 'ratio'],
		['adaptive (1.x only)', v3Body({ ratio: 'adaptive' }), 'ratio'],
		['a duration over 12', v3Body({ duration: 13 }), 'duration'],
		['a duration under 2', v3Body({ duration: 1 }), 'duration'],
		['a fractional duration', v3Body({ duration: 5.5 }), 'duration'],
		['a duration as a string', v3Body({ duration: '5' }), 'duration'],
		['generate_audio as a string', v3Body({ generate_audio: 'true' }), 'generate_audio'],
		['watermark as a number', v3Body({ watermark: 0 }), 'watermark'],
		[
			'a last frame without a first',
			v3Body({ content: [text('x'), image('last_frame')] }),
			'content[1].role',
		],
		[
			'two first frames',
			v3Body({ content: [text('x'), image('first_frame'), image('first_frame')] }),
			'content[2].role',
		],
	])('refuses %s, naming the field (400 InvalidParameter)', async (_, body, field) => {
		const answer = await call('POST', V3, body);
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({
			error: { code: 'InvalidParameter', message: expect.stringContaining(`\`${field}\``) },
		});
		expect(simulator().tasks.size).toBe(0);
	});

	it('a failed task: status failed, the reason in error, no content', async () => {
		const { json } = await call('POST', V3, v3Body({ content: [text('please FAIL')] }));
		const answer = await call('GET', `${V3}/${json.id}`);
		expect(answer.json).toMatchObject({
			status: 'failed',
			error: { code: expect.any(String), message: 'content flagged' },
		});
		expect(answer.json.content).toBeUndefined();
	});

	it('a lookup of an unknown task, or of a 1.x task, is 404 ResourceNotFound', async () => {
		const volc = await call('POST', VOLC, volcBody('a cat'));
		for (const id of ['cgt-20250917121233-f4sg6', volc.json.id]) {
			const answer = await call('GET', `${V3}/${id}`);
			expect(answer.status).toBe(404);
			expect(answer.json.error).toEqual({
				code: 'ResourceNotFound',
				message: expect.stringContaining(id),
			});
		}
	});
});

describe('Seedance 1.x: POST /volc/v1/contents/generations/tasks, options as text commands', () => {
	it('reads the commands after the prompt, by either name; failureFor gets the prompt alone', async () => {
		const made = await call(
			'POST',
			VOLC,
			volcBody('A cat surfing --ratio 4:3 --dur 6 --wm false --rs 1080p --seed 42 --cf true', {
				content: [
					text('A cat surfing --ratio 4:3 --dur 6 --wm false --rs 1080p --seed 42 --cf true'),
					image('first_frame'),
					image('last_frame'),
				],
			}),
		);
		expect(made).toMatchObject({ status: 200, json: { id: expect.stringMatching(CGT) } });
		const aliases = await call(
			'POST',
			VOLC,
			volcBody(
				'A dog FAIL --rt adaptive --duration 3 --watermark true --resolution 480p --camerafixed false',
				{ model: 'doubao-seedance-1-0-lite-t2v-250428' },
			),
		);
		expect(aliases.status).toBe(200);
		const plain = await call('POST', VOLC, volcBody('only a prompt, -- and a dash'));
		expect(plain.status).toBe(200);
		const task = simulator().tasks.get(made.json.id)!;
		expect(task.input.prompt).toBe('A cat surfing');

		const { json } = await batch(`filter.task_ids=${made.json.id},${aliases.json.id}`);
		const byId = Object.fromEntries(json.items.map((item: Json) => [item.id, item]));
		expect(byId[made.json.id]).toMatchObject({
			model: 'doubao-seedance-1-5-pro-251215',
			status: 'succeeded',
			ratio: '4:3',
			duration: 6,
			resolution: '1080p',
			seed: 42,
			content: { video_url: expect.stringMatching(/\.mp4$/) },
		});
		// 'A dog FAIL' ends with FAIL once its commands are taken off
		expect(byId[aliases.json.id]).toMatchObject({
			status: 'failed',
			error: { message: 'content flagged' },
			ratio: 'adaptive',
			duration: 3,
			resolution: '480p',
		});
	});

	it.each<[string, Record<string, unknown>, string, RegExp]>([
		...['ratio', 'duration', 'watermark', 'generate_audio'].map(
			(field) =>
				[
					`the body field ${field}`,
					volcBody('a cat', { [field]: field === 'ratio' ? '16:9' : 5 }),
					field,
					/unknown field/,
				] as [string, Record<string, unknown>, string, RegExp],
		),
		['an unknown command', volcBody('a cat --fps 24'), 'content[0].text', /--fps/],
		['a bad ratio', volcBody('a cat --ratio 2:1'), 'content[0].text', /--ratio 2:1/],
		['a duration over 12', volcBody('a cat --dur 13'), 'content[0].text', /--dur 13/],
		['a fractional duration', volcBody('a cat --dur 5.5'), 'content[0].text', /--dur/],
		['a watermark not true/false', volcBody('a cat --wm yes'), 'content[0].text', /--wm yes/],
		['a resolution not in the list', volcBody('a cat --rs 4k'), 'content[0].text', /--rs 4k/],
		['a seed not a number', volcBody('a cat --seed x'), 'content[0].text', /--seed/],
		['a command with no value', volcBody('a cat --dur'), 'content[0].text', /--dur has no value/],
		['a command given twice', volcBody('a cat --dur 5 --dur 6'), 'content[0].text', /twice/],
		[
			'a command given twice by its two names',
			volcBody('a cat --dur 5 --duration 6'),
			'content[0].text',
			/twice/,
		],
		['words after the commands', volcBody('a cat --dur 5 surfing'), 'content[0].text', /surfing/],
		['a 2.0 model', volcBody('a cat', { model: 'doubao-seedance-2-0-260128' }), 'model', /1\.x/],
		[
			'a reference image',
			volcBody('a cat', { content: [text('a cat'), image('reference_image')] }),
			'content[1].role',
			/first_frame' \| 'last_frame/,
		],
		[
			'a video item',
			volcBody('a cat', {
				content: [
					text('a cat'),
					{
						type: 'video_url',
						video_url: { url: 'https://v.example/a.mp4' },
						role: 'reference_video',
					},
				],
			}),
			'content[1].type',
			/'text' \| 'image_url'/,
		],
		[
			'a last frame without a first',
			volcBody('a cat', { content: [text('a cat'), image('last_frame')] }),
			'content[1].role',
			/needs a first_frame/,
		],
		[
			'two first frames',
			volcBody('a cat', { content: [image('first_frame'), text('a cat'), image('first_frame')] }),
			'content[2].role',
			/second first_frame/,
		],
		[
			'two text items',
			volcBody('a cat', { content: [text('a cat'), text('--dur 5')] }),
			'content[1]',
			/second text item/,
		],
	])('refuses %s, naming the field', async (_, body, field, message) => {
		const answer = await call('POST', VOLC, body);
		expect(answer.status).toBe(400);
		expect(answer.json.error.code).toBe('InvalidParameter');
		expect(answer.json.error.message).toContain(`\`${field}\``);
		expect(answer.json.error.message).toMatch(message);
		expect(simulator().tasks.size).toBe(0);
	});
});

describe('Seedance 1.x: the batch query GET /volc/v1/contents/generations/tasks', () => {
	async function makeVolcTasks(count: number): Promise<string[]> {
		const answers = await Promise.all(
			Array.from({ length: count }, (_, i) => call('POST', VOLC, volcBody(`boat ${i}`))),
		);
		return answers.map((answer) => answer.json.id as string);
	}

	it('pages at 10 by default: 30 IDs asked, 10 items, total 30; page_size and page_num honoured', async () => {
		const ids = await makeVolcTasks(30);
		const filter = `filter.task_ids=${ids.join(',')}`;

		const first = await batch(filter);
		expect(first.status).toBe(200);
		expect(first.json.items).toHaveLength(10);
		expect(first.json.total).toBe(30);
		expect(first.json.items[0]).toMatchObject({ status: 'succeeded', error: null });

		const whole = await batch(`${filter}&page_size=30`);
		expect(whole.json.items.map((item: Json) => item.id).sort()).toEqual([...ids].sort());

		const pages = await Promise.all(
			[1, 2, 3, 4].map((page) => batch(`${filter}&page_num=${page}`)),
		);
		expect(pages.map((page) => page.json.items.length)).toEqual([10, 10, 10, 0]);
		const paged = pages.flatMap((page) => page.json.items.map((item: Json) => item.id));
		expect(new Set(paged)).toEqual(new Set(ids));

		const small = await batch(`${filter}&page_size=7&page_num=5`);
		expect(small.json).toMatchObject({ total: 30 });
		expect(small.json.items).toHaveLength(2);
	});

	it('takes the parameter repeated; leaves out unknown and 2.0 IDs; no filter lists the 1.x tasks', async () => {
		const ids = await makeVolcTasks(3);
		const v3 = await call('POST', V3, v3Body());
		const repeated = await batch(
			[...ids, 'cgt-20250917121233-f4sg6', v3.json.id]
				.map((id) => `filter.task_ids=${id}`)
				.join('&'),
		);
		expect(repeated.json.total).toBe(3);
		expect(repeated.json.items.map((item: Json) => item.id).sort()).toEqual([...ids].sort());

		const all = await batch('');
		expect(all.json.total).toBe(3);

		const none = await batch('filter.task_ids=cgt-20250917121233-f4sg6');
		expect(none.json).toEqual({ items: [], total: 0 });
	});

	it('counts every lookup, and names the tasks each one asked about', async () => {
		const ids = await makeVolcTasks(3);
		await batch(`filter.task_ids=${ids.join(',')}`);
		await batch(`filter.task_ids=${ids[0]}&filter.task_ids=${ids[1]}`);
		expect(simulator().requestsTo('seedanceBatchQuery')).toHaveLength(2);
		const counts = simulator().lookupsPerTask();
		expect(ids.map((id) => counts.get(id))).toEqual([2, 2, 1]);
	});

	it.each([
		['page_size=501', 'page_size'],
		['page_size=0', 'page_size'],
		['page_num=0', 'page_num'],
		['page_size=ten', 'page_size'],
		['filter.status=queued', 'filter.status'],
		['task_id=cgt-20250917121233-f4sg6', 'task_id'],
		['filter.task_ids=', 'filter.task_ids'],
	])('refuses %s, naming it', async (query, field) => {
		const answer = await batch(query);
		expect(answer.status).toBe(400);
		expect(answer.json.error).toEqual({
			code: 'InvalidParameter',
			message: expect.stringContaining(`\`${field}\``),
		});
	});

	it('has no single-task lookup on /volc', async () => {
		const [id] = await makeVolcTasks(1);
		expect((await call('GET', `${VOLC}/${id}`)).status).toBe(404);
	});
});

describe('Hailuo: POST /minimax/v1/video_generation and its query', () => {
	const hailuo = (fields: Record<string, unknown> = {}) => ({
		model: 'MiniMax-Hailuo-2.3',
		prompt: 'a paper boat on a pond [Push in]',
		...fields,
	});

	it('takes a good create, and its task goes queued → SUCCESS with two download links', async () => {
		simulator().settings.taskDurationMs = TASK_MS;
		const created = await call(
			'POST',
			HAILUO,
			hailuo({
				duration: 10,
				resolution: '768P',
				prompt_optimizer: false,
				aigc_watermark: true,
				callback_url: 'https://hooks.example/minimax',
			}),
		);
		expect(created).toEqual({
			status: 200,
			json: {
				task_id: expect.stringMatching(/^\d{15}$/),
				base_resp: { status_code: 0, status_msg: 'success' },
			},
			text: expect.any(String),
		});
		const taskId = created.json.task_id;

		const early = await call('GET', `${HAILUO_QUERY}?task_id=${taskId}`);
		expect(early.status).toBe(200);
		expect(early.json).toMatchObject({
			code: 'success',
			data: {
				task_id: taskId,
				status: expect.stringMatching(/^(PREPARING|QUEUEING)$/),
				fail_reason: '',
				progress: '0%',
				data: { status: expect.stringMatching(/^(Preparing|Queueing)$/) },
			},
		});
		expect(early.json.data.data.file).toBeUndefined();

		await clock.sleep(TASK_MS / 2);
		const midway = await call('GET', `${HAILUO_QUERY}?task_id=${taskId}`);
		expect(midway.json.data).toMatchObject({
			status: 'PROCESSING',
			progress: expect.stringMatching(/^\d+%$/),
			data: { status: 'Processing' },
		});

		await untilDone();
		const done = await call('GET', `${HAILUO_QUERY}?task_id=${taskId}`);
		expect(done.json.data).toMatchObject({
			status: 'SUCCESS',
			progress: '100%',
			data: {
				status: 'Success',
				file: {
					download_url: expect.stringMatching(/\.mp4$/),
					backup_download_url: expect.stringMatching(/\.mp4$/),
				},
			},
		});
		const { download_url, backup_download_url } = done.json.data.data.file;
		expect(download_url).not.toBe(backup_download_url);
		for (const link of [download_url, backup_download_url]) {
			expect((await call('GET', link)).status).toBe(200);
		}
		expect(simulator().requestsTo('hailuoCreate')).toHaveLength(1);
		expect(simulator().requestsTo('hailuoQuery')).toHaveLength(3);
		expect(simulator().lookupsPerTask().get(taskId)).toBe(3);
	});

	it.each<[string, Record<string, unknown>]>([
		[
			'02 from a first and a last frame, 10 s',
			hailuo({
				model: 'MiniMax-Hailuo-02',
				duration: 10,
				first_frame_image: 'https://i.example/a.png',
				last_frame_image: 'data:image/webp;base64,UklGRg==',
			}),
		],
		[
			'2.3-Fast from a first frame, no prompt',
			{ model: 'MiniMax-Hailuo-2.3-Fast', first_frame_image: 'https://i.example/a.png' },
		],
		['1080P at 6 s', hailuo({ resolution: '1080P', duration: 6 })],
		['a prompt of 2,000 characters', hailuo({ prompt: 'x'.repeat(2000) })],
	])('takes %s', async (_, body) => {
		const answer = await call('POST', HAILUO, body);
		expect(answer.json.base_resp.status_code).toBe(0);
		expect(answer.json.task_id).toMatch(/^\d{15}$/);
	});

	it.each<[string, Record<string, unknown>, string]>([
		[
			'an unknown field (the docs\' "prompt_optimizer ")',
			hailuo({ 'prompt_optimizer ': true }),
			'"prompt_optimizer "',
		],
		['an unknown model', hailuo({ model: 'MiniMax-Hailuo-01' }), 'model'],
		['a duration of 8', hailuo({ duration: 8 }), 'duration'],
		['a duration as a string', hailuo({ duration: '6' }), 'duration'],
		['512P', hailuo({ resolution: '512P' }), 'resolution'],
		['10 s at 1080P', hailuo({ duration: 10, resolution: '1080P' }), 'duration'],
		[
			'a last frame on 2.3',
			hailuo({
				first_frame_image: 'https://i.example/a.png',
				last_frame_image: 'https://i.example/b.png',
			}),
			'last_frame_image',
		],
		[
			'a last frame without a first',
			hailuo({ model: 'MiniMax-Hailuo-02', last_frame_image: 'https://i.example/b.png' }),
			'last_frame_image',
		],
		[
			'2.3-Fast without a first frame',
			hailuo({ model: 'MiniMax-Hailuo-2.3-Fast' }),
			'first_frame_image',
		],
		['a prompt over 2,000 characters', hailuo({ prompt: 'x'.repeat(2001) }), 'prompt'],
		['no prompt and no first frame', { model: 'MiniMax-Hailuo-02' }, 'prompt'],
		['a first frame that is no URL', hailuo({ first_frame_image: 'a.png' }), 'first_frame_image'],
		[
			'a GIF data URL',
			hailuo({ first_frame_image: 'data:image/gif;base64,R0lG' }),
			'first_frame_image',
		],
		[
			'a callback that is not http(s)',
			hailuo({ callback_url: 'ftp://hooks.example/x' }),
			'callback_url',
		],
		['prompt_optimizer as a string', hailuo({ prompt_optimizer: 'true' }), 'prompt_optimizer'],
		['aigc_watermark as a number', hailuo({ aigc_watermark: 1 }), 'aigc_watermark'],
	])(
		'refuses %s the MiniMax way (HTTP 200, status_code 2013, the field named)',
		async (_, body, field) => {
			const answer = await call('POST', HAILUO, body);
			expect(answer.status).toBe(200);
			expect(answer.json).toEqual({
				task_id: '',
				base_resp: {
					status_code: 2013,
					status_msg: expect.stringMatching(
						new RegExp(`^invalid params, ${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
					),
				},
			});
			expect(simulator().tasks.size).toBe(0);
		},
	);

	it('a failed task: outer FAIL, inner Fail, fail_reason, no file', async () => {
		const { json } = await call('POST', HAILUO, hailuo({ prompt: 'please FAIL' }));
		const answer = await call('GET', `${HAILUO_QUERY}?task_id=${json.task_id}`);
		expect(answer.json.data).toMatchObject({
			status: 'FAIL',
			fail_reason: 'content flagged',
			data: { status: 'Fail' },
		});
		expect(answer.json.data.data.file).toBeUndefined();
	});

	it('an unknown task is HTTP 404 with base_resp 2013; a bad task_id HTTP 400', async () => {
		const unknown = await call('GET', `${HAILUO_QUERY}?task_id=306792606023824`);
		expect(unknown).toMatchObject({
			status: 404,
			json: { base_resp: { status_code: 2013, status_msg: 'task not found' } },
		});
		for (const query of ['', '?task_id=abc', '?task_id=1&task_id=2', '?id=306792606023824']) {
			const bad = await call('GET', `${HAILUO_QUERY}${query}`);
			expect(bad.status).toBe(400);
			expect(bad.json.base_resp.status_code).toBe(2013);
		}
	});

	it.each([
		['primary', [403, 200]],
		['both', [403, 403]],
		['none', [200, 200]],
	] as const)('hailuoExpiredLinks %s: the links that fail, fail', async (knob, statuses) => {
		expect(simulator().settings.hailuoExpiredLinks).toBe('none');
		simulator().settings.hailuoExpiredLinks = knob;
		const { json } = await call('POST', HAILUO, hailuo());
		const { file } = (await call('GET', `${HAILUO_QUERY}?task_id=${json.task_id}`)).json.data.data;
		const got = [];
		for (const link of [file.download_url, file.backup_download_url]) {
			const answer = await call('GET', link);
			got.push(answer.status);
			if (answer.status === 403) expect(answer.text).toMatch(/expired/);
		}
		expect(got).toEqual(statuses);
	});
});

describe("the new routes, as the simulator's others", () => {
	const routes: Array<[string, 'GET' | 'POST', string]> = [
		['seedanceCreate', 'POST', V3],
		['seedanceCreate', 'POST', VOLC],
		['seedanceQuery', 'GET', `${V3}/cgt-20250917121233-f4sg6`],
		['seedanceBatchQuery', 'GET', `${VOLC}?filter.task_ids=cgt-20250917121233-f4sg6`],
		['hailuoCreate', 'POST', HAILUO],
		['hailuoQuery', 'GET', `${HAILUO_QUERY}?task_id=306792606023824`],
	];

	it.each(routes)(
		'%s (%s %s): a bad key is 401, and the request is recorded',
		async (route, method, path) => {
			const answer = await call(method, path, method === 'POST' ? {} : undefined, 'qr-wrong');
			expect(answer.status).toBe(401);
			expect(simulator().requestsTo(route as 'seedanceCreate')).toHaveLength(1);
		},
	);

	it('answerNext takes the new route names; afterCreate makes the task first', async () => {
		simulator().answerNext('hailuoQuery', { status: 503 });
		simulator().answerNext('seedanceCreate', { status: 500, afterCreate: true });
		expect((await call('GET', `${HAILUO_QUERY}?task_id=306792606023824`)).status).toBe(503);
		expect((await call('POST', VOLC, volcBody('a cat --dur 5'))).status).toBe(500);
		const [task] = simulator().tasks.values();
		expect(task).toMatchObject({ family: 'seedance', seedance: { route: 'volc', duration: 5 } });
		expect((await batch(`filter.task_ids=${task.id}`)).json.total).toBe(1);
	});

	it('reset() forgets the tasks, the scripted answers and the knob', async () => {
		simulator().settings.hailuoExpiredLinks = 'both';
		simulator().answerNext('seedanceQuery', { status: 500 });
		await call('POST', HAILUO, { model: 'MiniMax-Hailuo-02', prompt: 'x' });
		simulator().reset();
		expect(simulator().tasks.size).toBe(0);
		expect(simulator().requests).toHaveLength(0);
		expect(simulator().settings.hailuoExpiredLinks).toBe('none');
		expect((await call('GET', `${V3}/cgt-20250917121233-f4sg6`)).status).toBe(404);
	});

	it("familyOfAnyModel knows the models of every family, by the docs' lists", () => {
		expect(
			[
				'doubao-seedance-2-0-260128',
				'doubao-seedance-2-0-fast-260128',
				'doubao-seedance-1-5-pro-251215',
				'doubao-seedance-1-0-lite-t2v-250428',
				'MiniMax-Hailuo-02',
				'MiniMax-Hailuo-2.3-Fast',
				'kling-v2-6',
				'veo3.1-fast',
				'grok-video-3',
				'doubao-seedance-3-0',
			].map((model) => familyOfAnyModel(model)),
		).toEqual([
			'seedance',
			'seedance',
			'seedance',
			'seedance',
			'hailuo',
			'hailuo',
			'kling',
			'veo',
			'grok',
			undefined,
		]);
	});
});
