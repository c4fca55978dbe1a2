import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runQuickRouter, type OnError } from './harness/engine';
import { useSimulator } from './useSimulator';
import { errorMessageOf } from './harness/errorItems';

// Sora's fields (duration, orientation, size, character, images) are the richest rules to hold a
// row to: the simulator serves Sora here as before OpenAI retired it
const simulator = useSimulator({ modelsWithoutChannel: [] });

const create = (parameters: INodeParameters): INodeParameters => ({
	resource: 'video',
	operation: 'create',
	model: 'sora-2',
	...parameters,
});

async function run(parameters: INodeParameters, items: IDataObject[], onError?: OnError) {
	return await runQuickRouter({
		parameters: create(parameters),
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		onError,
	});
}

// Each case: the fields, the row, and what the error must say (it names the item and field).
const badInput: Array<[string, INodeParameters, IDataObject, RegExp]> = [
	['whitespace prompt', { prompt: '={{ $json.p }}' }, { p: '  \n\t ' }, /^Item 1: Prompt is empty/],
	[
		'prompt from an object',
		{ prompt: '={{ $json.p }}' },
		{ p: { a: 1 } },
		/^Item 1: Prompt must be text/,
	],
	['prompt from null', { prompt: '={{ $json.p }}' }, { p: null }, /^Item 1: Prompt /],
	[
		'a name that is no model of the catalogue (names of its models are read as their IDs)',
		{ prompt: 'p', model: '={{ $json.m }}' },
		{ m: 'Veo Ultra 5' },
		/^Item 1: Model must be a model ID like veo3.1-fast or grok-video-3, without spaces/,
	],
	[
		'empty model',
		{ prompt: 'p', model: '={{ $json.m }}' },
		{ m: '' },
		/^Item 1: Model is empty: choose a model, or map a model ID/,
	],
	[
		'25 s with sora-2 (expression)',
		{ prompt: 'p', model: '={{ $json.m }}', duration: 25 },
		{ m: 'sora-2' },
		/^Item 1: Duration 25 seconds is only available with sora-2-pro/,
	],
	[
		'25 s with sora-2 (fixed)',
		{ prompt: 'p', model: 'sora-2', duration: 25 },
		{},
		/^Item 1: Duration 25 seconds is only available with sora-2-pro/,
	],
	[
		'duration 20',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: 20 },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'duration 15.5',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: 15.5 },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'duration of a long run of spaces (a messy cell, read in linear time)',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: `1${' '.repeat(50_000)}x` },
		/^Item 1: Duration must be 10, 15 or 25 \(seconds\), not "1 x"$/,
	],
	[
		'duration "15 minutes"',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: '15 minutes' },
		/^Item 1: Duration must be 10, 15 or 25 \(seconds\), not "15 minutes"$/,
	],
	[
		'duration "-10"',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: '-10' },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'orientation "square"',
		{ prompt: 'p', orientation: '={{ $json.o }}' },
		{ o: 'square' },
		/^Item 1: Orientation must be portrait or landscape/,
	],
	[
		'size "medium"',
		{ prompt: 'p', size: '={{ $json.s }}' },
		{ s: 'medium' },
		/^Item 1: Size must be small or large/,
	],
	[
		'image links of a cell with a long run of spaces (read in linear time)',
		{ prompt: 'p', images: '={{ $json.images }}' },
		{ images: `https://img.example/a.jpg${' '.repeat(100_000)}x${' '.repeat(100_000)}` },
		/^Item 1: Reference Image URLs \(entry 1\) must be one web address without spaces/,
	],
	[
		'relative image URL',
		{ prompt: 'p', images: ['/img/a.png'] },
		{},
		/^Item 1: Reference Image URLs \(entry 1\) must be a full web address/,
	],
	[
		'ftp image URL',
		{ prompt: 'p', images: ['https://ok.example/a.png', 'ftp://x.example/a.png'] },
		{},
		/^Item 1: Reference Image URLs \(entry 2\) must be a full web address/,
	],
	[
		'javascript: image URL',
		{ prompt: 'p', images: ['javascript:alert(1)'] },
		{},
		/^Item 1: Reference Image URLs \(entry 1\) must be a full web address/,
	],
	[
		'character URL empty',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: '={{ $json.url }}',
			characterTimestamps: '1,3',
		},
		{ url: ' ' },
		/^Item 1: Character Video URL is empty/,
	],
	[
		'character URL relative',
		{ prompt: 'p', useCharacter: true, characterUrl: 'mascot.mp4', characterTimestamps: '1,3' },
		{},
		/^Item 1: Character Video URL must be a full web address/,
	],
	[
		'timestamps 3,1',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '3,1',
		},
		{},
		/^Item 1: Character Time Range must start before it ends/,
	],
	[
		'timestamps 1-3',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '1-3',
		},
		{},
		/^Item 1: Character Time Range must be two numbers of seconds written start,end/,
	],
	[
		'timestamps 0,5',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '0,5',
		},
		{},
		/^Item 1: Character Time Range must be 1 to 3 seconds long \(got 5\)/,
	],
	[
		'timestamps 1,1.5',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '1,1.5',
		},
		{},
		/^Item 1: Character Time Range must be 1 to 3 seconds long \(got 0.5\)/,
	],
	[
		'timestamps a,b',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: 'a,b',
		},
		{},
		/^Item 1: Character Time Range must be two numbers/,
	],
	[
		'timestamps 1,2,3',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '1,2,3',
		},
		{},
		/^Item 1: Character Time Range must be two numbers/,
	],
	[
		'timestamps -1,1',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '-1,1',
		},
		{},
		/^Item 1: Character Time Range must be two numbers/,
	],
	['empty prompt from a row', { prompt: '={{ $json.p }}' }, { p: '' }, /^Item 1: Prompt is empty/],
	[
		'prompt of invisible characters only (zero-width and ideographic spaces)',
		{ prompt: '={{ $json.p }}' },
		{ p: '\u200b\u3000\u200d\u00a0' },
		/^Item 1: Prompt is empty/,
	],
	[
		'huge prompt',
		{ prompt: '={{ $json.p }}' },
		{ p: '🎬'.repeat(6000) },
		/^Item 1: Prompt is 12000 characters long: at most 10000 are sent/,
	],
	[
		'prompt from a list',
		{ prompt: '={{ $json.p }}' },
		{ p: ['a'] },
		/^Item 1: Prompt must be text/,
	],
	[
		'model from null',
		{ prompt: 'p', model: '={{ $json.m }}' },
		{ m: null },
		/^Item 1: Model must be a model ID \(text\)/,
	],
	[
		'duration "ten"',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: 'ten' },
		/^Item 1: Duration must be 10, 15 or 25 \(seconds\), not "ten"$/,
	],
	[
		'duration "12.0" (a number of seconds, but not one Sora takes)',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: '12.0' },
		/^Item 1: Duration must be 10, 15 or 25 \(seconds\), not 12$/,
	],
	[
		'duration 0',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: 0 },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'duration 1e3',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: 1000 },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'duration from an object',
		{ prompt: 'p', duration: '={{ $json.d }}' },
		{ d: { seconds: 10 } },
		/^Item 1: Duration must be 10, 15 or 25/,
	],
	[
		'25 s with a model from the row',
		{ prompt: 'p', model: '={{ $json.m }}', duration: '={{ $json.d }}' },
		{ m: 'sora-2', d: '25' },
		/^Item 1: Duration 25 seconds is only available with sora-2-pro, not sora-2/,
	],
	[
		'image URLs from an object',
		{ prompt: 'p', images: '={{ $json.images }}' },
		{ images: { first: 'https://x.example/a.png' } },
		/^Item 1: Reference Image URLs must be a list of image links/,
	],
	[
		'image URL entry from a number',
		{ prompt: 'p', images: ['={{ $json.url }}'] },
		{ url: 42 },
		/^Item 1: Reference Image URLs \(entry 1\) must be a web address/,
	],
	[
		'image URL without a host',
		{ prompt: 'p', images: ['https://'] },
		{},
		/^Item 1: Reference Image URLs \(entry 1\) must be a full web address/,
	],
	[
		'character URL ftp:',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'ftp://x.example/v.mp4',
			characterTimestamps: '1,3',
		},
		{},
		/^Item 1: Character Video URL must be a full web address/,
	],
	[
		'character URL javascript:',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'javascript:alert(1)',
			characterTimestamps: '1,3',
		},
		{},
		/^Item 1: Character Video URL must be a full web address/,
	],
	[
		'character URL from an object',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: '={{ $json.video }}',
			characterTimestamps: '1,3',
		},
		{ video: { url: 'https://x.example/v.mp4' } },
		/^Item 1: Character Video URL must be a web address/,
	],
	[
		'timestamps from a number',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '={{ $json.t }}',
		},
		{ t: 13 },
		/^Item 1: Character Time Range must be text like 1,3/,
	],
	[
		'timestamps 1,5 (4 seconds)',
		{
			prompt: 'p',
			useCharacter: true,
			characterUrl: 'https://x.example/v.mp4',
			characterTimestamps: '1,5',
		},
		{},
		/^Item 1: Character Time Range must be 1 to 3 seconds long \(got 4\)/,
	],
	[
		'max attempts 0',
		{ prompt: 'p', options: { maxAttempts: '={{ $json.n }}' } },
		{ n: 0 },
		/^Item 1: Options › Max Attempts must be at least 1/,
	],
	[
		'two image file names in one cell',
		{ prompt: 'p', images: ['={{ $json.images }}'] },
		{ images: 'a.jpg, b.jpg' },
		/^Item 1: Reference Image URLs \(entry 1\) must be a full web address .*"a\.jpg, b\.jpg"/,
	],
	[
		'an image cell with a link and a word',
		{ prompt: 'p', images: ['={{ $json.images }}'] },
		{ images: 'https://img.example/a.jpg please' },
		/^Item 1: Reference Image URLs \(entry 1\) must be one web address without spaces/,
	],
	[
		'an image cell with a JSON list holding a file name',
		{ prompt: 'p', images: '={{ $json.images }}' },
		{ images: '["https://img.example/a.jpg", "b.jpg"]' },
		/^Item 1: Reference Image URLs \(entry 2\) must be a full web address .*"b\.jpg"/,
	],
	[
		'an image list from an object',
		{ prompt: 'p', images: '={{ $json.images }}' },
		{ images: { url: 'https://img.example/a.jpg' } },
		/^Item 1: Reference Image URLs must be a list of image links/,
	],
	[
		'watermark "maybe"',
		{ prompt: 'p', options: { watermark: '={{ $json.w }}' } },
		{ w: 'maybe' },
		/^Item 1: Options › Watermark must be true or false/,
	],
	[
		// the node reads this switch itself: text is refused, not read as on
		'Wait for Completion "false" as text',
		{ prompt: 'p', waitForCompletion: '={{ $json.wait }}' },
		{ wait: 'false' },
		/^Item 1: Wait for Completion must be true or false/,
	],
];

