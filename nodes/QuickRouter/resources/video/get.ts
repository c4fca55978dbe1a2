import type { INodeProperties } from 'n8n-workflow';

import { getWaitingFields } from './waiting';

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
		placeholder: 'e.g. sora-2:task_01k900ag82ecgbewj2xa3758z0',
		displayOptions: { show: showOnlyForVideoGet },
		description:
			'The task ID that Create or Extend returned, of any model (sora-2:task_…, veo3.1-fast:…, grok:…). Usually mapped from the previous node: drag its ID field here.',
		routing: { send: { type: 'query', property: 'id' } },
	},
	...getWaitingFields,
];
