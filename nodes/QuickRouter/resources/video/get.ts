import type { INodeProperties } from 'n8n-workflow';

import { bareIdOptions } from '../../models/catalogue';
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
			'The task ID that Create or Extend returned, of any model (veo3.1-fast:…, grok:…, kling:text2video:…). Usually mapped from the previous node: drag its ID field here.',
		routing: { send: { type: 'query', property: 'id' } },
	},
	{
		displayName: 'Family of a Bare ID',
		name: 'bareIdFamily',
		type: 'options',
		options: bareIdOptions(),
		default: '',
		displayOptions: { show: showOnlyForVideoGet },
		description:
			"For an ID copied from QuickRouter's task list that does not say its family (Kling's and Hailuo's are digits only; Seedance's cgt- IDs are taken for 2.0's): the family and route that made it. IDs this node returned say it themselves.",
	},
	...getWaitingFields,
];
