import { z } from 'zod';

import { GROK_ASPECT_RATIOS, GROK_EXTEND_SIZES } from '../../models/grok';
import { maxAttemptsInput, promptInput } from './paidTask';
import { taskOutputInput } from './taskOutput';
import { waitingInput } from './waiting';

const GROK_TASK_ID = /^grok:[\w-]+$/;

function choiceOf(values: readonly string[], what: string) {
	return z
		.string({ invalid_type_error: `must be ${what}` })
		.trim()
		.refine(
			(value) => value === '' || values.includes(value),
			`must be ${values.join(', ')} (or empty: ${what})`,
		);
}

/** What an Extend item must hold, checked before any request is sent. */
export const extendVideoInput = z.object({
	extendTaskId: z
		.string({ invalid_type_error: 'must be text like grok:eee6faa8-9dee-455c-aa82-02ac623adf3a' })
		.trim()
		.min(1, 'is empty: map the task ID of the Grok video to extend, e.g. {{ $json.id }}')
		.regex(
			GROK_TASK_ID,
			'must be the task ID of a Grok video, like grok:eee6faa8-9dee-455c-aa82-02ac623adf3a (only Grok videos can be extended)',
		),
	prompt: promptInput,
	// "3" from a sheet is 3
	startTime: z
		.union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], {
			errorMap: () => ({ message: 'must be a whole number of seconds, 0 or more' }),
		})
		.refine(
			(seconds) => Number.isInteger(seconds) && seconds >= 0,
			'must be a whole number of seconds, 0 or more',
		),
	extendAspectRatio: choiceOf(GROK_ASPECT_RATIOS, 'as the video').default(''),
	extendSize: choiceOf(GROK_EXTEND_SIZES, 'the model default').default(''),
	// off is not sent: the API's default
	extendUpscale: z
		.boolean({ invalid_type_error: 'must be true or false' })
		.default(false)
		.transform((upscale) => upscale || undefined),
	options: z.object({ maxAttempts: maxAttemptsInput }).default({}),
	...taskOutputInput,
	...waitingInput,
});
