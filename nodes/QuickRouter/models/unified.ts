import { readCreatedTask, readTask, statusWordOf } from '../transport/answers';
import type { FamilyRoutes } from '../transport/familyRoutes';

/**
 * QuickRouter's unified video routes [QR], which Veo, Grok and Sora share (and a model the node
 * does not know is sent to): one create route for every model, the model in the body
 * (`POST /v1/video/create`); task IDs `<model or family>:<upstream ID>`; one lookup
 * (`GET /v1/video/query?id=`); the answer shapes of transport/answers.
 */
export const UNIFIED_ROUTES: FamilyRoutes = {
	createRequest: ({ model, prompt, modelBody }) => ({
		url: '/v1/video/create',
		body: { model, prompt, ...modelBody },
	}),
	createdTask: (answer) => {
		const task = readCreatedTask(answer);
		return task ? { task } : undefined;
	},
	ownsTaskId: (taskId) => /^[\w.-]+:[\w.-]+$/.test(taskId),
	lookupOf: (taskId) => ({ url: '/v1/video/query', qs: { id: taskId } }),
	readAnswer: readTask,
	statusWord: statusWordOf,
};
