import type { IDataObject } from 'n8n-workflow';

import {
	FAILED_WITHOUT_REASON,
	isObject,
	readDigitsId,
	readTaskId,
	readTime,
	stateOfWord,
	text,
} from '../transport/answers';
import type { FamilyRoutes, ItemRequest } from '../transport/familyRoutes';
import type { FamilyFacts, ModelFacts } from './modelFacts';
import { aspectRatio, frameFields } from './sharedFields';

/**
 * Kuaishou's Kling on QuickRouter's own Kling routes (facts: "Kling" in quickrouter-api.md):
 * text to video (`POST /kling/v1/videos/text2video` [QR]) or, from a first frame, image to video
 * (`/image2video` [SIB]); `model_name`, `mode`, `duration` as a string; answers wrapped as
 * `{code, message, data}` with a non-zero `code` for a refusal [SIB]; task IDs of bare digits, so
 * the node hands on `kling:<route>:<task_id>`, which is enough for Get on its own; a caller's
 * `external_task_id`, by which a task can be looked up too [SIB].
 */

type KlingRoute = 'text2video' | 'image2video';

const MODES = ['std', 'pro'];
const DURATIONS = ['5', '10'];
const ASPECT_RATIOS = ['16:9', '9:16', '1:1'];
/** The documented camera moves that need no settings of their own [SIB]. */
const CAMERA_MOVES = ['down_back', 'forward_up', 'right_turn_forward', 'left_turn_forward'];

function kling(id: string, name: string, description: string, withSound = false): ModelFacts {
	return {
		id,
		name,
		description,
		takes: {
			'options.klingMode': MODES,
			'options.klingDuration': DURATIONS,
			aspectRatio: ASPECT_RATIOS,
			'options.negativePrompt': true,
			'options.cfgScale': true,
			'options.cameraControl': CAMERA_MOVES,
			firstFrameUrl: true,
			lastFrameUrl: true,
			// v2.6 and later [SIB]
			...(withSound ? { 'options.klingSound': true } : {}),
		},
	};
}

const FROM_TEXT_OR_FRAMES = 'Text, or a first (and last) frame, to a 5 or 10 second video';

const NODE_TASK_ID = /^kling:(text2video|image2video):([^\s/:]+)$/;

/** The node's task ID: Kling's bare digits say neither the family nor the route. */
function nodeTaskId(route: KlingRoute, taskId: string): string {
	return `kling:${route}:${taskId}`;
}

/** The route a create went to, from its path. */
function routeOf(request: ItemRequest): KlingRoute {
	return request.url.endsWith('/image2video') ? 'image2video' : 'text2video';
}

/** Whether Kling's `code` says it succeeded: 0, or left out [SIB]. */
function succeeded(answer: IDataObject): boolean {
	return answer.code === undefined || answer.code === 0 || answer.code === '0';
}

/** Kling's own code, of its four-digit kinds (1xxx the request's, 5xxx its own side's) [SIB]. */
function klingCode(answer: IDataObject): number | undefined {
	const code = Number(answer.code);
	return Number.isInteger(code) && code >= 1000 && code <= 9999 ? code : undefined;
}

/**
 * The HTTP failure a Kling code stands for, by Kling's error table [SIB]: the key (1000-1004) a
 * 401; the account's balance or resource pack (1101, 1102) a 402, its rights (1100, 1103, 1304) a
 * 403; too many requests or tasks at once (1302, 1303) a 429, to send again later; any other of
 * the request's kind (1xxx) a refusal, a 400. Kling's own side (5xxx), and a code that is not
 * Kling's (a relay's own), a 500: the task may exist, and the row's key is asked.
 */
function statusOfCode(answer: IDataObject): number {
	const code = klingCode(answer);
	if (code === undefined || code >= 2000) return code === 5001 ? 503 : 500;
	if (code <= 1004) return 401;
	if (code === 1101 || code === 1102) return 402;
	if (code === 1100 || code === 1103 || code === 1304) return 403;
	if (code === 1302 || code === 1303) return 429;
	return 400;
}

/** The task ID in Kling's `data` (see readDigitsId). */
const taskIdOf = (data: IDataObject | undefined) => readDigitsId(data?.task_id);

const dataOf = (answer: unknown) =>
	isObject(answer) && isObject(answer.data) ? answer.data : undefined;

/** The task a create (or a lookup) answer names, as the node hands it on. */
function namedTask(answer: unknown, request: ItemRequest): IDataObject | undefined {
	const taskId = taskIdOf(dataOf(answer));
	if (!taskId || taskId === 'unreadable') return undefined;
	return { ...(answer as IDataObject), id: nodeTaskId(routeOf(request), taskId) };
}

