import { readTask, stateOfWord, taskRequestOf } from '../nodes/QuickRouter/transport/answers';

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
		const asked = taskRequestOf({ body: { model: 'veo3', prompt: 'p', enable_upsample: true } });

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
		expect(readTask(grok, taskRequestOf({ body: { model: 'grok-video-3' } }))?.model).toBe(
			'grok-video-3',
		);
		expect(readTask(veo({ status: 'pending' }))?.model).toBe('veo3');
	});
});
