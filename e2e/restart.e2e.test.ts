/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test */
import { QuickRouterSimulator } from '../test/simulator/server';
import { SAMPLE_VIDEO, VideoHost } from '../test/simulator/videoHost';
import { N8nInstance, type N8nServer, type StoredExecution } from './n8n';
import { ensureToolchain, phase } from './toolchain';
import { exampleWorkflow, type Workflow } from './workflows';

/**
 * The durable path for long jobs (examples/long-jobs.workflow.json: Create -> n8n's Wait -> Get)
 * across a restart of n8n: while the execution waits in n8n's database, n8n stops and starts
 * again on the same user folder, and the execution must finish there, with the video, its task
 * created once.
 */

const EXAMPLE = 'long-jobs.workflow.json';
// n8n's Wait node keeps a wait under 65 s in memory, lost on a restart (n8n-nodes-base 2.41.1
// Wait.node.js: `if (waitValue < 65000)`); from 65 s on it stores the execution in the database,
// and n8n's WaitTracker resumes it. 66 s: the shortest with a margin for the clock.
const WAIT_SECONDS = 66;
// Still being made when the Wait ends, so that Get's own wait runs too, in the restarted n8n.
const TASK_MS = (WAIT_SECONDS + 6) * 1000;

let simulator: QuickRouterSimulator;
let videoHost: VideoHost;
let n8n: N8nInstance;
let server: N8nServer | undefined;
let workflow: Workflow;

function node(name: string) {
	const found = workflow.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`${EXAMPLE} has no node ${name}`);
	return found;
}

/** The example as shipped, its Wait shortened to the threshold and Get checking more often. */
function testCopy(): Workflow {
	const copy = exampleWorkflow(EXAMPLE);
	const wait = copy.nodes.find((candidate) => candidate.name === 'Wait')!;
	wait.parameters = { ...wait.parameters, amount: WAIT_SECONDS, unit: 'seconds' };
	const get = copy.nodes.find((candidate) => candidate.name === 'Get Video')!;
	get.parameters = {
		...get.parameters,
		waitOptions: { pollIntervalSeconds: 2, timeLimitMinutes: 5 },
	};
	return copy;
}

async function until<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>,
): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

beforeAll(async () => {
	simulator = await QuickRouterSimulator.start({ taskDurationMs: TASK_MS });
	videoHost = await VideoHost.start();
	simulator.settings.videoBaseUrl = videoHost.url;
	workflow = testCopy();
	n8n = new N8nInstance(ensureToolchain(), process.env.QUICKROUTER_E2E_TARBALL!);
	await n8n.importCredentials([
		{
			id: node('Create Video').credentials!.quickRouterApi.id,
			name: 'QuickRouter (simulator)',
			type: 'quickRouterApi',
			data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		},
	]);
	await n8n.importWorkflow(workflow);
	// A publish is only picked up by an n8n that starts after it.
	await n8n.publishWorkflow(workflow.id);
	server = await n8n.startServer();
	await server.setupOwner();
});

afterAll(async () => {
	await server?.stop();
	await simulator?.stop();
	await videoHost?.stop();
});

