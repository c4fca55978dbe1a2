import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MODEL,
	familyFieldProperties,
	modelOptions,
	retiredModelNotices,
} from '../../models/catalogue';
import {
	maxAttemptsOption,
	maxConcurrentCreatesOption,
	paidTaskNotice,
	promptField,
} from './paidTask';
import { paidTaskWaitingFields } from './waiting';

const showOnlyForVideoCreate = {
	operation: ['create'],
	resource: ['video'],
};

export const videoCreateDescription: INodeProperties[] = [
	paidTaskNotice,
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: modelOptions(),
		default: DEFAULT_MODEL,
		required: true,
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Which model makes the video: Veo, Grok, Kling, Seedance or Hailuo (Sora is retired). The fields below change with it. An expression may give a model per row, also one this node does not know yet (sent as given).',
		routing: { send: { type: 'body', property: 'model' } },
	},
	...retiredModelNotices(showOnlyForVideoCreate),
	promptField,
	// Each model's own fields, shown for the models that take them (models/catalogue)
	...familyFieldProperties(showOnlyForVideoCreate, 'top level'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description:
			"Each model's own settings (shown for the models that take them), and how the request is sent",
		displayOptions: { show: showOnlyForVideoCreate },
		// by name, as the editor lists them under Add Option
		options: (
			[
				{
					displayName: 'Additional Body Fields',
					name: 'additionalBodyFields',
					type: 'json',
					default: '{}',
					description:
						'More fields to send in the request body, as a JSON object, for a model this node does not know yet (e.g. {"seed": 7}). Fields the node sends itself are refused.',
				},
				maxAttemptsOption,
				maxConcurrentCreatesOption,
				...familyFieldProperties(undefined, 'options'),
			] satisfies INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	...paidTaskWaitingFields,
];
