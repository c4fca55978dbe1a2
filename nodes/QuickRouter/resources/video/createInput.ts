import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import {
	familyFieldSchemas,
	KNOWN_PROPERTIES,
	modelBody,
	modelFieldIssues,
} from '../../models/modelRules';
import { taskOutputInput } from './taskOutput';

/**
 * QuickRouter's pages give no limit; a prompt this long is far beyond any video description and
 * is most likely a wrong column or a whole document mapped into the field.
 */
export const MAX_PROMPT_LENGTH = 10_000;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Options › Additional Body Fields: more body fields, for a model the node does not know yet. A
 * field the node's own fields send is refused, so that nothing is sent twice or unchecked.
 */
const additionalBodyFields = z
	.union([z.string(), z.record(z.unknown())], {
		errorMap: () => ({ message: 'must be a JSON object, like {"seed": 7}' }),
	})
	.transform((value, ctx) => {
		if (typeof value !== 'string') return value as IDataObject;
		if (value.trim() === '') return {};
		try {
			const parsed: unknown = JSON.parse(value);
			if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
				return parsed as IDataObject;
			}
		} catch {
			// said below
		}
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: 'must be a JSON object, like {"seed": 7}',
		});
		return z.NEVER;
	})
	.superRefine((fields, ctx) => {
		for (const name of Object.keys(fields)) {
			const field = KNOWN_PROPERTIES.get(name);
			if (field) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: `must not set "${name}": the ${field} field sends it, checked`,
				});
			}
		}
	});

/**
 * What a Create item must hold, checked on the node's parameters as they resolve for that item
 * (expressions evaluated), before any request is sent. Messages complete "<Field> ...".
 */
export const createVideoInput = z
	.object({
		model: z
			.string({ invalid_type_error: 'must be a model ID (text), like sora-2 or veo3.1-fast' })
			.trim()
			.min(1, 'is empty: choose a model, or map a model ID like sora-2 or veo3.1-fast')
			.regex(/^[\w.:-]+$/, 'must be a model ID like sora-2 or veo3.1-fast, without spaces'),
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
		...familyFieldSchemas('top level'),
		options: z
			.object({
				maxAttempts: z
					.number({ invalid_type_error: 'must be a number' })
					.int('must be a whole number')
					.min(1, 'must be at least 1')
					.max(20, 'must be at most 20')
					.optional(),
				additionalBodyFields: additionalBodyFields.optional(),
				...familyFieldSchemas('options'),
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
		for (const issue of modelFieldIssues(input as IDataObject)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
		}
	})
	.transform((input) => {
		// The model-dependent part of the body, and anything more the user adds for a new model
		const { body, notice } = modelBody(input as IDataObject);
		return {
			...input,
			modelBody: { ...body, ...input.options.additionalBodyFields },
			...(notice ? { notice } : {}),
		};
	});
