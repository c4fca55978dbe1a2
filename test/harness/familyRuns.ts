import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { QuickRouterSimulator } from '../simulator/server';
import { runQuickRouter, type RunOptions } from './engine';

/**
 * A family's Create and Get, run in n8n's engine against the simulator, with the family's own
 * defaults (its model, a prompt): what each family's test file runs again and again.
 */
export function familyRuns(simulator: () => QuickRouterSimulator, defaults: INodeParameters) {
	const credentials = () => ({ apiKey: simulator().apiKey, baseUrl: simulator().url });
	return {
		credentials,
		async create(
			parameters: INodeParameters,
			rows: IDataObject[] = [{}],
			options: Partial<RunOptions> = {},
		) {
			return await runQuickRouter({
				parameters: { resource: 'video', operation: 'create', ...defaults, ...parameters },
				items: rows,
				credentials: credentials(),
				...options,
			});
		},
		async get(taskId: string, parameters: INodeParameters = {}) {
			return await runQuickRouter({
				parameters: { resource: 'video', operation: 'get', taskId, ...parameters },
				items: [{}],
				credentials: credentials(),
			});
		},
	};
}
