import {
	otherTaskAnswered,
	readCreatedTask,
	readTask,
	stateOfWord,
	taskRequestOf,
} from '../nodes/QuickRouter/transport/answers';

/**
 * The module that owns the API's answer shapes, on its own: the shapes whose reading depends on
 * a detail an engine run does not vary easily.
 */

const veo = (fields: object) => ({ id: 'veo3:1770350082-trii1OXZc3', ...fields });

describe('stateOfWord', () => {
	it.each([
		[' Completed ', 'completed'],
		['DONE', 'completed'],
		['finished', 'completed'],
		['IN PROGRESS', 'processing'],
		['in-progress', 'processing'],
		['Video Generating', 'processing'],
		['expired', 'failed'],
		['constructor', undefined],
		['baking', undefined],
		[42, undefined],
	])('reads %j as %s', (word, state) => {
		expect(stateOfWord(word)).toBe(state);
	});

	it('reads pending_info\'s word loosely too: " Failed " there fails a pending task', () => {
		const task = readTask(
			veo({
				status: 'pending',
				detail: { pending_info: { status: ' Failed ', failure_reason: 'x' } },
			}),
		);
		expect(task?.status).toBe('failed');
	});
});

describe('readTask', () => {
	it.each([
		['fenced with a new line', '```\nA robot walks\n```', 'A robot walks'],
		['fenced with a language tag', '```text\nA robot walks\n```', 'A robot walks'],
		['fenced on one line: the first word is the prompt', '```A robot walks```', 'A robot walks'],
		['a first word with a colon', '```English: a robot\n```', 'English: a robot'],
		['no fences', 'A robot walks', 'A robot walks'],
		['only fences', '```\n```', null],
		[
			'whose first line is one capitalised word',
			'```Cinematic\nA robot walks```',
			'Cinematic\nA robot walks',
		],
	])('reads an enhanced prompt %s', (_name, enhanced, expected) => {
		const task = readTask(veo({ status: 'video_generating', enhanced_prompt: enhanced }));
		expect(task?.enhancedPrompt).toBe(expected);
	});

	it('keeps a Veo task processing at its plain video when the request asked for upscaling', () => {
		const plainDone = veo({
			status: 'video_generation_completed',
			video_url: 'https://cdn.example/plain.mp4',
			detail: { video_url: 'https://cdn.example/plain.mp4' },
		});
		const asked = taskRequestOf({
			model: 'veo3',
			request: { body: { model: 'veo3', prompt: 'p', enable_upsample: true } },
		});

		expect(readTask(plainDone, asked)).toMatchObject({ status: 'processing' });
		expect(readTask({ ...plainDone, status: 'VIDEO_GENERATION_COMPLETED' }, asked)).toMatchObject({
			status: 'processing',
		});
		// Get does not know what was asked: the plain video is the video
		expect(readTask(plainDone)).toMatchObject({
			status: 'completed',
			videoUrl: 'https://cdn.example/plain.mp4',
		});
		expect(
			readTask(
				veo({
					status: 'completed',
					video_url: 'https://cdn.example/up.mp4',
					detail: { upsample_video_url: 'https://cdn.example/up.mp4' },
				}),
				asked,
			),
		).toMatchObject({ status: 'completed', videoUrl: 'https://cdn.example/up.mp4' });
	});

	it("names the model the request sent where the answer does not (Grok's IDs say only grok)", () => {
		const grok = { id: 'grok:eee6faa8-9dee-455c-aa82-02ac623adf3a', status: 'pending' };
		expect(readTask(grok)?.model).toBeNull();
		expect(readTask(grok, taskRequestOf({ model: 'grok-video-3' }))?.model).toBe('grok-video-3');
		expect(readTask(veo({ status: 'pending' }))?.model).toBe('veo3');
	});
});

describe('progress, failure reasons and task IDs as relays write them', () => {
	const processing = (fields: object) =>
		readTask(veo({ status: 'processing', ...fields }))?.progress;

	it.each([
		[{ progress_pct: 0.45 }, 45],
		[{ progress_pct: 45 }, 45],
		[{ progress_pct: '0.45' }, 45],
		[{ progress: 45 }, 45],
		// a percent as documented, however small: 0.45 % early on, not 45 %
		[{ progress: 0.45 }, 0.5],
		[{ progress_pct: 1 }, 100],
		[{ progress: '45 %' }, 45],
		[{ progress: ' 45% ' }, 45],
		[{ progress: '0.5%' }, 0.5],
		[{ progress: 1 }, 1],
		[{ progress: 'soon' }, null],
		[{ progress: -5 }, 0],
		[{ progress_pct: 2.5 }, 2.5],
	])('reads %j as %s %', (fields, percent) => {
		expect(processing(fields)).toBe(percent);
	});

	it('reads a progress text of spaces without end in linear time (a hostile answer)', () => {
		const started = Date.now();
		for (const padded of ['1' + ' '.repeat(100_000) + 'x', ' '.repeat(100_000) + '5 %x']) {
			expect(processing({ progress: padded })).toBeNull();
		}
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('prefers a reason in words over an object of codes, and keeps a long one short', () => {
		expect(
			readTask(
				veo({ status: 'failed', failure_reason: { code: 1 }, error_message: 'the real reason' }),
			)?.error,
		).toBe('the real reason');
		const long = readTask(
			veo({ status: 'failed', failure_reason: { message: 'm'.repeat(200_000) } }),
		)?.error as string;
		expect(long.length).toBe(1000);
		expect(long.endsWith('...')).toBe(true);
	});

	it.each([
		[
			{ failure_reason: { code: 'moderation', message: 'The prompt was refused' } },
			'The prompt was refused',
		],
		[{ failure_reason: { code: 'E42' } }, '{"code":"E42"}'],
		[{ failure_reason: '  upstream timed out  ' }, 'upstream timed out'],
		[{ fail_reason: 1301 }, 'code 1301'],
	])('reads the failure reason of %j', (fields, reason) => {
		expect(readTask(veo({ status: 'failed', ...fields }))?.error).toBe(reason);
	});

	it("reads a created task whose ID has spaces around it, or wrapped in a relay's data", () => {
		expect(readCreatedTask({ id: ' sora-2:task_a \n', status: 'pending' })).toEqual({
			id: 'sora-2:task_a',
			status: 'pending',
		});
		expect(
			readCreatedTask({ code: 0, message: 'ok', data: { id: 'veo3:1-a', status: 'pending' } }),
		).toEqual({ id: 'veo3:1-a', status: 'pending' });
		expect(readCreatedTask('{"code":0,"data":{"id":"grok:e-1"}}')).toEqual({ id: 'grok:e-1' });
		expect(readCreatedTask({ code: 500, message: 'busy', data: null })).toBeUndefined();
	});

	it.each([
		['the same task', 'sora-2:task_a', undefined],
		['the same task with spaces', ' sora-2:task_a ', undefined],
		["a bare upstream ID (Grok's query answers)", '033fa60e-1', undefined],
		['another whole task', 'sora-2:task_b', 'sora-2:task_b'],
	])('a status answer naming %s (%j) is taken for another task: %j', (_name, answered, other) => {
		expect(otherTaskAnswered({ id: answered, status: 'pending' }, 'sora-2:task_a')).toBe(other);
	});
});
