import { z } from 'zod';

import { choiceCell, issue, taskIdText } from '../../input/cells';
import { bareIdOptions, isTaskId } from '../../models/catalogue';

import { taskOutputInput } from './taskOutput';
import { waitingInput } from './waiting';

/** An ID as written: a family's, `<model>:<id>`, or a bare one (checked with its family below). */
const WRITTEN_ID = /^[\w.-]+(?::[\w.-]+){0,2}$/;
const ID_FORMS =
	'veo3.1-fast:1770350082-trii1OXZc3, grok:eee6faa8-9dee-455c-aa82-02ac623adf3a, kling:text2video:867283741759111202, seedance-2:cgt-20250917121233-f4sg6 or hailuo:306792606023824';
const BARE_ID_PREFIXES = bareIdOptions()
	.map((option) => String(option.value))
	.filter(Boolean);

/** What a Get item must hold, checked before any request is sent. */
export const getVideoInput = z
	.object({
		...taskOutputInput,
		...waitingInput,
		taskId: taskIdText(WRITTEN_ID, {
			notText:
				'must be text: the task ID that Create returned, like veo3.1-fast:1770350082-trii1OXZc3',
			empty: 'is empty: map the ID that Create returned, e.g. {{ $json.id }}',
			wrongForm: `must look like ${ID_FORMS}`,
		}),
		bareIdFamily: choiceCell('must be one of its choices')
			.refine(
				(prefix) => prefix === '' || BARE_ID_PREFIXES.includes(String(prefix)),
				`must be empty or one of ${BARE_ID_PREFIXES.join(', ')}`,
			)
			.default(''),
	})
	.transform((input, ctx) => {
		const { taskId, bareIdFamily } = input;
		// a bare ID from QuickRouter's task list, with its family chosen: the ID the node looks up
		const id = bareIdFamily && !taskId.includes(':') ? `${String(bareIdFamily)}:${taskId}` : taskId;
		if (!isTaskId(id)) {
			ctx.addIssue(
				issue(
					taskId.includes(':')
						? `must look like ${ID_FORMS}, not "${taskId}"`
						: `"${taskId}" does not say its family (Kling's and Hailuo's task IDs are digits only): choose it in Family of a Bare ID, or map the ID the node returned (${ID_FORMS})`,
					['taskId'],
				),
			);
			return z.NEVER;
		}
		return { ...input, taskId: id };
	});
