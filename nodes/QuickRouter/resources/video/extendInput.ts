import { z } from 'zod';

import { boolean, taskIdText, text, wholeNumberCell } from '../../input/cells';

import {
	extendRequest,
	GROK_ASPECT_RATIOS,
	GROK_EXTEND_MODEL,
	GROK_EXTEND_SIZES,
} from '../../models/grok';
import { maxAttemptsInput, maxConcurrentCreatesInput, promptInput } from './paidTask';
import { taskOutputInput } from './taskOutput';
import { waitingInput } from './waiting';

const GROK_TASK_ID = /^grok:[\w-]+$/;

function choiceOf(values: readonly string[], what: string) {
	const message = `must be ${values.join(', ')} (or empty: ${what})`;
	return text(message)
		.transform((value) => value.trim())
		.refine((value) => value === '' || values.includes(value), message);
}

/** What an Extend item must hold, checked before any request is sent. */
export const extendVideoInput = z
	.object({
		extendTaskId: taskIdText(GROK_TASK_ID, {
			notText: 'must be text like grok:eee6faa8-9dee-455c-aa82-02ac623adf3a',
			empty: 'is empty: map the task ID of the Grok video to extend, e.g. {{ $json.id }}',
			wrongForm:
				'must be the task ID of a Grok video, like grok:eee6faa8-9dee-455c-aa82-02ac623adf3a (only Grok videos can be extended)',
		}),
		prompt: promptInput,
		// "3" from a sheet is 3
		startTime: wholeNumberCell('must be a whole number of seconds, 0 or more'),
		extendAspectRatio: choiceOf(GROK_ASPECT_RATIOS, 'as the video').default(''),
		extendSize: choiceOf(GROK_EXTEND_SIZES, 'the model default').default(''),
		// off is not sent: the API's default
		extendUpscale: boolean('must be true or false')
			.default(false)
			.transform((upscale) => upscale || undefined),
		options: z
			.object({ maxAttempts: maxAttemptsInput, maxConcurrentCreates: maxConcurrentCreatesInput })
			.default({}),
		...taskOutputInput,
		...waitingInput,
	})
	.transform((input) => ({ ...input, model: GROK_EXTEND_MODEL, request: extendRequest(input) }));