describe('Video > Create: bad input is caught before any request', () => {
	it('the catalogue has at least 30 kinds of bad input', () => {
		expect(badInput.length).toBeGreaterThanOrEqual(30);
	});

	it.each(badInput)('%s', async (_name, parameters, row, message) => {
		const result = await run(parameters, [row]);

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(simulator().requests).toHaveLength(0);
	});

	it.each([
		['Prompt', { prompt: '' }],
		['Character Video URL', { prompt: 'p', useCharacter: true, characterUrl: '' }],
	])(
		'a required field (%s) left empty is refused by n8n itself before the node runs',
		async (field, parameters) => {
			const result = await run(parameters, [{}]);

			expect(result.error?.message).toMatch(/node has issues/);
			expect(result.error?.description ?? result.error?.message).toBeDefined();
			expect(JSON.stringify(result.error)).toContain(`Parameter \\"${field}\\" is required`);
			expect(simulator().requests).toHaveLength(0);
		},
	);

	it('an expression that fails in a later row stops the run before any request', async () => {
		const result = await run({ prompt: '={{ $json.p.toUpperCase() }}' }, [
			{ p: 'fine' },
			{ p: 42 },
			{},
		]);

		expect(result.error).toBeDefined();
		expect(simulator().requests).toHaveLength(0);
	});

	it('accepts the edges of the rules', async () => {
		const result = await run(
			{
				prompt: '={{ $json.prompt }}',
				model: 'sora-2-pro',
				duration: '={{ $json.duration }}',
				useCharacter: true,
				characterUrl: 'http://x.example/v.mp4',
				characterTimestamps: '={{ $json.range }}',
			},
			[
				{ prompt: '🎬 日本語のプロンプト', duration: ' 25 ', range: '0,1' },
				{ prompt: 'x'.repeat(5000), duration: 15, range: '2,5' },
			],
		);
		expect(result.error).toBeUndefined();
		expect(
			simulator()
				.requestsTo('create')
				.map((request) => (request.body as IDataObject).duration),
		).toEqual(expect.arrayContaining([25, 15]));
		expect(
			simulator()
				.requestsTo('create')
				.map((request) => (request.body as IDataObject).character_timestamps),
		).toEqual(expect.arrayContaining(['0,1', '2,5']));
	});

	it('rejects a Base URL in the credential that is not a web address, before any request', async () => {
		const result = await runQuickRouter({
			parameters: create({ prompt: 'p' }),
			items: [{}],
			credentials: { apiKey: simulator().apiKey, baseUrl: 'api.quickrouter.ai' },
		});
		expect(result.error?.message).toMatch(
			/Base URL in the QuickRouter credential is not a web address/,
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it('with "continue", names each item once in the Base URL error', async () => {
		const result = await runQuickRouter({
			parameters: create({ prompt: 'p' }),
			items: [{}, {}],
			credentials: { apiKey: simulator().apiKey, baseUrl: 'ftp://x' },
			onError: 'continueRegularOutput',
		});
		expect(result.outputs[0].map((item) => errorMessageOf(item.json))).toEqual([
			'Item 1: The Base URL in the QuickRouter credential is not a web address: "ftp://x"',
			'Item 2: The Base URL in the QuickRouter credential is not a web address: "ftp://x"',
		]);
		expect(simulator().requests).toHaveLength(0);
	});
});

// Task IDs as a sheet or an LLM gives them wrong: each named, nothing sent.
const badTaskIds: Array<[string, unknown, RegExp]> = [
	['a sentence', 'the video I made yesterday', /^Item 1: Task ID must look like/],
	['two IDs in one cell', 'sora-2:task_a1, sora-2:task_b2', /^Item 1: Task ID must look like/],
	[
		'an ID with a space inside',
		'sora-2: task_a1',
		/^Item 1: Task ID must look like .*, not "sora-2: task_a1"$/,
	],
	[
		'a link to a page of a task',
		'https://quickrouter.ai/tasks/sora-2:task_a1',
		/^Item 1: Task ID must look like .*, not "https:\/\/quickrouter.ai\/tasks\/sora-2:task_a1"$/,
	],
	[
		'a status link with two IDs',
		'https://api.quickrouter.ai/v1/video/query?id=sora-2:task_a1&id=sora-2:task_b2',
		/^Item 1: Task ID must look like .*, not "https:\/\/api.quickrouter.ai\/v1\/video\/query\?id=sora-2:task_a1&id=sora-2:task_b2"$/,
	],
	[
		'a link of another page with an id',
		'https://evil.example/#x?id=sora-2:task_b2',
		/^Item 1: Task ID must look like/,
	],
	[
		'thousands of quotes around a word',
		`x${'"'.repeat(40_000)}x`,
		/^Item 1: Task ID must look like/,
	],
	['an object', { id: 'sora-2:task_a1' }, /^Item 1: Task ID must be text/],
	['only spaces', '   ', /^Item 1: Task ID is empty/],
];

describe('Video > Get: a bad Task ID is caught before any request', () => {
	it.each(badTaskIds)('%s', async (_name, taskId, message) => {
		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'get', taskId: '={{ $json.taskId }}' },
			items: [{ taskId } as IDataObject],
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});

		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Nothing was sent to QuickRouter for this item/);
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('Video > Create: one bad row among many', () => {
	const rows = [{ prompt: 'one' }, { prompt: 'two' }, { prompt: '' }, { prompt: 'four' }];

	it('stops the whole run before any create request, naming the bad item and field', async () => {
		const result = await run({ prompt: '={{ $json.prompt }}' }, rows);

		expect(result.error?.message).toBe('Item 3: Prompt is empty: describe the video you want');
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(simulator().requestsTo('create')).toHaveLength(0);
		expect(simulator().requests).toHaveLength(0);
	});

	it('with "continue (regular output)": three tasks and one error item, in order, all paired', async () => {
		const result = await run({ prompt: '={{ $json.prompt }}' }, rows, 'continueRegularOutput');

		expect(result.error).toBeUndefined();
		expect(simulator().requestsTo('create')).toHaveLength(3);
		const [main] = result.outputs;
		expect(main.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(main[2].json).toEqual({
			error: {
				message: 'Item 3: Prompt is empty: describe the video you want',
				description:
					'Fix "Prompt" for input item 3 (item index 2). Nothing was sent to QuickRouter for this item, so nothing was charged.',
			},
		});
		for (const index of [0, 1, 3]) {
			expect(main[index].json.id).toMatch(/^sora-2:task_/);
			expect(simulator().tasks.get(main[index].json.id as string)?.input.prompt).toBe(
				rows[index].prompt,
			);
		}
	});

	it('with "continue (error output)": tasks on the main output, the bad row on the error output, all paired', async () => {
		const result = await run({ prompt: '={{ $json.prompt }}' }, rows, 'continueErrorOutput');

		expect(result.error).toBeUndefined();
		expect(simulator().requestsTo('create')).toHaveLength(3);
		const [main, errors] = result.outputs;
		expect(main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 2 });
		expect(errors[0].json).toMatchObject({
			error: { message: 'Item 3: Prompt is empty: describe the video you want' },
		});
	});
});
