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
		placeholder: 'e.g. veo3.1-fast:1770350082-trii1OXZc3',
		displayOptions: { show: showOnlyForVideoGet },
		description:
			'The task ID that Create or Extend returned, of any model (veo3.1-fast:…, grok:…, sora-2:task_…). Usually mapped from the previous node: drag its ID field here.',
		routing: { send: { type: 'query', property: 'id' } },
	},
	...getWaitingFields,
];