export const KLING_ROUTES: FamilyRoutes = {
	createRequest: ({ model, prompt, modelBody, rowKey }) => {
		// from a first frame: image to video; else text to video
		const route: KlingRoute = modelBody.image === undefined ? 'text2video' : 'image2video';
		return {
			url: `/kling/v1/videos/${route}`,
			body: {
				model_name: model,
				prompt,
				// required [SIB]: Standard unless Options › Mode says otherwise
				mode: 'std',
				// marked required on QuickRouter's text-to-video page [QR] (Additional Body Fields may say "true")
				...(route === 'text2video' ? { multi_shot: 'false' } : {}),
				...modelBody,
				...(rowKey ? { external_task_id: rowKey } : {}),
			},
		};
	},
	createdTask: (answer, request) => {
		const task = namedTask(answer, request);
		if (task) return { task };
		// after a create, a code that is not Kling's (a relay's own) is unclear: the row's key is asked
		const failedAs =
			KLING_ROUTES.failureIn!(answer) ??
			(isObject(answer) && !succeeded(answer) && !taskIdOf(dataOf(answer))
				? { statusCode: 500, said: `code ${String(answer.code)}` }
				: undefined);
		return failedAs ? { failedAs } : undefined;
	},
	// Kling's own code, when no task is named at all (an unreadable ID is a task all the same)
	failureIn: (answer) =>
		isObject(answer) && !succeeded(answer) && !taskIdOf(dataOf(answer)) && klingCode(answer)
			? { statusCode: statusOfCode(answer), said: `code ${String(answer.code)}` }
			: undefined,
	// a lookup by digits names its task in `data.task_id`; one by the row's key, in its task_info
	otherTaskIn: (answer, askedId) => {
		const asked = NODE_TASK_ID.exec(askedId)?.[2];
		const data = dataOf(answer);
		if (!asked || !data) return undefined;
		const info = isObject(data.task_info) ? data.task_info : {};
		const answered = /^\d+$/.test(asked) ? taskIdOf(data) : text(info.external_task_id)?.trim();
		return answered !== undefined && answered !== asked ? String(answered) : undefined;
	},
	byKey: {
		lookupId: (request) => {
			const key = text(request.body?.external_task_id)?.trim();
			return key ? nodeTaskId(routeOf(request), key) : undefined;
		},
		// that key's task only: a relay that answers with another task's is no answer
		found: (answer, request) => {
			const info = dataOf(answer)?.task_info;
			const key = isObject(info) ? info.external_task_id : undefined;
			return key === request.body?.external_task_id ? namedTask(answer, request) : undefined;
		},
		// Kling's own "no such task": a 404 with its envelope and a code of the request's kind, not
		// any 404 (a relay without this lookup says "Not Found" in a code of its own: it tells nothing)
		absent: (statusCode, body) => {
			const code = isObject(body) ? klingCode(body) : undefined;
			return statusCode === 404 && code !== undefined && code < 5000 && dataOf(body) === undefined;
		},
	},
	ownsTaskId: (taskId) => NODE_TASK_ID.test(taskId),
	lookupOf: (taskId) => {
		const [, route, id] = NODE_TASK_ID.exec(taskId) ?? [undefined, 'text2video', taskId];
		return { url: `/kling/v1/videos/${route}/${encodeURIComponent(id)}` };
	},
	statusWord: (answer) => text(dataOf(answer)?.task_status)?.trim(),
	readAnswer: (answer, asked = {}) => {
		const data = dataOf(answer);
		const status = stateOfWord(data?.task_status);
		if (!data || !status) return undefined;
		const videos = isObject(data.task_result) ? data.task_result.videos : undefined;
		const video = Array.isArray(videos) ? videos.find(isObject) : undefined;
		const videoUrl = text(video?.url)?.trim() ?? null;
		const done = status === 'completed' && videoUrl !== null;
		const taskId = taskIdOf(data);
		return {
			id: readTaskId(answer) ?? (taskId && taskId !== 'unreadable' ? taskId : ''),
			status: status === 'completed' && !done ? 'processing' : status,
			progress: done ? 100 : null,
			videoUrl,
			error:
				status === 'failed' ? (text(data.task_status_msg)?.trim() ?? FAILED_WITHOUT_REASON) : null,
			statusUpdatedAt: readTime(data.updated_at),
			model: asked.model ?? null,
			enhancedPrompt: null,
			thumbnailUrl: null,
		};
	},
};

