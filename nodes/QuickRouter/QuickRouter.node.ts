import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { videoDescription } from './resources/video';

/**
 * How one item's request runs, for a reader who knows declarative nodes: RoutingNode evaluates the
 * item's fields into a request (routing.send) and runs the preSend hooks (recordRoutedValues keeps
 * what it evaluated; sendToApiRoot points it at the credential's API root). Every operation sets
 * `paginate`, so RoutingNode then hands the request to the operation's `operations.pagination`,
 * takeOverRequest (sending/), which takes it over: it checks every item's fields once per run
 * (input/: sheet cells read in one place, each row held to its model's rules, models/), writes the
 * request the checked values hold (its model's family builds it), sends it the operation's way
 * (createTaskOnce: never paid twice; sendRead: a read), and runs the steps after it (tasks/: wait,
 * download, simplify) on the checked values, never the parameters again. One way:
 * fields -> checked values -> request -> answer -> output.
 */
export class QuickRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'QuickRouter',
		name: 'quickRouter',
		icon: {
			light: 'file:../../icons/quickrouter.svg',
			dark: 'file:../../icons/quickrouter.dark.svg',
		},
		group: ['transform'],
		version: 1,
		// the model a Create makes its videos with ("create: veo3.1-fast"), unless it comes per row
		subtitle:
			'={{ $parameter["operation"] + ": " + ($parameter["operation"] === "create" && !String($parameter["model"]).startsWith("=") ? $parameter["model"] : $parameter["resource"]) }}',
		description:
			'Generate videos with Veo, Grok, Kling, Seedance and Hailuo through QuickRouter (Sora is retired)',
		defaults: {
			name: 'QuickRouter',
		},
		usableAsTool: true,
		// New nodes are named "QuickRouter", not after the long actions (see resources/video)
		skipNameGeneration: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'quickRouterApi', required: true }],
		// The base URL comes from the credential in a preSend hook (sendToApiRoot), once per run
		requestDefaults: {
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Video', value: 'video' }],
				default: 'video',
				description: 'What to work with',
			},
			...videoDescription,
		],
	};
}
