/**
 * The workflows npm run bench:compare imports into n8n: our node, and what users build instead
 * (HTTP Request, the template polling loop, n8n's own OpenAI node). Each starts with a Webhook
 * whose body carries the rows, so every run is started the same way.
 */
import { randomUUID } from 'node:crypto';

import { chainedWorkflow, CREDENTIAL, quickRouterNode, type Workflow } from '../e2e/workflows';

type WorkflowNode = Workflow['nodes'][number];

export const OPENAI_CREDENTIAL = { id: 'qrBenchOpenAiCr1', name: 'OpenAI (simulator)' };

/** What our node sends by default besides the prompt; the HTTP Request nodes send the same. */
export const CREATE_DEFAULTS = { model: 'veo3.1-fast' };

export interface BenchWorkflow {
	workflow: Workflow;
	/** The webhook path under /webhook/. */
	path: string;
	/** The node whose runs hold the items to check. */
	resultNode: string;
}

const quickRouterCredential = { quickRouterApi: CREDENTIAL };

function webhook(path: string): WorkflowNode {
	return {
		id: 'webhook',
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 300],
		webhookId: randomUUID(),
		// Answer at once: the run is timed from n8n's own execution record, not from this call.
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

const splitRows: WorkflowNode = {
	id: 'split',
	name: 'Split Rows',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	position: [220, 300],
	parameters: { fieldToSplitOut: 'body.rows', include: 'noOtherFields', options: {} },
};

/** Webhook -> Split Rows -> the given nodes, one after another. */
function chain(id: string, path: string, nodes: WorkflowNode[]): Workflow {
	return chainedWorkflow(id, [webhook(path), splitRows, ...nodes]);
}

function httpCreate(apiUrl: string): WorkflowNode {
	return {
		id: 'httpCreate',
		name: 'Create Video Task',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		position: [440, 300],
		// $credentials is not available in the URL: a user types the address, as here.
		parameters: {
			method: 'POST',
			url: `${apiUrl}/v1/video/create`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'quickRouterApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ { ${Object.entries(CREATE_DEFAULTS)
				.map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
				.join(', ')}, prompt: $json.prompt } }}`,
			options: {},
		},
		credentials: quickRouterCredential,
	};
}

function oursWaiting(pollSeconds: number): WorkflowNode {
	return quickRouterNode(
		{
			resource: 'video',
			operation: 'create',
			prompt: '={{ $json.prompt }}',
			waitForCompletion: true,
			download: true,
			waitOptions: { pollIntervalSeconds: pollSeconds },
		},
		{ position: [440, 300] },
	);
}

/** 1: Video > Create for every row, against HTTP Request sending the same body. */
export function createWorkflows(apiUrl: string): { ours: BenchWorkflow; theirs: BenchWorkflow } {
	const ours = quickRouterNode(
		{ resource: 'video', operation: 'create', prompt: '={{ $json.prompt }}' },
		{ position: [440, 300] },
	);
	const theirs = httpCreate(apiUrl);
	return {
		ours: {
			workflow: chain('cmpOursCreate001', 'compare-ours-create', [ours]),
			path: 'compare-ours-create',
			resultNode: ours.name,
		},
		theirs: {
			workflow: chain('cmpHttpCreate001', 'compare-http-create', [theirs]),
			path: 'compare-http-create',
			resultNode: theirs.name,
		},
	};
}

/**
 * 2: our node creating, waiting and downloading, against the template loop: create -> Wait ->
 * query -> IF completed -> download; not completed goes back to Wait.
 */
export function waitWorkflows(
	apiUrl: string,
	pollSeconds: number,
): { ours: BenchWorkflow; theirs: BenchWorkflow } {
	const ours = oursWaiting(pollSeconds);
	const loop = chain('cmpLoopWait00001', 'compare-loop-wait', [
		httpCreate(apiUrl),
		{
			id: 'wait',
			name: 'Wait',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [660, 300],
			webhookId: randomUUID(),
			parameters: { resume: 'timeInterval', amount: pollSeconds, unit: 'seconds' },
		},
		{
			id: 'httpQuery',
			name: 'Query Task',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5,
			position: [880, 300],
			parameters: {
				method: 'GET',
				url: `${apiUrl}/v1/video/query`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'quickRouterApi',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'id', value: '={{ $json.id }}' }] },
				options: {},
			},
			credentials: quickRouterCredential,
		},
		{
			id: 'completed',
			name: 'Completed?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.3,
			position: [1100, 300],
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 3 },
					conditions: [
						{
							id: randomUUID(),
							leftValue: '={{ $json.status }}',
							rightValue: 'completed',
							operator: { type: 'string', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				looseTypeValidation: false,
				options: {},
			},
		},
		{
			id: 'download',
			name: 'Download Video',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5,
			// Above the Wait: in v1 order, a round's downloads run before its next Wait.
			position: [1320, 200],
			parameters: {
				url: '={{ $json.video_url }}',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
		},
	]);
	// IF: true goes on to the download, false back to the Wait.
	loop.connections['Completed?'] = {
		main: [
			[{ node: 'Download Video', type: 'main', index: 0 }],
			[{ node: 'Wait', type: 'main', index: 0 }],
		],
	};
	return {
		ours: {
			workflow: chain('cmpOursWait00001', 'compare-ours-wait', [ours]),
			path: 'compare-ours-wait',
			resultNode: ours.name,
		},
		theirs: { workflow: loop, path: 'compare-loop-wait', resultNode: 'Download Video' },
	};
}

/** 3: our node creating, waiting and downloading, against n8n's OpenAI node (Video > Generate). */
export function openAiWorkflows(pollSeconds: number): {
	ours: BenchWorkflow;
	theirs: BenchWorkflow;
} {
	const ours = oursWaiting(pollSeconds);
	const openAi: WorkflowNode = {
		id: 'openAi',
		name: 'OpenAI Video',
		type: '@n8n/n8n-nodes-langchain.openAi',
		typeVersion: 2.3,
		position: [440, 300],
		parameters: {
			resource: 'video',
			operation: 'generate',
			// the OpenAI node's own video model (retired upstream on 2026-09-24), on the simulator's
			// OpenAI routes: what people used before QuickRouter's live models
			modelId: { __rl: true, value: 'sora-2', mode: 'id' },
			prompt: '={{ $json.prompt }}',
			seconds: 4,
			size: '720x1280',
			options: {},
		},
		credentials: { openAiApi: OPENAI_CREDENTIAL },
	};
	return {
		ours: {
			workflow: chain('cmpOursFive00001', 'compare-ours-five', [ours]),
			path: 'compare-ours-five',
			resultNode: ours.name,
		},
		theirs: {
			workflow: chain('cmpOpenAiFive001', 'compare-openai-five', [openAi]),
			path: 'compare-openai-five',
			resultNode: openAi.name,
		},
	};
}