describe('a long job in a real n8n (n8n start) across a restart of n8n', () => {
	it('the shipped example creates without waiting, stores the execution in its Wait, and gets and downloads by the task ID', () => {
		const shipped = exampleWorkflow(EXAMPLE);
		const by = (name: string) => shipped.nodes.find((candidate) => candidate.name === name)!;
		const seconds = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
		const wait = by('Wait').parameters as {
			resume: string;
			amount: number;
			unit: keyof typeof seconds;
		};

		expect(by('Create Video').parameters).toMatchObject({
			operation: 'create',
			waitForCompletion: false,
		});
		expect(wait.resume).toBe('timeInterval');
		expect(wait.amount * seconds[wait.unit]).toBeGreaterThanOrEqual(WAIT_SECONDS);
		expect(by('Get Video').parameters).toMatchObject({
			operation: 'get',
			taskId: '={{ $json.id }}',
			waitForCompletion: true,
			download: true,
		});
		expect(shipped.connections).toMatchObject({
			'Video Request': { main: [[{ node: 'Create Video' }]] },
			'Create Video': { main: [[{ node: 'Wait' }]] },
			Wait: { main: [[{ node: 'Get Video' }]] },
		});
	});

	it('the execution waiting in the database resumes after the restart and finishes with the video; the task is created once', async () => {
		const path = (node('Video Request').parameters as { path: string }).path;
		// n8n is ready a moment before it has registered the published workflow's webhook
		const answer = await until('the webhook answers', 60_000, async () => {
			const response = await server!.post(
				`/webhook/${path}`,
				{ prompt: 'A lighthouse keeper at dawn' },
				false,
			);
			return response.status === 404 ? undefined : response;
		});
		expect(answer.status).toBe(200);
		const started = Date.now();

		// Create ran, and the Wait handed the execution to the database: status waiting, with a time
		const waiting = await until('the execution is waiting', 30_000, async () => {
			const [execution] = await server!.executionsOf(workflow.id);
			return execution?.status === 'waiting' ? execution : undefined;
		});
		expect(waiting.mode).toBe('webhook');
		expect(new Date(waiting.waitTill!).getTime()).toBeGreaterThan(Date.now() + 30_000);
		const before: StoredExecution = await server!.execution(waiting.id);
		expect(Object.keys(before.data.resultData.runData).sort()).toEqual(
			['Create Video', 'Video Request', 'Wait'].sort(),
		);
		const created = before.data.resultData.runData['Create Video'][0].data!.main[0]![0].json;
		const [task] = [...simulator.tasks.values()];
		expect(created).toMatchObject({ id: task.id, status: expect.stringMatching(/queued|pending/) });
		expect(simulator.requestsTo('create')).toHaveLength(1);
		expect(simulator.requestsTo('query')).toHaveLength(0);
		phase(`execution ${waiting.id} waiting until ${waiting.waitTill}, task ${task.id}`);

		// The restart: the first n8n gone entirely, a new one on the same user folder and database
		const first = server!;
		await first.stop();
		const stoppedAt = Date.now();
		server = await n8n.startServer();
		server.continueSession(first);
		const restartedAt = Date.now();
		phase(
			`n8n stopped ${((stoppedAt - started) / 1000).toFixed(1)} s after the call, ` +
				`ready again ${((restartedAt - started) / 1000).toFixed(1)} s after it`,
		);
		// Still waiting when its time has not come: the restart neither ran the rest early nor
		// dropped the execution (a restart slower than the Wait finds it due, and runs it at once)
		if (restartedAt < new Date(waiting.waitTill!).getTime() - 2000) {
			expect(await server.executionsOf(workflow.id)).toEqual([
				expect.objectContaining({ id: waiting.id, status: 'waiting' }),
			]);
		}

		const finished = await until('the execution finishes', 3 * 60_000, async () => {
			const [execution] = await server!.executionsOf(workflow.id);
			return execution && !['waiting', 'running', 'new'].includes(execution.status)
				? execution
				: undefined;
		});
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		phase(
			`execution ${finished.id}: ${finished.status} ${seconds} s after the call, ` +
				`${simulator.requestsTo('query').length} checks of the task after the Wait`,
		);

		// The same execution, resumed (not a new one), and successful
		expect(finished).toMatchObject({ id: waiting.id, status: 'success' });
		expect(await server.executionsOf(workflow.id)).toHaveLength(1);
		const after = await server.execution(waiting.id);
		expect(after.data.resultData.error).toBeUndefined();
		const gotRuns = after.data.resultData.runData['Get Video'];
		expect(gotRuns).toHaveLength(1);
		const items = gotRuns[0].data!.main[0]!;
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id: task.id, status: 'completed' });

		// The video: n8n's stored file is byte for byte what the video host served, once
		const video = items[0].binary?.data;
		expect(video).toMatchObject({ mimeType: 'video/mp4', bytes: SAMPLE_VIDEO.length });
		const cookie = server
			.sessionCookies()
			.map(({ name, value }) => `${name}=${value}`)
			.join('; ');
		const download = await fetch(
			`${server.url}/rest/binary-data?id=${encodeURIComponent(video!.id!)}&action=download`,
			{ headers: { Cookie: cookie } },
		);
		expect(download.status).toBe(200);
		expect(Buffer.from(await download.arrayBuffer()).equals(SAMPLE_VIDEO)).toBe(true);
		expect(videoHost.requests.map((request) => request.path)).toEqual([
			`/videos/${encodeURIComponent(task.id)}.mp4`,
		]);

		// One task, created once; every check of it came from the restarted n8n, after the Wait
		expect(simulator.requestsTo('create')).toHaveLength(1);
		expect(simulator.tasks.size).toBe(1);
		const queries = simulator.requestsTo('query');
		// the task was still being made when the Wait ended: Get checked it more than once
		expect(queries.length).toBeGreaterThanOrEqual(2);
		expect(queries.map((query) => query.query.id)).toEqual(Array(queries.length).fill(task.id));
		expect(Math.min(...queries.map((query) => query.receivedAt))).toBeGreaterThanOrEqual(
			Math.max(restartedAt, new Date(waiting.waitTill!).getTime()) - 1000,
		);
	});
});
