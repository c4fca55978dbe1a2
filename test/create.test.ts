import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter } from './harness/engine';
import { useSimulator } from './useSimulator';

// Sora's fields show the most of what a body can hold: the simulator serves it here as before
// OpenAI retired it (its refusal today: test/retired.test.ts)
const simulator = useSimulator({ modelsWithoutChannel: [] });

const create = (parameters: INodeParameters): INodeParameters => ({
	resource: 'video',
	operation: 'create',
	...parameters,
});

async function bodySentFor(parameters: INodeParameters, item: IDataObject = {}): Promise<unknown> {
	const result = await runQuickRouter({
		parameters: create(parameters),
		items: [item],
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
	});
	expect(result.error).toBeUndefined();
	const creates = simulator().requestsTo('create');
	expect(creates).toHaveLength(1);
	return creates[0].body;
}

describe('Video > Create: the JSON body each combination of fields sends', () => {
	it('sends the default model, Veo 3.1 Fast, and the prompt when nothing else is set', async () => {
		expect(await bodySentFor({ prompt: 'A cat surfing' })).toStrictEqual({
			model: 'veo3.1-fast',
			prompt: 'A cat surfing',
		});
	});

	it("sends Sora's defaults with a Sora model", async () => {
		expect(await bodySentFor({ model: 'sora-2', prompt: 'A cat surfing' })).toStrictEqual({
			model: 'sora-2',
			prompt: 'A cat surfing',
			orientation: 'portrait',
			size: 'small',
			duration: 10,
		});
	});

	it.each([
		['sora-2', 10],
		['sora-2', 15],
		['sora-2-pro', 10],
		['sora-2-pro', 15],
		['sora-2-pro', 25],
	])('sends model %s with duration %i', async (model, duration) => {
		expect(
			await bodySentFor({ prompt: 'p', model, duration, orientation: 'landscape', size: 'large' }),
		).toStrictEqual({ model, prompt: 'p', orientation: 'landscape', size: 'large', duration });
	});

	it('sends reference images, trimmed, without blank entries', async () => {
		const body = await bodySentFor(
			{
				model: 'sora-2',
				prompt: 'p',
				images: [' https://cdn.example.com/a.png ', '', '={{ $json.image }}'],
			},
			{ image: 'https://cdn.example.com/b.jpg' },
		);
		expect(body).toMatchObject({
			images: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.jpg'],
		});
	});

	it('sends no images field when every image entry is empty', async () => {
		const body = await bodySentFor(
			{ model: 'sora-2', prompt: 'p', images: ['', '={{ $json.image }}'] },
			{ image: '' },
		);
		expect(body).not.toHaveProperty('images');
	});

	it('sends the character video and its time range only when the character is switched on', async () => {
		const on = await bodySentFor({
			model: 'sora-2',
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://cdn.example.com/mascot.mp4',
			characterTimestamps: ' 1.5 , 3 ',
		});
		expect(on).toMatchObject({
			character_url: 'https://cdn.example.com/mascot.mp4',
			character_timestamps: '1.5,3',
		});

		simulator().reset();
		const off = await bodySentFor({
			model: 'sora-2',
			prompt: 'p',
			useCharacter: false,
			characterUrl: 'https://cdn.example.com/mascot.mp4',
			characterTimestamps: '1,3',
		});
		expect(off).not.toHaveProperty('character_url');
		expect(off).not.toHaveProperty('character_timestamps');
	});

	it('sends watermark and private only when set under Options', async () => {
		expect(
			await bodySentFor({
				model: 'sora-2',
				prompt: 'p',
				options: { watermark: false, private: true },
			}),
		).toMatchObject({
			watermark: false,
			private: true,
		});
		simulator().reset();
		expect(
			await bodySentFor({ model: 'sora-2', prompt: 'p', options: { watermark: true } }),
		).toMatchObject({
			watermark: true,
		});
		simulator().reset();
		const unset = await bodySentFor({ model: 'sora-2', prompt: 'p', options: {} });
		expect(unset).not.toHaveProperty('watermark');
		expect(unset).not.toHaveProperty('private');
	});

	it('takes every field from the row through expressions, reading "15" from a sheet as 15', async () => {
		const body = await bodySentFor(
			{
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				orientation: '={{ $json.orientation }}',
				size: '={{ $json.size }}',
				duration: '={{ $json.duration }}',
			},
			{
				model: 'sora-2-pro',
				prompt: 'From a sheet',
				orientation: 'landscape',
				size: 'large',
				duration: '25',
			},
		);
		expect(body).toStrictEqual({
			model: 'sora-2-pro',
			prompt: 'From a sheet',
			orientation: 'landscape',
			size: 'large',
			duration: 25,
		});
	});

	it('sends the documented example body', async () => {
		const body = await bodySentFor({
			model: 'sora-2',
			prompt: 'make animate',
			orientation: 'portrait',
			size: 'large',
			duration: 15,
			useCharacter: true,
			characterUrl: 'https://filesystem.site/cdn/20251030/javYrU4etHVFDqg8by7mViTWHlMOZy.mp4',
			characterTimestamps: '1,3',
		});
		expect(body).toStrictEqual({
			model: 'sora-2',
			prompt: 'make animate',
			orientation: 'portrait',
			size: 'large',
			duration: 15,
			character_url: 'https://filesystem.site/cdn/20251030/javYrU4etHVFDqg8by7mViTWHlMOZy.mp4',
			character_timestamps: '1,3',
		});
	});
});

