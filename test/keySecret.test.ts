import { NodeApiError, type INodeParameters } from 'n8n-workflow';

import { errorWithoutKey } from '../nodes/QuickRouter/transport/keepKeySecret';
import { runQuickRouter, type OnError } from './harness/engine';
import {
	apiError,
	newApiKey,
	QuickRouterSimulator,
	type RecordedRequest,
} from './simulator/server';
import { everythingShown, recordEverythingPrinted } from './shownAnywhere';

/**
 * Nothing that leaves the node holds the API key, whatever brought it there: outputs, error
 * messages and descriptions, error items' details, n8n's run data, anything printed or logged.
 */

const key = newApiKey();
/** How much of the key's start is masked where a text was cut inside it (keepKeySecret). */
const KEY_START_MASKED = 8;
let simulator: QuickRouterSimulator;
beforeAll(async () => {
	simulator = await QuickRouterSimulator.start({ apiKey: key, taskDurationMs: 0 });
});
afterAll(async () => await simulator.stop());
beforeEach(() => simulator.reset());

const create: INodeParameters = {
	resource: 'video',
	operation: 'create',
	prompt: 'A cat',
	options: { maxAttempts: 2 },
};
const createAndWait: INodeParameters = {
	...create,
	waitForCompletion: true,
	waitOptions: { pollIntervalSeconds: 2 },
};

const echoHeaders = (request: RecordedRequest) => ({
	id: 'sora-2:task_echo0000000000000000000000',
	status: 'pending',
	request_headers: request.headers,
});

/** Each: what the run does, and how the simulator brings the key into an answer. */
const scenarios: Array<[string, INodeParameters, (sim: QuickRouterSimulator) => void]> = [
	['a successful create', create, () => {}],
	[
		'a 401',
		create,
		(sim) => sim.answerNext('create', { status: 401, body: apiError('Invalid API key', 'auth') }),
	],
	[
		'a 400 that repeats the Authorization header',
		create,
		(sim) =>
			sim.answerNext('create', {
				status: 400,
				body: (request: RecordedRequest) =>
					apiError(`bad header ${request.headers.authorization}`, 'invalid_request_error'),
			}),
	],
	[
		'a create answer that echoes the request headers',
		create,
		(sim) => sim.answerNext('create', { status: 200, body: echoHeaders }),
	],
	[
		'a create answer cut short that holds the key',
		create,
		(sim) =>
			sim.answerNext('create', {
				status: 200,
				contentType: 'application/json',
				body: `{"id":"sora-2:task_cut00000000000000000000000","status":"pending","auth":"Bearer ${key}"`,
			}),
	],
	[
		'a 500 page that shows the key',
		create,
		(sim) =>
			sim.answerNext('create', { status: 500, body: `<html>upstream said Bearer ${key}</html>` }),
	],
	[
		'a redirect whose Location header carries the key',
		create,
		(sim) =>
			sim.answerNext('create', { status: 302, headers: { Location: `no url ${key}` }, body: '' }),
	],
	[
		'a task whose failure reason repeats the key',
		createAndWait,
		(sim) => {
			sim.settings.failureFor = () => `upstream refused the key ${key}`;
		},
	],
	[
		'a status answer that echoes the key',
		{ ...createAndWait, simplify: false },
		(sim) =>
			sim.answerNext('query', {
				status: 200,
				body: (request: RecordedRequest) => ({
					id: request.query.id,
					status: 'completed',
					video_url: 'https://cdn.example/v.mp4',
					detail: { seen_headers: { authorization: request.headers.authorization } },
				}),
			}),
	],
	[
		'a status check refused with the key in the message',
		createAndWait,
		(sim) =>
			sim.answerNext('query', {
				status: 403,
				body: (request: RecordedRequest) =>
					apiError(`no access for ${request.headers.authorization}`, 'auth'),
			}),
	],
];

