import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { blankIsUnset, issue, numberCell, textCell } from '../../input/cells';

/** What every paid task's operation has (Create, Extend): a prompt, and how often to send it. */

// One field for both operations: n8n reads every field of the node for every item (see fieldOrder)
export const showForPaidTasks = {
	operation: ['create', 'extend'],
	resource: ['video'],
};

/** At the top of a paid operation: what one run costs, and what the node does about it. */
export const paidTaskNotice: INodeProperties = {
	displayName:
		'Each input item starts a paid video task at QuickRouter. Every item is checked before any is sent, and no item is sent twice.',
	name: 'paidTaskNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: showForPaidTasks },
};

export const promptField: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. A golden retriever surfing a wave at sunset, cinematic, slow motion',
	displayOptions: { show: showForPaidTasks },
	description:
		'Describe the video: subject, action, setting, camera and style. To extend a video: what happens in the part that is added.',
	routing: { send: { type: 'body', property: 'prompt' } },
};

/**
 * QuickRouter's pages give no limit; a prompt this long is far beyond any video description and
 * is most likely a wrong column or a whole document mapped into the field.
 */
export const MAX_PROMPT_LENGTH = 10_000;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

// A sheet's missing column gives no value at all: that is an empty prompt too
export const promptInput = textCell('must be text')
	.transform((prompt) => prompt.trim())
	// zero-width and other invisible characters are not a description either
	.refine((prompt) => VISIBLE.test(prompt), 'is empty: describe the video you want')
	.superRefine((prompt, ctx) => {
		if (prompt.length > MAX_PROMPT_LENGTH) {
			ctx.addIssue(
				issue(
					`is ${prompt.length} characters long: at most ${MAX_PROMPT_LENGTH} are sent (is the right column mapped?)`,
				),
			);
		}
	});

/** Options › Max Attempts (see sending/createTaskOnce). */
export const maxAttemptsOption: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 5,
	description:
		'How many times to send a row while QuickRouter certainly did not create its task: it was busy (429, or 503 with Retry-After) or could not be reached. A failure that may have created the task is never sent again, so no row is paid twice.',
};

/** Options › Max Concurrent Creates (see transport/requestGate). */
export const maxConcurrentCreatesOption: INodeProperties = {
	displayName: 'Max Concurrent Creates',
	name: 'maxConcurrentCreates',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	default: 10,
	description:
		"At most this many creates in flight at once for the run; the others wait their turn. Set it to your QuickRouter plan's concurrency limit so that no create is turned away (429). Left out, the node finds the limit from QuickRouter's 429 answers. One limit for the run: the first item's value counts.",
};

export const maxConcurrentCreatesInput = blankIsUnset(
	numberCell('must be a number').pipe(
		z
			.number()
			.int('must be a whole number')
			.min(1, 'must be at least 1')
			.max(1000, 'must be at most 1000'),
	),
);

export const maxAttemptsInput = blankIsUnset(
	numberCell('must be a number').pipe(
		z
			.number()
			.int('must be a whole number')
			.min(1, 'must be at least 1')
			.max(20, 'must be at most 20'),
	),
);
