import type { INodeParameters } from 'n8n-workflow';

import { testCredential } from './harness/credentialTest';
import { readBinary, runQuickRouter } from './harness/engine';
import { SAMPLE_VIDEO, selfSignedCertificate, VideoHost } from './simulator/videoHost';
import { useSimulator } from './useSimulator';

/**
 * The API key goes to the credential's Base URL origin (scheme, host, port) and to no other, on
 * every path: three more origins listen on loopback, each records every header it receives, and
 * the API answers redirects of every kind to each of them.
 */

// The https origin's certificate is the test's own, signed by nobody: the node's own setting
// "Ignore SSL Issues" (Request Options) lets its downloads reach it.
const IGNORE_SSL_ISSUES = { requestOptions: { allowUnauthorizedCerts: true } };

const simulator = useSimulator({ taskDurationMs: 0 });
const origins: Record<string, VideoHost> = {};

beforeAll(async () => {
	origins['another host'] = await VideoHost.start({ host: '127.0.0.3' });
	origins['another port'] = await VideoHost.start({ host: '127.0.0.1' });
	origins['another scheme'] = await VideoHost.start({
		host: '127.0.0.1',
		tls: selfSignedCertificate(),
	});
});
afterAll(async () => {
	for (const host of Object.values(origins)) await host.stop();
});
beforeEach(() => {
	for (const host of Object.values(origins)) host.requests.length = 0;
	// Finished videos are on the API's own origin: a request there rightly carries the key.
	simulator().settings.videoBaseUrl = undefined;
});

const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });

/** Every request any other origin received carried no key, in no header. */
function expectNoKeyElsewhere() {
	for (const [name, host] of Object.entries(origins)) {
		for (const request of host.requests) {
			expect({ origin: name, headers: request.headers }).toEqual({
				origin: name,
				headers: expect.not.objectContaining({ authorization: expect.anything() }),
			});
			expect(JSON.stringify(request.headers)).not.toContain(simulator().apiKey);
		}
	}
}

function redirectTo(status: number, target: VideoHost, path = '/videos/moved.mp4') {
	return { status, headers: { Location: `${target.url}${path}` }, body: '' };
}

async function createTask(): Promise<string> {
	const result = await runQuickRouter({
		parameters: { resource: 'video', operation: 'create', prompt: 'a cat' },
		items: [{}],
		credentials: credentials(),
	});
	return result.outputs[0][0].json.id as string;
}

/** Get with Download Video on: the video link comes from the task's answer. */
async function getAndDownload(taskId: string) {
	return await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'get',
			taskId,
			download: true,
			...IGNORE_SSL_ISSUES,
		},
		items: [{}],
		credentials: credentials(),
	});
}

const REDIRECTS = [301, 302, 303, 307, 308];
const TARGETS = ['another host', 'another port', 'another scheme'];
const cases = REDIRECTS.flatMap((status) => TARGETS.map((target) => [status, target] as const));

describe('the API key goes to the API origin only', () => {
	it.each(cases)(
		'a video on the API origin that answers %i to %s is downloaded from there without the key',
		async (status, target) => {
			const id = await createTask();
			simulator().answerNext('video', redirectTo(status, origins[target]));

			const result = await getAndDownload(id);

			expect(result.error).toBeUndefined();
			expect(readBinary(result.outputs[0][0].binary!.data).equals(SAMPLE_VIDEO)).toBe(true);
			expect(simulator().requestsTo('video')[0].headers.authorization).toBe(
				`Bearer ${simulator().apiKey}`,
			);
			expect(origins[target].requests).toHaveLength(1);
			expectNoKeyElsewhere();
		},
	);

	it.each(TARGETS)(
		'a video link to %s in the answer is fetched without the key',
		async (target) => {
			simulator().settings.videoBaseUrl = origins[target].url;
			const id = await createTask();

			const result = await getAndDownload(id);

			expect(result.error).toBeUndefined();
			expect(origins[target].requests).toHaveLength(1);
			expectNoKeyElsewhere();
		},
	);

	it('a video link to another origin that holds the key in its query is not fetched', async () => {
		const id = await createTask();
		simulator().answerNext('query', {
			status: 200,
			body: {
				id,
				status: 'completed',
				video_url: `${origins['another host'].url}/videos/x.mp4?token=${simulator().apiKey}`,
			},
		});

		const result = await getAndDownload(id);

		expect(result.error?.message).toBe(
			`Item 1: The video link of task ${id} holds your API key and points at another address than QuickRouter's: it is not fetched`,
		);
		expect(origins['another host'].requests).toHaveLength(0);
	});

	it('a redirect from the API origin to a link that holds the key (encoded) is not followed', async () => {
		const id = await createTask();
		const target = `${origins['another port'].url}/videos/x.mp4?sig=${encodeURIComponent(simulator().apiKey)}`;
		simulator().answerNext('video', { status: 302, headers: { Location: target }, body: '' });

		const result = await getAndDownload(id);

		expect(result.error?.message).toMatch(/holds your API key and points at another address/);
		expect(origins['another port'].requests).toHaveLength(0);
	});

	const routes: Array<[string, 'create' | 'query', INodeParameters]> = [
		['Create', 'create', { operation: 'create', prompt: 'a cat' }],
		['Get', 'query', { operation: 'get', taskId: 'sora-2:task_redirected' }],
		[
			'a status check while waiting',
			'query',
			{
				operation: 'create',
				prompt: 'a cat',
				waitForCompletion: true,
				waitOptions: { pollIntervalSeconds: 2 },
			},
		],
	];

	it.each(
		routes.flatMap(([name, route, parameters]) =>
			REDIRECTS.map((status) => [name, status, route, parameters] as const),
		),
	)(
		'%s answered with %i to another origin: not followed, a clear error, nothing sent there',
		async (_name, status, route, parameters) => {
			simulator().answerNext(route, redirectTo(status, origins['another host'], '/v1/video/x'));

			const result = await runQuickRouter({
				parameters: { resource: 'video', ...parameters },
				items: [{}],
				credentials: credentials(),
			});

			expect(result.error?.message).toMatch(
				new RegExp(
					`^Item 1: (Checking task .*: )?QuickRouter's address answered with a redirect \\(HTTP ${status}\\) to http://127.0.0.3:\\d+, which is not followed`,
				),
			);
			expect(result.error?.description).toMatch(/Check the Base URL in the QuickRouter credential/);
			expect(origins['another host'].requests).toHaveLength(0);
			expect(simulator().requestsTo('create').length).toBeLessThanOrEqual(1);
			expectNoKeyElsewhere();
		},
	);

	it('a redirected Create is not sent again, and the error item says no task was made', async () => {
		simulator().answerNext('create', redirectTo(307, origins['another port'], '/v1/video/create'));

		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'create', prompt: 'a cat' },
			items: [{}],
			credentials: credentials(),
			onError: 'continueRegularOutput',
		});

		expect(result.outputs[0][0].json).toMatchObject({
			error: expect.objectContaining({ taskMayExist: false, httpCode: '307' }),
		});
		expect(simulator().requestsTo('create')).toHaveLength(1);
		expect(simulator().tasks.size).toBe(0);
		expectNoKeyElsewhere();
	});

	it('the credential test does not follow a redirect with the key either', async () => {
		simulator().answerNext('models', redirectTo(302, origins['another host'], '/v1/models'));

		const result = await testCredential('quickRouterApi', credentials());

		expect(result.status).toBe('Error');
		expect(origins['another host'].requests).toHaveLength(0);
	});
});
