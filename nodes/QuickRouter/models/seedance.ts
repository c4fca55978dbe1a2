import type { IDataObject } from 'n8n-workflow';

import {
	apiErrorMessage,
	FAILED_WITHOUT_REASON,
	isObject,
	readTaskId,
	readTime,
	stateOfWord,
	text,
} from '../transport/answers';
import type { FamilyRoutes, ItemRequest } from '../transport/familyRoutes';
import type { FamilyFacts, FamilyField, ModelFacts } from './modelFacts';
import { addWatermark, aspectRatio, frameFields, referenceImages } from './sharedFields';

/**
 * ByteDance's Doubao Seedance, in Volcengine's format (facts: "Doubao Seedance" in
 * quickrouter-api.md). Seedance 2.0 on `/api/v3/contents/generations/tasks` [QR]: the prompt and
 * every image, video or audio it is made from as items of `content[]`, each with its role; its
 * settings as body fields. Seedance 1.x on `/volc/v1/contents/generations/tasks` [QR]: the same
 * content items for the frames, its settings written into the prompt's text in Volcengine's own
 * commands (`--dur 5`), and one lookup for many tasks (`filter.task_ids`). Task IDs `cgt-…` say
 * not which of the two routes made them: the node hands on `seedance-2:cgt-…` or `seedance-1:cgt-…`.
 */

type Generation = '2' | '1';

const ROUTE_OF: Record<Generation, string> = {
	'2': '/api/v3/contents/generations/tasks',
	'1': '/volc/v1/contents/generations/tasks',
};

const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'];
const DURATIONS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

// The fields that become items of `content[]`, named by their role there (see contentOf)
const FIRST_FRAME = 'content[first_frame]';
const LAST_FRAME = 'content[last_frame]';
const REFERENCE_IMAGES = 'content[reference_image]';
const REFERENCE_VIDEO = 'content[reference_video]';
const REFERENCE_AUDIO = 'content[reference_audio]';

/**
 * A Seedance model: 2.0 takes references (images, a video, audio) and Generate Audio beside the
 * frames; 1.x the frames only, its Ratio, Duration and Add Watermark written into the prompt.
 */
function seedance(
	id: string,
	name: string,
	description: string,
	generation: Generation,
): ModelFacts {
	return {
		id,
		name,
		description,
		takes: {
			aspectRatio: RATIOS,
			firstFrameUrl: true,
			lastFrameUrl: true,
			'options.seedanceDuration': DURATIONS,
			'options.addWatermark': true,
			...(generation === '2'
				? {
						images: true,
						'options.referenceVideoUrl': true,
						'options.referenceAudioUrl': true,
						'options.generateAudio': true,
					}
				: {}),
		},
	};
}

const GENERATION_OF_MODEL = /^doubao-seedance-1-/;

/**
 * Volcengine's commands in a Seedance 1.x prompt that the node writes, from which field, and the
 * names a prompt may give the same command by [QR: "options ride in the prompt text"; the names
 * are Volcengine's]. Its other commands (`--seed`, `--rs` …) a prompt may hold.
 */
const COMMANDS = [
	{
		property: 'ratio',
		command: '--ratio',
		parameter: 'aspectRatio',
		label: 'Aspect Ratio',
		names: /^(?:ratio|rt)$/i,
	},
	{
		property: 'duration',
		command: '--dur',
		parameter: 'options.seedanceDuration',
		label: 'Options › Duration (Seconds)',
		names: /^(?:dur|duration)$/i,
	},
	{
		property: 'watermark',
		command: '--wm',
		parameter: 'options.addWatermark',
		label: 'Options › Add Watermark',
		names: /^(?:wm|watermark)$/i,
	},
] as const;

const COMMAND_IN_PROMPT = /(?:^|\s)--([a-z_]+)/gi;

/** The content item of a link, with its role. */
function linkItem(type: 'image_url' | 'video_url' | 'audio_url', url: unknown, role: string) {
	return { type, [type]: { url }, role };
}

/**
 * `content[]`: the prompt (with a 1.x model's commands after it), then each image, video or audio
 * given, with its role [QR]; the rest of the body as given.
 */
function contentOf(
	generation: Generation,
	prompt: string,
	modelBody: IDataObject,
): { content: IDataObject[]; rest: IDataObject } {
	const {
		[FIRST_FRAME]: first,
		[LAST_FRAME]: last,
		[REFERENCE_IMAGES]: images,
		[REFERENCE_VIDEO]: video,
		[REFERENCE_AUDIO]: audio,
		...rest
	} = modelBody;
	let promptText = prompt;
	if (generation === '1') {
		for (const { property, command } of COMMANDS) {
			if (rest[property] === undefined) continue;
			promptText += ` ${command} ${String(rest[property])}`;
			delete rest[property];
		}
	}
	const content: IDataObject[] = [{ type: 'text', text: promptText }];
	if (first !== undefined) content.push(linkItem('image_url', first, 'first_frame'));
	if (last !== undefined) content.push(linkItem('image_url', last, 'last_frame'));
	for (const url of Array.isArray(images) ? images : []) {
		content.push(linkItem('image_url', url, 'reference_image'));
	}
	if (video !== undefined) content.push(linkItem('video_url', video, 'reference_video'));
	if (audio !== undefined) content.push(linkItem('audio_url', audio, 'reference_audio'));
	return { content, rest };
}

