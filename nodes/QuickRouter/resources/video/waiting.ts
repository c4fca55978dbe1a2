import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { autoIsUnset, blankIsUnset, boolean, numberCell } from '../../input/cells';
import { DEFAULT_CHECKS_PER_SECOND } from '../../transport/checkBudget';

import { showForPaidTasks } from './paidTask';
import { taskOutputFields } from './taskOutput';

// Each field once for the operations that share it: n8n reads every field of the node for every
// item (see fieldOrder)
const showForGet = { operation: ['get'], resource: ['video'] };
const whenWaiting = {
	operation: ['create', 'extend', 'get'],
	resource: ['video'],
	waitForCompletion: [true],
};

const maxChecksPerSecondOption: INodeProperties = {
	displayName: 'Max Checks per Second',
	name: 'maxChecksPerSecond',
	type: 'number',
	typeOptions: { minValue: 0.1, maxValue: 1000, numberPrecision: 1 },
	default: DEFAULT_CHECKS_PER_SECOND,
	description:
		"At most this many status checks per second for all items of the run together, spread evenly; slowed down when QuickRouter answers 429. Lower it when many items wait at once and QuickRouter's rate limit is met. One pace for the run: the first item's value counts.",
};

/** Waiting Options: how often to check (Auto unless told), at what pace, for how long. */
const waitOptionsField: INodeProperties = {
	displayName: 'Waiting Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description:
		'How often to check the task, and for how long. Without Check Every, the node plans each check from the progress QuickRouter reports (Auto).',
	displayOptions: { show: whenWaiting },
	options: [
		{
			displayName: 'Check Every (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 2, maxValue: 3600 },
			default: 10,
			description:
				'Check at this fixed interval instead of Auto. At least 2 seconds. Left out (Auto): each check comes when the reported progress says the video is likely ready, at least 2 and at most 60 seconds apart.',
		},
		maxChecksPerSecondOption,
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
};

function waitForCompletionField(
	show: IDisplayOptions['show'],
	description: string,
): INodeProperties {
	return {
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description,
	};
}

/**
 * Wait for Completion, and what follows it: for a paid task (Create, Extend) the task's output
 * fields (Simplify, Download) apply once it waits; Get gives a task, so they always apply there.
 */
export const paidTaskWaitingFields: INodeProperties[] = [
	waitForCompletionField(
		showForPaidTasks,
		'Whether to wait until the video is ready (or failed) before going on. All items wait at the same time. Off: the node returns the new task at once; look it up later with Get.',
	),
	...taskOutputFields({ ...showForPaidTasks, waitForCompletion: [true] }),
	waitOptionsField,
];

export const getWaitingFields: INodeProperties[] = [
	...taskOutputFields(showForGet),
	waitForCompletionField(
		showForGet,
		'Whether to wait until the video is ready (or failed) before going on, checking again and again. Off: gives the task as it is now.',
	),
	waitOptionsField,
];

/** The rules for those fields, as they resolve for an item. */
export const waitingInput = {
	waitForCompletion: boolean('must be true or false').default(false),
	waitOptions: z
		.object({
			// blank (a cleared field, an empty cell) or "auto": Auto
			pollIntervalSeconds: autoIsUnset(
				blankIsUnset(
					numberCell('must be a number of seconds, or empty for the default').pipe(
						z
							.number()
							.min(2, 'must be at least 2 seconds')
							.max(3600, 'must be at most 3600 seconds (1 hour)'),
					),
				),
			),
			maxChecksPerSecond: blankIsUnset(
				numberCell('must be a number of checks per second').pipe(
					z
						.number()
						.min(0.1, 'must be at least 0.1 (one check every 10 seconds)')
						.max(1000, 'must be at most 1000'),
				),
			),
			timeLimitMinutes: blankIsUnset(
				numberCell('must be a number of minutes').pipe(
					z
						.number()
						.min(0.1, 'must be at least 0.1 minutes (6 seconds)')
						.max(1440, 'must be at most 1440 minutes (24 hours)'),
				),
			),
		})
		.default({}),
};