export const KLING: FamilyFacts = {
	id: 'kling',
	// Kling videos take a few minutes (inferred)
	typicalSeconds: 180,
	routes: KLING_ROUTES,
	bareIds: [
		{ name: 'Kling, Image to Video', prefix: 'kling:image2video' },
		{ name: 'Kling, Text to Video', prefix: 'kling:text2video' },
	],
	name: 'Kling',
	description:
		"Kuaishou's Kling: 5 or 10 second videos from text or a first (and last) frame, with camera moves; v2.6 and later with sound",
	models: [
		kling('kling-v1', 'Kling 1.0', FROM_TEXT_OR_FRAMES),
		kling('kling-v1-5', 'Kling 1.5', FROM_TEXT_OR_FRAMES),
		kling('kling-v1-6', 'Kling 1.6', FROM_TEXT_OR_FRAMES),
		kling('kling-v2-master', 'Kling 2.0 Master', FROM_TEXT_OR_FRAMES),
		kling('kling-v2-1', 'Kling 2.1', FROM_TEXT_OR_FRAMES),
		kling('kling-v2-1-master', 'Kling 2.1 Master', FROM_TEXT_OR_FRAMES),
		kling('kling-v2-5-turbo', 'Kling 2.5 Turbo', FROM_TEXT_OR_FRAMES),
		kling('kling-v2-6', 'Kling 2.6', `${FROM_TEXT_OR_FRAMES}, with sound`, true),
		kling('kling-v3', 'Kling 3', `${FROM_TEXT_OR_FRAMES}, with sound`, true),
	],
	fields: [
		aspectRatio,
		...frameFields({ property: 'image' }, { property: 'image_tail', requires: 'firstFrameUrl' }),
		// Options: the settings fewer rows need (each shown for the models that take it)
		{
			parameter: 'options.klingMode',
			property: 'mode',
			kind: 'choice',
			unset: 'std',
			editor: {
				displayName: 'Mode',
				name: 'klingMode',
				type: 'options',
				options: [
					{ name: 'Standard', value: 'std' },
					{ name: 'Professional', value: 'pro' },
				],
				default: 'std',
				description: 'Standard is faster and cheaper; Professional has higher quality (Kling)',
			},
		},
		{
			parameter: 'options.klingDuration',
			property: 'duration',
			// "10", "10 s" or "10 Seconds" from a sheet is 10, sent as Kling takes it: "10"
			kind: 'seconds',
			unset: 5,
			editor: {
				displayName: 'Duration',
				name: 'klingDuration',
				type: 'options',
				options: [
					{ name: '5 Seconds', value: '5' },
					{ name: '10 Seconds', value: '10' },
				],
				default: '5',
				description: 'Length of the video (Kling)',
			},
		},
		{
			parameter: 'options.klingSound',
			property: 'sound',
			kind: 'boolean',
			unset: false,
			// a switch, sent in Kling's words
			toBody: (on) => (on === true ? 'on' : 'off'),
			editor: {
				displayName: 'Sound',
				name: 'klingSound',
				type: 'boolean',
				default: false,
				description: 'Whether the video has sound (Kling 2.6 and later)',
			},
		},
		{
			parameter: 'options.cameraControl',
			property: 'camera_control',
			kind: 'choice',
			unset: '',
			toBody: (type) => ({ type }),
			editor: {
				displayName: 'Camera Move',
				name: 'cameraControl',
				type: 'options',
				options: [
					{ name: 'Down and Back', value: 'down_back' },
					{ name: 'Forward and Up', value: 'forward_up' },
					{ name: 'Left Turn, Forward', value: 'left_turn_forward' },
					{ name: 'No Camera Move', value: '' },
					{ name: 'Right Turn, Forward', value: 'right_turn_forward' },
				],
				default: '',
				description: 'A camera move through the whole video (Kling)',
			},
		},
		{
			parameter: 'options.negativePrompt',
			property: 'negative_prompt',
			kind: 'text',
			unset: '',
			editor: {
				displayName: 'Negative Prompt',
				name: 'negativePrompt',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				placeholder: 'e.g. blurry, text, watermark',
				description: 'What the video should not show (Kling)',
			},
		},
		{
			parameter: 'options.cfgScale',
			property: 'cfg_scale',
			kind: 'fraction',
			unset: 0.5,
			editor: {
				displayName: 'Prompt Strength (CFG Scale)',
				name: 'cfgScale',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.5,
				description:
					'How closely the video follows the prompt, from 0 (freely) to 1 (strictly) (Kling)',
			},
		},
	],
};