const NODE_TASK_ID = /^seedance-([12]):(\S+)$/;
/** Volcengine's task IDs [INF]: `cgt-<time>-<letters>`; a bare one is taken for Seedance 2.0's. */
const BARE_TASK_ID = /^cgt-[\w-]+$/;

function nodeTaskId(generation: Generation, taskId: string): string {
	return `seedance-${generation}:${taskId}`;
}

/** Which route a task is on, and its own ID, from the node's task ID (or a bare one). */
function taskOf(taskId: string): { generation: Generation; id: string } {
	const [, generation, id] = NODE_TASK_ID.exec(taskId) ?? [];
	return generation
		? { generation: generation as Generation, id }
		: { generation: '2', id: taskId };
}

const generationOfRequest = (request: ItemRequest): Generation =>
	request.url === ROUTE_OF['1'] ? '1' : '2';

const CANCELLED = 'The task was cancelled before it finished';

const statusWordIs = (word: unknown, said: string) =>
	typeof word === 'string' && word.trim().toLowerCase() === said;

/** A Seedance task answer read into the flat task [INF: Volcengine's task object]. */
function readSeedanceTask(answer: unknown, asked: { model?: string } = {}) {
	if (!isObject(answer)) return undefined;
	const status = stateOfWord(answer.status);
	if (!status) return undefined;
	const content = isObject(answer.content) ? answer.content : {};
	const videoUrl = text(content.video_url)?.trim() ?? null;
	const done = status === 'completed' && videoUrl !== null;
	return {
		id: readTaskId(answer) ?? '',
		status: status === 'completed' && !done ? ('processing' as const) : status,
		progress: done ? 100 : null,
		videoUrl,
		error:
			status === 'failed'
				? (apiErrorMessage({ error: answer.error }) ??
					(statusWordIs(answer.status, 'cancelled') ? CANCELLED : FAILED_WITHOUT_REASON))
				: null,
		// unix seconds [INF]
		statusUpdatedAt: readTime(answer.updated_at),
		model: text(answer.model) ?? asked.model ?? null,
		enhancedPrompt: null,
		thumbnailUrl: text(content.last_frame_url)?.trim() ?? null,
	};
}

/** How many tasks one lookup asks for: a URL of about 1.5 kB, well within any host's limit. */
const TASKS_PER_LOOKUP = 50;

export const SEEDANCE_ROUTES: FamilyRoutes = {
	createRequest: ({ model, prompt, modelBody }) => {
		const generation: Generation = GENERATION_OF_MODEL.test(model) ? '1' : '2';
		const { content, rest } = contentOf(generation, prompt, modelBody);
		return { url: ROUTE_OF[generation], body: { model, content, ...rest } };
	},
	createdTask: (answer, request) => {
		const id = isObject(answer) ? text(answer.id)?.trim() : undefined;
		return id
			? { task: { ...(answer as IDataObject), id: nodeTaskId(generationOfRequest(request), id) } }
			: undefined;
	},
	ownsTaskId: (taskId) => NODE_TASK_ID.test(taskId) || BARE_TASK_ID.test(taskId),
	lookupOf: (taskId) => {
		const { generation, id } = taskOf(taskId);
		// 1.x: its documented lookup is the one for many tasks, asked for one
		return generation === '1'
			? SEEDANCE_ROUTES.lookupOfMany!.of([taskId])
			: { url: `${ROUTE_OF['2']}/${encodeURIComponent(id)}` };
	},
	lookupOfMany: {
		takes: (taskId) => taskOf(taskId).generation === '1',
		tasksAtMost: TASKS_PER_LOOKUP,
		of: (taskIds) => {
			const ids = [...new Set(taskIds.map((taskId) => taskOf(taskId).id))];
			return {
				url: ROUTE_OF['1'],
				// Volcengine pages a list at 10 unless told otherwise
				qs: { 'filter.task_ids': ids.join(','), page_size: ids.length },
			};
		},
	},
	answerOfLookup: (answer, taskId) => {
		const { generation, id } = taskOf(taskId);
		if (!isObject(answer) || !Array.isArray(answer.items)) {
			// 1.x's lookup is a list: a task there that is not in one, and names not this one, is none
			const named = isObject(answer) ? text(answer.id)?.trim() : undefined;
			const aTask = SEEDANCE_ROUTES.statusWord(answer) !== undefined;
			return generation === '1' && aTask && named !== id ? undefined : answer;
		}
		const items = answer.items.filter(isObject);
		// its very ID first; one written with spaces around it only when none is
		return (
			items.find((item) => item.id === id) ?? items.find((item) => text(item.id)?.trim() === id)
		);
	},
	otherTaskIn: (answer, askedId) => {
		const answered = isObject(answer) ? text(answer.id)?.trim() : undefined;
		return answered !== undefined && answered !== taskOf(askedId).id ? answered : undefined;
	},
	statusWord: (answer) => (isObject(answer) ? text(answer.status)?.trim() : undefined),
	readAnswer: readSeedanceTask,
};

