/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/node-usable-as-tool -- a benchmark script and its stand-in node, not node code */
/**
 * npm run bench:precheck: what the check before sending costs. N creates through n8n's own engine
 * against the simulator (L ms per create), by the QuickRouter node and by a plain declarative node
 * that sends the same body with no check at all, in turns, R rounds. Prints, per round and as the
 * median: each node's wall, their ratio, and when the QuickRouter node's first create reached the
 * simulator, as a share of its wall.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type INode,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	registerNodeType,
	ROWS_NODE,
	runQuickRouter,
	runWorkflow,
	type RunResult,
} from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { benchExitCode } from './exitCode';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_RATIO = 1.15;
const TARGET_FIRST_CREATE_SHARE = 0.25;

const PLAIN_NODE_TYPE = 'bench.plainDeclarative';

/** The least a declarative node can be: the same route and body, routed, nothing checked. */
class PlainDeclarative implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plain declarative',
		name: PLAIN_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Sends a row to the create route',
		defaults: { name: 'Plain' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'quickRouterApi', required: true }],
		requestDefaults: {
			baseURL: '={{ $credentials.baseUrl }}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				routing: {
					request: { method: 'POST', url: '/v1/video/create' },
					send: { type: 'body', property: 'model' },
				},
			},
			{
				displayName: 'Prompt',
				name: 'prompt',
				type: 'string',
				default: '',
				routing: { send: { type: 'body', property: 'prompt' } },
			},
			// a row on the default model, Veo 3.1 Fast, sends nothing more
		],
	};
}

const ROW_PARAMETERS = { model: '={{ $json.model }}', prompt: '={{ $json.prompt }}' };

function rows(): IDataObject[] {
	return Array.from({ length: ITEMS }, (_, index) => ({
		model: 'veo3.1-fast',
		prompt: `video ${index + 1}`,
	}));
}

async function runPlain(simulator: QuickRouterSimulator): Promise<RunResult> {
	const plain: INode = {
		id: 'plain',
		name: 'Plain',
		type: PLAIN_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: ROW_PARAMETERS,
		credentials: { quickRouterApi: { id: 'cred-1', name: 'QuickRouter account' } },
	};
	return await runWorkflow({
		nodes: [ROWS_NODE, plain],
		connections: {
			[ROWS_NODE.name]: {
				main: [[{ node: plain.name, type: NodeConnectionTypes.Main, index: 0 }]],
			},
		},
		items: rows(),
		credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		outputOf: plain.name,
	});
}

async function runNode(simulator: QuickRouterSimulator): Promise<RunResult> {
	return await runQuickRouter({
		parameters: { resource: 'video', operation: 'create', ...ROW_PARAMETERS },
		items: rows(),
		credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
	});
}

interface Timing {
	wallSeconds: number;
	firstCreateSeconds: number;
	created: number;
	bodies: string[];
}

async function timed(
	simulator: QuickRouterSimulator,
	run: (simulator: QuickRouterSimulator) => Promise<RunResult>,
): Promise<Timing> {
	simulator.reset();
	const startedAt = Date.now();
	const started = process.hrtime.bigint();
	const result = await run(simulator);
	const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.error) throw result.error;
	const creates = simulator.requestsTo('create');
	const first = Math.min(...creates.map((request) => request.receivedAt));
	return {
		wallSeconds,
		firstCreateSeconds: (first - startedAt) / 1000,
		created: result.outputs[0].filter((item) => typeof item.json.id === 'string').length,
		bodies: creates.map((request) => JSON.stringify(request.body)).sort(),
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
	registerNodeType(PLAIN_NODE_TYPE, new PlainDeclarative());
	const simulator = await QuickRouterSimulator.start({ createLatencyMs: LATENCY_MS });
	try {
		console.log(
			`bench:precheck: ${ITEMS} creates, ${LATENCY_MS} ms each, QuickRouter node vs a plain declarative node with the same body, ${ROUNDS} rounds in turn`,
		);
		// one run of each first, untimed: module loading and the JIT's warm-up are not the check
		await timed(simulator, runNode);
		await timed(simulator, runPlain);

		const ratios: number[] = [];
		const shares: number[] = [];
		let right = true;
		for (let round = 1; round <= ROUNDS; round++) {
			const node = await timed(simulator, runNode);
			const plain = await timed(simulator, runPlain);
			const ratio = node.wallSeconds / plain.wallSeconds;
			const share = node.firstCreateSeconds / node.wallSeconds;
			ratios.push(ratio);
			shares.push(share);
			const sameBodies = node.bodies.join('\n') === plain.bodies.join('\n');
			right &&= node.created === ITEMS && plain.created === ITEMS && sameBodies;
			console.log(
				`round ${round}: node ${node.wallSeconds.toFixed(3)} s (first create at ${node.firstCreateSeconds.toFixed(3)} s, ${(share * 100).toFixed(1)} %), plain ${plain.wallSeconds.toFixed(3)} s (first create at ${plain.firstCreateSeconds.toFixed(3)} s); ratio ${ratio.toFixed(3)}; created ${node.created}/${plain.created}; same bodies: ${sameBodies}`,
			);
		}
		const ratio = median(ratios);
		const share = median(shares);
		console.log(`median ratio node/plain:     ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})`);
		console.log(
			`median first create at:      ${(share * 100).toFixed(1)} % of the node's wall (target <= ${TARGET_FIRST_CREATE_SHARE * 100} %)`,
		);
		const ok = ratio <= TARGET_RATIO && share <= TARGET_FIRST_CREATE_SHARE;
		console.log(
			right ? (ok ? 'PASS' : 'FAIL (targets)') : 'FAIL (a create missing or a body differs)',
		);
		process.exitCode = benchExitCode(right, ok);
	} finally {
		await simulator.stop();
	}
}

main().catch((error: Error) => {
	console.error(`bench:precheck failed: ${error.message}`);
	process.exit(1);
});
