import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { BY_EXPRESSION, issue, jsonObjectCell, text, writtenName } from '../../input/cells';

import {
	catalogueSpelling,
	createRequestOf,
	modelWarning,
	unavailableModelAdvice,
} from '../../models/catalogue';
import {
	familyFieldSchemas,
	fieldSending,
	modelBody,
	modelFieldIssues,
} from '../../models/modelRules';
import { maxAttemptsInput, maxConcurrentCreatesInput, promptInput } from './paidTask';
import { ROW_KEY } from '../../input/checkRunInput';
import { taskOutputInput } from './taskOutput';
import { waitingInput } from './waiting';

/**
 * Options › Additional Body Fields: more body fields, for a model the node does not know yet. A
 * field the node's own fields send is refused, so that nothing is sent twice or unchecked.
 */
const additionalBodyFields = jsonObjectCell('must be a JSON object, like {"seed": 7}').superRefine(
	(fields, ctx) => {
		for (const name of Object.keys(fields)) {
			const field = fieldSending(name);
			if (field) {
				ctx.addIssue(issue(`must not set "${name}": the ${field} field sends it, checked`));
			}
		}
	},
);

/**
 * What a Create item must hold, checked on the node's parameters as they resolve for that item
 * (expressions evaluated), before any request is sent. Messages complete "<Field> ...".
 */
export const createVideoInput = z
	.object({
		model: text('must be a model ID (text), like veo3.1-fast or grok-video-3')
			.transform(writtenName)
			.pipe(
				z
					.string()
					.min(1, 'is empty: choose a model, or map a model ID like veo3.1-fast or grok-video-3')
					// "VEO3.1-Fast" or "Veo 3.1 Fast" from a sheet is veo3.1-fast, held to its rules and sent so
					.transform(catalogueSpelling)
					.pipe(
						z
							.string()
							.regex(
								/^[\w.:-]+$/,
								'must be a model ID like veo3.1-fast or grok-video-3, without spaces',
							),
					),
			),
		prompt: promptInput,
		...familyFieldSchemas('top level'),
		options: z
			.object({
				maxAttempts: maxAttemptsInput,
				maxConcurrentCreates: maxConcurrentCreatesInput,
				additionalBodyFields: additionalBodyFields.optional(),
				...familyFieldSchemas('options'),
			})
			.default({}),
		...taskOutputInput,
		...waitingInput,
		// which values a sheet or an expression gave (see BY_EXPRESSION), for the model rules
		[BY_EXPRESSION]: z.array(z.string()).optional(),
		[ROW_KEY]: z.string().optional(),
	})
	.superRefine((input, ctx) => {
		for (const fieldIssue of modelFieldIssues(input as IDataObject)) {
			ctx.addIssue(issue(fieldIssue.message, fieldIssue.path));
		}
	})
	.transform((input) => {
		const warning = modelWarning(input.model);
		const ifModelUnavailable = unavailableModelAdvice(input.model);
		return {
			...input,
			// as the model's family sends it: the model-dependent part of the body from its fields, and
			// anything more the user adds for a new model
			request: createRequestOf({
				model: input.model,
				prompt: input.prompt,
				modelBody: { ...modelBody(input as IDataObject), ...input.options.additionalBodyFields },
				rowKey: input[ROW_KEY],
			}),
			// a model not checked against known rules, or retired: said in the row's output or error
			...(warning ? { warning } : {}),
			...(ifModelUnavailable ? { ifModelUnavailable } : {}),
		};
	});
