import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { boolean, number } from '../../input/inputRules';

import { taskOutputFields } from './taskOutput';

/**
 * Wait for Completion, and what follows it: for a paid task (Create, Extend) the task's output
 * fields (Simplify, Download) apply once it waits; Get gives a task, so they always apply there.
 */
export function waitingFields(
	show: IDisplayOptions['show'],
	output: 'when waiting' | 'always',
): INodeProperties[] {
	const whenWaiting = { ...show, waitForCompletion: [true] };
	return [
		...(output === 'always' ? taskOutputFields(show) : []),
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description:
				output === 'always'
					? 'Whether to wait until the video is ready (or failed) before going on, checking again and again. Off: gives the task as it is now.'
					: 'Whether to wait until the video is ready (or failed) before going on. All items wait at the same time. Off: the node returns the new task at once; look it up later with Get.',
		},
		...(output === 'when waiting' ? taskOutputFields(whenWaiting) : []),
		{
			displayName: 'Waiting Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'How often to check the task, and for how long',
			displayOptions: { show: whenWaiting },
			options: [
				{
					displayName: 'Check Every (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 2 },
					default: 10,
					description:
						'How often to ask QuickRouter whether the video is ready. At least 2 seconds.',
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
}

/** The rules for those fields, as they resolve for an item. */
export const waitingInput = {
	waitForCompletion: boolean('must be true or false').default(false),
	waitOptions: z
		.object({
			pollIntervalSeconds: number('must be a number of seconds')
				.pipe(z.number().min(2, 'must be at least 2 seconds'))
				.optional(),
			timeLimitMinutes: number('must be a number of minutes')
				.pipe(
					z
						.number()
						.min(0.1, 'must be at least 0.1 minutes (6 seconds)')
						.max(1440, 'must be at most 1440 minutes (24 hours)'),
				)
				.optional(),
		})
		.default({}),
};
