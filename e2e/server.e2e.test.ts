/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test */

import { newApiKey, QuickRouterSimulator } from '../test/simulator/server';
import { N8nInstance, type N8nServer } from './n8n';
import { ensureToolchain } from './toolchain';
import {
	CREDENTIAL,
	exampleWorkflow,
	NODE_TYPE,
	quickRouterNode,
	webhookWorkflow,
	type Workflow,
} from './workflows';

let simulator: QuickRouterSimulator;
let server: N8nServer;

const WEBHOOK_PATH = 'quickrouter-e2e';
// Google and OpenAI are out of reach here: these examples are imported and checked, not run.
const EXAMPLE_FILES = ['sheet-to-drive.workflow.json', 'ai-agent-tool.workflow.json'];

beforeAll(async () => {
	simulator = await QuickRouterSimulator.start();
	const n8n = new N8nInstance(ensureToolchain(), process.env.QUICKROUTER_E2E_TARBALL!);
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'quickRouterApi',
			data: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		},
	]);
	await n8n.importWorkflow(
		webhookWorkflow(
			'e2eWebhookCreate1',
			WEBHOOK_PATH,
			quickRouterNode({
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.body.prompt }}',
			}),
		),
	);
	await n8n.publishWorkflow('e2eWebhookCreate1');
	for (const example of EXAMPLE_FILES) await n8n.importWorkflow(exampleWorkflow(example));
	server = await n8n.startServer();
	await server.setupOwner();
});
afterAll(async () => {
	await server?.stop();
	await simulator?.stop();
});

describe('in a running n8n (n8n start)', () => {
	it('has loaded the QuickRouter node type and credential type', async () => {
		const nodeTypes = (await server.get('/types/nodes.json')) as Array<{
			name: string;
			usableAsTool?: boolean;
		}>;
		const credentialTypes = (await server.get('/types/credentials.json')) as Array<{
			name: string;
		}>;

		expect(nodeTypes.map((type) => type.name)).toContain(NODE_TYPE);
		expect(credentialTypes.map((type) => type.name)).toContain('quickRouterApi');
	});

	it.each(EXAMPLE_FILES)(
		'example %s imports, and every node type and version in it is known to n8n',
		async (file) => {
			const example = exampleWorkflow(file);
			const nodeTypes = (await server.get('/types/nodes.json')) as Array<{
				name: string;
				version: number | number[];
			}>;
			const known = new Set(
				nodeTypes.flatMap((type) =>
					[type.version].flat().map((version) => `${type.name}@${version}`),
				),
			);

			const stored = (await server.get(`/rest/workflows/${example.id}`)) as { data: Workflow };

			expect(stored.data.nodes).toHaveLength(example.nodes.length);
			const unknown = example.nodes
				.map((node) => `${node.type}@${node.typeVersion}`)
				.filter((typeAtVersion) => !known.has(typeAtVersion));
			expect(unknown).toEqual([]);
		},
	);

	it('the credential test passes with a good key and fails with a bad one', async () => {
		const test = async (apiKey: string) =>
			await server.post('/rest/credentials/test', {
				credentials: {
					...CREDENTIAL,
					type: 'quickRouterApi',
					data: { apiKey, baseUrl: `${simulator.url}/v1/` },
				},
			});

		const good = await test(simulator.apiKey);
		const bad = await test(newApiKey());

		expect(good).toMatchObject({ status: 200, body: { data: { status: 'OK' } } });
		expect(bad).toMatchObject({ status: 200, body: { data: { status: 'Error' } } });
		expect(simulator.requestsTo('create')).toHaveLength(0);
	});

	it('a webhook-triggered workflow with the node answers with the new task', async () => {
		const started = Date.now();
		const answer = await server.post(
			`/webhook/${WEBHOOK_PATH}`,
			{ prompt: 'A paper boat on a river' },
			false,
		);

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			// the default model, as a node added today
			id: expect.stringMatching(/^veo3\.1-fast:/),
			status: 'pending',
		});
		expect(simulator.requestsTo('create').map((request) => request.body)).toContainEqual(
			expect.objectContaining({ prompt: 'A paper boat on a river' }),
		);
		process.stdout.write(`[e2e] webhook answered in ${Date.now() - started} ms\n`);
	});
});
