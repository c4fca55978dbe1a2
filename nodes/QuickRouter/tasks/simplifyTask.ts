import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { taskRequestOf } from '../transport/answers';
import { readTaskOf, type RoutesCatalogue } from '../transport/familyRoutes';
import type { SentItem, TaskOutputChoices } from './sentItem';

/**
 * A step after Get, or Create when waiting: with "Simplify Output" on, each task becomes the flat,
 * stable object its family's routes read (transport/answers SimplifiedTask). An answer of a shape
 * they do not know is kept as it came.
 */
export function simplifyTask(routes: RoutesCatalogue) {
	return async function simplifyKnownTasks(
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		{ checked }: SentItem<TaskOutputChoices>,
	): Promise<INodeExecutionData[]> {
		// Hidden (Create without waiting) means off: Create then gives the task as the API returns it.
		if (checked.simplify !== true) return items;
		const asked = taskRequestOf(checked);
		return items.map((item) => {
			const task = readTaskOf(routes, item.json, asked);
			return task ? { ...item, json: task } : item;
		});
	};
}
