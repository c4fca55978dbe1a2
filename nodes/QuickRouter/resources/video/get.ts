import type { INodeProperties } from 'n8n-workflow';

import { taskOutputFields } from './taskOutput';

const showOnlyForVideoGet = {
	operation: ['get'],
	resource: ['video'],
};

export const videoGetDescription: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'sora-2:task_01k900ag82ecgbewj2xa3758z0',
		displayOptions: { show: showOnlyForVideoGet },
		description:
			'The task ID that Create returned (it looks like sora-2:task_…). Usually mapped from the previous node: drag its ID field here.',
		routing: { send: { type: 'query', property: 'id' } },
	},
	...taskOutputFields(showOnlyForVideoGet),
];