export const SEEDANCE_FIELDS: readonly FamilyField[] = [
	{ ...aspectRatio, property: 'ratio' },
	...frameFields({ property: FIRST_FRAME }, { property: LAST_FRAME, requires: 'firstFrameUrl' }),
	{ ...referenceImages, property: REFERENCE_IMAGES },
	// Options: the settings fewer rows need (each shown for the models that take it)
	{
		parameter: 'options.seedanceDuration',
		property: 'duration',
		kind: 'seconds',
		unset: 5,
		editor: {
			displayName: 'Duration (Seconds)',
			name: 'seedanceDuration',
			type: 'number',
			typeOptions: { minValue: 2, maxValue: 12, numberPrecision: 0 },
			default: 5,
			description: 'Length of the video, from 2 to 12 seconds (Seedance)',
		},
	},
	{
		parameter: 'options.generateAudio',
		property: 'generate_audio',
		kind: 'boolean',
		// sent as set, on or off: a row that says nothing leaves it to Seedance
		unset: undefined,
		editor: {
			displayName: 'Generate Audio',
			name: 'generateAudio',
			type: 'boolean',
			default: true,
			description: 'Whether the video has sound: voices, effects and music (Seedance 2.0)',
		},
	},
	{
		parameter: 'options.referenceVideoUrl',
		property: REFERENCE_VIDEO,
		kind: 'link',
		unset: '',
		editor: {
			displayName: 'Reference Video URL',
			name: 'referenceVideoUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/motion.mp4',
			description:
				'Public http(s) link to a video whose motion or camera work the video should follow (Seedance 2.0)',
		},
	},
	{
		parameter: 'options.referenceAudioUrl',
		property: REFERENCE_AUDIO,
		kind: 'link',
		unset: '',
		editor: {
			displayName: 'Reference Audio URL',
			name: 'referenceAudioUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/voice.mp3',
			description: 'Public http(s) link to audio the video should use or sound like (Seedance 2.0)',
		},
	},
	addWatermark('watermark'),
];

export const SEEDANCE: FamilyFacts = {
	id: 'seedance',
	// Seedance videos take one to a few minutes (inferred)
	typicalSeconds: 120,
	routes: SEEDANCE_ROUTES,
	bareIds: [
		{ name: 'Seedance 1.x', prefix: 'seedance-1' },
		{ name: 'Seedance 2.0', prefix: 'seedance-2' },
	],
	name: 'Seedance',
	description:
		"ByteDance's Doubao Seedance: 2 to 12 second videos from text, frames, or reference images, video and audio (2.0, with sound)",
	models: [
		seedance(
			'doubao-seedance-2-0-260128',
			'Seedance 2.0',
			'Text, frames or references (images, a video, audio) to video, with sound',
			'2',
		),
		seedance(
			'doubao-seedance-2-0-fast-260128',
			'Seedance 2.0 Fast',
			'Text, frames or references (images, a video, audio) to video, with sound; faster',
			'2',
		),
		seedance(
			'doubao-seedance-1-5-pro-251215',
			'Seedance 1.5 Pro',
			'Text, or a first (and last) frame, to video',
			'1',
		),
	],
	fields: SEEDANCE_FIELDS,
	// Seedance 1.x gets its settings in the prompt: one the prompt gives too would be said twice
	rowIssues: ({ model, prompt, valueOf }) => {
		if (!GENERATION_OF_MODEL.test(model.id)) return [];
		const written = [...prompt.matchAll(COMMAND_IN_PROMPT)].map((match) => match[1]);
		return COMMANDS.flatMap(({ parameter, label, names, command }) => {
			const value = valueOf(parameter);
			const twice = written.find((name) => names.test(name));
			if (!twice || value === undefined || value === false) return [];
			return [
				{
					parameter: 'prompt',
					message: `holds "--${twice}" while ${label} is set: the node writes it into ${model.id}'s prompt as "${command} ${String(value)}". Remove it from the prompt, or leave the field unset`,
				},
			];
		});
	},
};
