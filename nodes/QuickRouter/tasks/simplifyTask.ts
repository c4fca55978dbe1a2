import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTask } from './answers';

/**
 * A step after Get, or Create when waiting: with "Simplify Output" on, each task becomes the flat, stable object of
 * `readTask`. An answer of a shape it does not know is kept as it came.
 */
export async function simplifyTask(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// Hidden (Create without waiting) means off: Create then gives the task as the API returns it.
	if (!this.getNodeParameter('simplify', false)) return items;
	return items.map((item) => {
		const task = readTask(item.json);
		return task ? { ...item, json: task } : item;
	});
}
