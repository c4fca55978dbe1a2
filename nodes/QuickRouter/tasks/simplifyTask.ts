import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { readTask, taskRequestOf } from '../transport/answers';
import type { SentItem, TaskOutputChoices } from './sentItem';

/**
 * A step after Get, or Create when waiting: with "Simplify Output" on, each task becomes the flat, stable object of
 * `readTask`. An answer of a shape it does not know is kept as it came.
 */
export async function simplifyTask(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	{ request, checked }: SentItem<TaskOutputChoices>,
): Promise<INodeExecutionData[]> {
	// Hidden (Create without waiting) means off: Create then gives the task as the API returns it.
	if (checked.simplify !== true) return items;
	const asked = taskRequestOf(request);
	return items.map((item) => {
		const task = readTask(item.json, asked);
		return task ? { ...item, json: task } : item;
	});
}
