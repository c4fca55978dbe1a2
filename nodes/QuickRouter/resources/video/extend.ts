import type { INodeProperties } from 'n8n-workflow';

import { GROK_ASPECT_RATIOS, GROK_EXTEND_SIZES } from '../../models/grok';
import {
	maxAttemptsOption,
	maxConcurrentCreatesOption,
	paidTaskNotice,
	promptField,
} from './paidTask';
import { paidTaskWaitingFields } from './waiting';

const showOnlyForVideoExtend = {
	operation: ['extend'],
	resource: ['video'],
};

/** Video > Extend [QR: grok-video-extend]: a finished Grok video, continued from a moment on. */
export const videoExtendDescription: INodeProperties[] = [
	paidTaskNotice,
	{
		displayName: 'Task ID',
		name: 'extendTaskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. grok:eee6faa8-9dee-455c-aa82-02ac623adf3a',
		displayOptions: { show: showOnlyForVideoExtend },
		description:
			'The task ID of the finished Grok video to extend (it looks like grok:…), usually mapped from Create or Get. Only Grok videos can be extended.',
		routing: { send: { type: 'body', property: 'task_id' } },
	},
	promptField,
	{
		displayName: 'Start Time (Seconds)',
		name: 'startTime',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		required: true,
		displayOptions: { show: showOnlyForVideoExtend },
		description: 'Where in the video the new part begins, in whole seconds from its start',
		routing: { send: { type: 'body', property: 'start_time' } },
	},
	{
		displayName: 'Aspect Ratio',
		name: 'extendAspectRatio',
		type: 'options',
		options: [
			{ name: 'As the Video', value: '' },
			...GROK_ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
		],
		default: '',
		displayOptions: { show: showOnlyForVideoExtend },
		description: 'Shape of the extended video; by default the same as the video it continues',
		routing: { send: { type: 'body', property: 'aspect_ratio' } },
	},
	{
		displayName: 'Size',
		name: 'extendSize',
		type: 'options',
		options: [
			{ name: 'Model Default', value: '' },
			...GROK_EXTEND_SIZES.map((size) => ({ name: size, value: size })),
		],
		default: '',
		displayOptions: { show: showOnlyForVideoExtend },
		description: 'Resolution of the extended video',
		routing: { send: { type: 'body', property: 'size' } },
	},
	{
		displayName: 'Upscale',
		name: 'extendUpscale',
		type: 'boolean',
		default: false,
		displayOptions: { show: showOnlyForVideoExtend },
		description: 'Whether to upscale the extended video (takes longer)',
		routing: { send: { type: 'body', property: 'upscale' } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'How the request is sent',
		displayOptions: { show: showOnlyForVideoExtend },
		options: [maxAttemptsOption, maxConcurrentCreatesOption],
	},
	...paidTaskWaitingFields,
];
