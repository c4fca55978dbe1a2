import { z } from 'zod';

import { taskIdText } from '../../input/cells';

import { taskOutputInput } from './taskOutput';
import { waitingInput } from './waiting';

/** What a Get item must hold, checked before any request is sent. */
export const getVideoInput = z.object({
	...taskOutputInput,
	...waitingInput,
	taskId: taskIdText(/^[\w.-]+:[\w.-]+$/, {
		notText:
			'must be text: the task ID that Create returned, like veo3.1-fast:1770350082-trii1OXZc3',
		empty: 'is empty: map the ID that Create returned, e.g. {{ $json.id }}',
		wrongForm:
			'must look like veo3.1-fast:1770350082-trii1OXZc3, grok:eee6faa8-9dee-455c-aa82-02ac623adf3a or sora-2:task_01k900ag82ecgbewj2xa3758z0',
	}),
});
