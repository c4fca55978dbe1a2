import { z } from 'zod';

import { httpUrl, httpUrlList, positiveSecondsRange } from '../../input/inputRules';
import { taskOutputInput } from './taskOutput';

const MODELS = ['sora-2', 'sora-2-pro'] as const;

/**
 * QuickRouter's pages give no limit; a prompt this long is far beyond any video description and
 * is most likely a wrong column or a whole document mapped into the field.
 */
export const MAX_PROMPT_LENGTH = 10_000;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

// A spreadsheet gives "15" as text: whole-number text is read as that number.
const duration = z
	.union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], {
		errorMap: () => ({ message: 'must be 10, 15 or 25 (seconds)' }),
	})
	.refine((seconds) => seconds === 10 || seconds === 15 || seconds === 25, {
		message: 'must be 10, 15 or 25 (seconds)',
	});

/**
 * What a Create item must hold, checked on the node's parameters as they resolve for that item
 * (expressions evaluated), before any request is sent. Messages complete "<Field> ...".
 */
export const createVideoInput = z
	.object({
		model: z.enum(MODELS, { errorMap: () => ({ message: 'must be sora-2 or sora-2-pro' }) }),
		prompt: z
			.string({ invalid_type_error: 'must be text', required_error: 'is empty' })
			.trim()
			// zero-width and other invisible characters are not a description either
			.refine((text) => VISIBLE.test(text), 'is empty: describe the video you want')
			.refine(
				(text) => text.length <= MAX_PROMPT_LENGTH,
				(text) => ({
					message: `is ${text.length} characters long: at most ${MAX_PROMPT_LENGTH} are sent (is the right column mapped?)`,
				}),
			),
		orientation: z.enum(['portrait', 'landscape'], {
			errorMap: () => ({ message: 'must be portrait or landscape' }),
		}),
		size: z.enum(['small', 'large'], { errorMap: () => ({ message: 'must be small or large' }) }),
		duration,
		images: httpUrlList.optional(),
		useCharacter: z.boolean({ invalid_type_error: 'must be true or false' }),
		characterUrl: httpUrl.optional(),
		characterTimestamps: positiveSecondsRange({ minLength: 1, maxLength: 3 }).optional(),
		options: z
			.object({
				maxAttempts: z
					.number({ invalid_type_error: 'must be a number' })
					.int('must be a whole number')
					.min(1, 'must be at least 1')
					.max(20, 'must be at most 20')
					.optional(),
				watermark: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
				private: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
			})
			.default({}),
		waitForCompletion: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
		...taskOutputInput,
		waitOptions: z
			.object({
				pollIntervalSeconds: z
					.number({ invalid_type_error: 'must be a number of seconds' })
					.min(2, 'must be at least 2 seconds')
					.optional(),
				timeLimitMinutes: z
					.number({ invalid_type_error: 'must be a number of minutes' })
					.min(0.1, 'must be at least 0.1 minutes (6 seconds)')
					.max(1440, 'must be at most 1440 minutes (24 hours)')
					.optional(),
			})
			.default({}),
	})
	.superRefine((input, ctx) => {
		if (input.duration === 25 && input.model !== 'sora-2-pro') {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['duration'],
				message: `25 seconds is only available with sora-2-pro, not ${input.model}: choose 10 or 15, or switch the model`,
			});
		}
	});
