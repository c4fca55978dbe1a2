import type { INodeProperties } from 'n8n-workflow';

import { familyFieldProperties, modelOptions } from '../../models/catalogue';
import { taskOutputFields } from './taskOutput';

const showOnlyForVideoCreate = {
	operation: ['create'],
	resource: ['video'],
};

export const videoCreateDescription: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: modelOptions(),
		default: 'sora-2',
		required: true,
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Which model makes the video: Sora, Veo or Grok. The fields below change with it. An expression may give a model per row, also one this node does not know yet (sent as given).',
		routing: { send: { type: 'body', property: 'model' } },
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. A golden retriever surfing a wave at sunset, cinematic, slow motion',
		displayOptions: { show: showOnlyForVideoCreate },
		description: 'Describe the video: subject, action, setting, camera and style',
		routing: { send: { type: 'body', property: 'prompt' } },
	},
	// Each model's own fields, shown for the models that take them (models/catalogue)
	...familyFieldProperties(showOnlyForVideoCreate, 'top level'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showOnlyForVideoCreate },
		options: [
			{
				displayName: 'Additional Body Fields',
				name: 'additionalBodyFields',
				type: 'json',
				default: '{}',
				description:
					'More fields to send in the request body, as a JSON object, for a model this node does not know yet (e.g. {"seed": 7}). Fields the node sends itself are refused.',
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description:
					'How many times to send a row while QuickRouter certainly did not create its task: it was busy (429, or 503 with Retry-After) or could not be reached. A failure that may have created the task is never sent again, so no row is paid twice.',
			},
			...familyFieldProperties(undefined, 'options'),
		],
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Whether to wait until the video is ready (or failed) before going on. All items wait at the same time. Off: the node returns the new task at once; look it up later with Get.',
	},
	...taskOutputFields({ ...showOnlyForVideoCreate, waitForCompletion: [true] }),
	{
		displayName: 'Waiting Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...showOnlyForVideoCreate, waitForCompletion: [true] } },
		options: [
			{
				displayName: 'Check Every (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 2 },
				default: 10,
				description: 'How often to ask QuickRouter whether the video is ready. At least 2 seconds.',
			},
			{
				displayName: 'Time Limit (Minutes)',
				name: 'timeLimitMinutes',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
				default: 20,
				description:
					'How long to wait before giving up with an error. The task keeps running at QuickRouter; Get can fetch it later.',
			},
		],
	},
];