describe('Video > Create: where the request goes and how it is signed', () => {
	it.each(['', '/', '/v1', '/v1/', '  '])(
		'posts to /v1/video/create with the Bearer key, base URL typed with "%s"',
		async (suffix) => {
			const result = await runQuickRouter({
				parameters: create({ prompt: 'p' }),
				items: [{}],
				credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url + suffix },
			});
			expect(result.error).toBeUndefined();
			const [request] = simulator().requests;
			expect(simulator().requests).toHaveLength(1);
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/v1/video/create');
			expect(request.headers.authorization).toBe(`Bearer ${simulator().apiKey}`);
			expect(request.headers['content-type']).toMatch(/^application\/json/);
			expect(request.headers.accept).toBe('application/json');
		},
	);
});

describe("Video > Create: the credential's Allowed HTTP Request Domains", () => {
	it.each(['veo3.1-fast', 'kling-v2-6'])(
		'%s: n8n will not send to another domain; the error says so, and that no task was made',
		async (model) => {
			const result = await runQuickRouter({
				parameters: create({ model, prompt: 'p', options: { maxAttempts: 5 } }),
				items: [{}],
				credentials: {
					apiKey: simulator().apiKey,
					baseUrl: simulator().url,
					allowedHttpRequestDomains: 'domains',
					allowedDomains: 'api.quickrouter.ai',
				},
				onError: 'continueRegularOutput',
			});

			const { error } = result.outputs[0][0].json as { error: IDataObject };
			expect(error.message).toMatch(/^Item 1: Domain not allowed/);
			expect(error.message).not.toMatch(/may have been created/);
			expect(error.taskMayExist).toBe(false);
			expect(simulator().requests).toHaveLength(0);
		},
	);
});

describe('Video > Create: output', () => {
	it('gives one task per input item, in input order, each paired with its item', async () => {
		const prompts = ['first', 'second', 'third', 'fourth', 'fifth'];
		const result = await runQuickRouter({
			parameters: create({ prompt: '={{ $json.prompt }}' }),
			items: prompts.map((prompt) => ({ prompt })),
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});

		expect(result.error).toBeUndefined();
		const [main] = result.outputs;
		expect(main).toHaveLength(5);
		main.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(Object.keys(item.json).sort()).toEqual(['id', 'status', 'status_update_time']);
			expect(item.json.status).toBe('pending');
			// the task at position i is the one created from prompt i
			expect(simulator().tasks.get(item.json.id as string)?.input.prompt).toBe(prompts[index]);
		});
		expect(new Set(main.map((item) => item.json.id)).size).toBe(5);
	});
});
