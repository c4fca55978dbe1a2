import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTask } from './api';

/**
 * postReceive hook: with "Simplify Output" on, each task becomes the flat, stable object of
 * `readTask`. An answer of a shape it does not know is kept as it came.
 */
export async function simplifyTask(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!this.getNodeParameter('simplify', true)) return items;
	return items.map((item) => {
		const task = readTask(item.json);
		return task ? { ...item, json: task } : item;
	});
}