describe('the API key never leaves the node', () => {
	it.each(scenarios)('after %s', async (_name, parameters, bringKey) => {
		for (const onError of [undefined, 'continueRegularOutput', 'continueErrorOutput'] as Array<
			OnError | undefined
		>) {
			simulator.reset();
			bringKey(simulator);
			const printed = recordEverythingPrinted();
			let shown: string;
			try {
				const result = await runQuickRouter({
					parameters,
					items: [{}],
					credentials: { apiKey: key, baseUrl: simulator.url },
					onError,
				});
				expect(result.outputs.flat().length + (result.error ? 1 : 0)).toBeGreaterThan(0);
				shown = everythingShown(result);
			} finally {
				printed.stop();
			}
			expect(simulator.requests.length).toBeGreaterThan(0);
			expect(shown).not.toContain(key);
			expect(printed.text()).not.toContain(key);
		}
	});

	it.each([
		['a trailing space', `${key} `],
		['a tab and a new line', `\t${key}\n`],
	])(
		'a key pasted with %s works, and is kept out of everything all the same',
		async (_name, pasted) => {
			for (const [, parameters, bringKey] of scenarios.filter(([name]) =>
				/repeats the Authorization header|failure reason repeats the key/.test(name),
			)) {
				simulator.reset();
				bringKey(simulator);
				const result = await runQuickRouter({
					parameters,
					items: [{}],
					credentials: { apiKey: pasted, baseUrl: simulator.url },
					onError: 'continueRegularOutput',
				});
				expect(simulator.requests[0].headers.authorization).toBe(`Bearer ${key}`);
				expect(everythingShown(result)).not.toContain(key);
			}
		},
	);

	it('a key echoed in another case or URL-encoded is kept out all the same', async () => {
		// a key with the characters a link must encode, as a base64 key has
		const oddKey = `qr+${key.slice(3, 19)}/Ab=${key.slice(19)}`;
		const forms = (text: string) => [
			text,
			text.toLowerCase(),
			text.toUpperCase(),
			encodeURIComponent(text),
			encodeURIComponent(text).toLowerCase(),
			text.replace(/\//g, '\\/'),
		];
		const odd = await QuickRouterSimulator.start({ apiKey: oddKey, taskDurationMs: 0 });
		try {
			const echoes: Array<(request: RecordedRequest) => unknown> = [
				(request) => ({
					id: 'sora-2:task_case0000000000000000000000',
					status: 'pending',
					seen: String(request.headers.authorization).toUpperCase(),
				}),
				(request) => ({
					id: 'sora-2:task_link0000000000000000000000',
					status: 'pending',
					link: `https://cdn.example/v.mp4?auth=${encodeURIComponent(String(request.headers.authorization))}`,
				}),
				// a body cut short, written by a JSON encoder that escapes slashes (PHP's)
				(request) =>
					`{"id":"sora-2:task_cut00000000000000000000000","status":"pending","seen":"${String(request.headers.authorization).replace(/\//g, '\\/')}"`,
				(request) =>
					apiError(
						`bad header ${encodeURIComponent(String(request.headers.authorization)).toLowerCase()}`,
						'invalid_request_error',
					),
			];
			for (const echo of echoes) {
				odd.reset();
				const isError = echo === echoes[3];
				odd.answerNext('create', { status: isError ? 400 : 200, body: echo });
				const result = await runQuickRouter({
					parameters: create,
					items: [{}],
					credentials: { apiKey: oddKey, baseUrl: odd.url },
					onError: 'continueRegularOutput',
				});
				expect(odd.requests[0].headers.authorization).toBe(`Bearer ${oddKey}`);
				const shown = everythingShown(result);
				expect(shown).toContain(isError ? 'bad header' : 'sora-2:task_');
				// as the JSON of what was shown writes it (a backslash doubled)
				for (const form of forms(oddKey)) {
					expect(shown).not.toContain(JSON.stringify(form).slice(1, -1));
				}
				// nor any 8 characters of it in a row: not the part after a character one form writes otherwise
				for (let at = 0; at + 8 <= oddKey.length; at++) {
					expect(shown.toLowerCase()).not.toContain(oddKey.slice(at, at + 8).toLowerCase());
				}
			}
		} finally {
			await odd.stop();
		}
	});

	it('a key cut short inside a text shortened for a message is kept out too', async () => {
		const keyStart = key.slice(0, KEY_START_MASKED);
		const cases: Array<[string, () => void, INodeParameters]> = [
			[
				'a failure reason of many words, the key where it is cut',
				() => {
					simulator.settings.failureFor = () => `${'x'.repeat(980)}${key}`;
				},
				createAndWait,
			],
			[
				'a status answer of another task whose ID holds the key where it is cut',
				() =>
					simulator.answerNext('query', {
						status: 200,
						body: { id: `sora-2:${'p'.repeat(50)}${key}`, status: 'pending' },
					}),
				createAndWait,
			],
		];
		for (const [name, bringKey, parameters] of cases) {
			simulator.reset();
			bringKey();
			const result = await runQuickRouter({
				parameters,
				items: [{}],
				credentials: { apiKey: key, baseUrl: simulator.url },
				onError: 'continueRegularOutput',
			});
			const shown = everythingShown(result);
			expect({ name, leaks: shown.includes(keyStart) }).toEqual({ name, leaks: false });
		}
	});

	it('a task ID that holds the key stays out of the list of tasks a stopped run gives', async () => {
		simulator.answerNext('create', {
			status: 200,
			body: { id: `sora-2:${key}`, status: 'pending' },
		});
		simulator.answerNext('create', {
			status: 400,
			body: apiError('bad request', 'invalid_request_error'),
		});

		const result = await runQuickRouter({
			parameters: { ...create, prompt: '={{ $json.prompt }}' },
			items: [{ prompt: 'one' }, { prompt: 'two' }],
			credentials: { apiKey: key, baseUrl: simulator.url },
		});

		expect(result.error?.description).toMatch(/Tasks created in this run/);
		expect(everythingShown(result)).not.toContain(key);
	});

	it('an error leaves without the key in its message, description, messages, details or cause', () => {
		const node = {
			id: 'n',
			name: 'QuickRouter',
			type: 't',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		} as never;
		const network = Object.assign(new Error(`socket hang up (Bearer ${key})`), {
			code: 'ECONNRESET',
		});
		const error = new NodeApiError(
			node,
			{ message: `sent ${key}`, headers: { authorization: `Bearer ${key}` } } as never,
			{
				message: `Item 1: connection broke (${key})`,
				description: `check ${key}`,
				httpCode: 'ECONNRESET',
			},
		);
		// as createTaskOnce words it, after n8n's own message for the code
		error.message = `Item 1: connection broke (${key})`;
		Object.assign(error, { cause: network });
		const context = { getNode: () => node } as never;

		const sealed = errorWithoutKey(context, error, key);

		expect(sealed.message).toBe('Item 1: connection broke (***)');
		expect(sealed.description).toBe('check ***');
		expect((sealed as NodeApiError).httpCode).toBe('ECONNRESET');
		expect(JSON.stringify(sealed)).not.toContain(key);
		expect(JSON.stringify(sealed.errorResponse)).not.toContain(key);
		expect(String(sealed.stack)).not.toContain(key);
		expect((sealed as { cause?: unknown }).cause).toBeUndefined();
	});
});
