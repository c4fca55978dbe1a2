import type { IDataObject } from 'n8n-workflow';

import {
	baseRespFailure,
	FAILED_WITHOUT_REASON,
	isObject,
	readDigitsId,
	readPercent,
	readTaskId,
	stateOfWord,
	text,
	type TaskState,
} from '../transport/answers';
import type { FamilyRoutes } from '../transport/familyRoutes';
import type { FamilyFacts, ModelFacts } from './modelFacts';
import { addWatermark, frameFields } from './sharedFields';

/**
 * MiniMax's Hailuo on QuickRouter's MiniMax routes (facts: "MiniMax Hailuo" in
 * quickrouter-api.md): `POST /minimax/v1/video_generation` [QR], answered `{task_id, base_resp}`
 * with a `status_code` other than 0 for a refusal [SIB]; the lookup
 * `GET /minimax/v1/query/video_generation?task_id=` [SIB] with two status fields (outer and
 * inner) and two download links. Task IDs of bare digits: the node hands on `hailuo:<task_id>`.
 */

const DURATIONS = [6, 10];
const RESOLUTIONS = ['768P', '1080P'];
/** Hailuo's prompts are up to this long [QR]. */
const PROMPT_MAX_CHARACTERS = 2000;

function hailuo(
	id: string,
	name: string,
	description: string,
	frames: 'first and last' | 'first' | 'first only, needed',
): ModelFacts {
	return {
		id,
		name,
		description,
		takes: {
			'options.hailuoDuration': DURATIONS,
			'options.hailuoResolution': RESOLUTIONS,
			'options.promptOptimizer': true,
			'options.addWatermark': true,
			firstFrameUrl: true,
			// a last frame: MiniMax-Hailuo-02 only [QR]
			...(frames === 'first and last' ? { lastFrameUrl: true } : {}),
		},
		// 2.3-Fast: image to video only [SIB]
		...(frames === 'first only, needed' ? { needs: ['firstFrameUrl'] } : {}),
	};
}

const NODE_TASK_ID = /^hailuo:(\S+)$/;

/**
 * The HTTP failure a MiniMax `status_code` stands for, by MiniMax's error table: rate limits
 * (1002, 2056) a 429; the key (1004, 2049) a 401; the balance (1008) a 402; its own side's
 * failures (1000 unknown, 1001 timeout, 1013 internal) a 500: the task may exist; any other a
 * refusal of the request (2013 invalid parameters, 1026 sensitive content), a 400.
 */
function statusOfCode(code: number): number {
	if (code === 1002 || code === 2056) return 429;
	if (code === 1004 || code === 2049) return 401;
	if (code === 1008) return 402;
	if (code === 1000 || code === 1001 || code === 1013) return 500;
	return 400;
}

/** The task ID, when it can be read (a number past 2^53 cannot: see readDigitsId). */
function taskIdOf(value: unknown): string | undefined {
	const id = readDigitsId(value);
	return id === 'unreadable' ? undefined : id;
}

const dataOf = (answer: unknown) =>
	isObject(answer) && isObject(answer.data) ? answer.data : undefined;

/**
 * The state of a lookup, from both its status fields: either saying failed fails it; done only
 * when the outer word says so (the inner one may lag); while the outer word is not one known
 * here, the inner one says how far it is, short of done.
 */
function stateOf(data: IDataObject): TaskState | undefined {
	const outer = stateOfWord(data.status);
	const inner = isObject(data.data) ? stateOfWord(data.data.status) : undefined;
	if (outer === 'failed' || inner === 'failed') return 'failed';
	return outer ?? (inner === 'completed' ? 'processing' : inner);
}

/**
 * The task IDs a lookup answer names (`data.task_id`, and the inner `data.data.task_id`): digits,
 * or a number past 2^53 as JSON left it (another task's digits, whatever it was).
 */
function answeredIdsOf(answer: unknown): string[] {
	const data = dataOf(answer);
	const inner = data && isObject(data.data) ? data.data : undefined;
	return [data?.task_id, inner?.task_id].flatMap((id) =>
		typeof id === 'number' ? [String(id)] : (text(id)?.trim() ?? []),
	);
}

export const HAILUO_ROUTES: FamilyRoutes = {
	createRequest: ({ model, prompt, modelBody }) => ({
		url: '/minimax/v1/video_generation',
		body: { model, prompt, ...modelBody },
	}),
	createdTask: (answer) => {
		const taskId = isObject(answer) ? taskIdOf(answer.task_id) : undefined;
		if (taskId) return { task: { ...(answer as IDataObject), id: `hailuo:${taskId}` } };
		const failedAs = HAILUO_ROUTES.failureIn!(answer);
		return failedAs ? { failedAs } : undefined;
	},
	// MiniMax's `base_resp` with a `status_code` other than 0, and no task [SIB]
	failureIn: (answer) => {
		const failure = answeredIdsOf(answer).length > 0 ? undefined : baseRespFailure(answer);
		return failure
			? { statusCode: statusOfCode(failure.code), said: `status_code ${failure.code}` }
			: undefined;
	},
	otherTaskIn: (answer, askedId) => {
		const asked = NODE_TASK_ID.exec(askedId)?.[1] ?? askedId;
		return answeredIdsOf(answer).find((answered) => answered !== asked);
	},
	ownsTaskId: (taskId) => NODE_TASK_ID.test(taskId),
	lookupOf: (taskId) => ({
		url: '/minimax/v1/query/video_generation',
		qs: { task_id: NODE_TASK_ID.exec(taskId)?.[1] ?? taskId },
	}),
	statusWord: (answer) => text(dataOf(answer)?.status)?.trim(),
	readAnswer: (answer, asked = {}) => {
		const data = dataOf(answer);
		const status = data && stateOf(data);
		if (!data || !status) return undefined;
		const file = isObject(data.data) && isObject(data.data.file) ? data.data.file : {};
		const videoUrl = text(file.download_url)?.trim() ?? null;
		const backupVideoUrl = text(file.backup_download_url)?.trim();
		const done = status === 'completed' && (videoUrl ?? backupVideoUrl) !== undefined;
		return {
			id: readTaskId(answer) ?? taskIdOf(data.task_id) ?? '',
			status: status === 'completed' && !done ? 'processing' : status,
			progress: done ? 100 : (readPercent(data.progress) ?? null),
			videoUrl: videoUrl ?? backupVideoUrl ?? null,
			// the second link, tried when the first fails (tasks/downloadVideo)
			...(backupVideoUrl && videoUrl ? { backupVideoUrl } : {}),
			error: status === 'failed' ? (text(data.fail_reason)?.trim() ?? FAILED_WITHOUT_REASON) : null,
			statusUpdatedAt: null,
			model: asked.model ?? null,
			enhancedPrompt: null,
			thumbnailUrl: null,
		};
	},
};

export const HAILUO: FamilyFacts = {
	id: 'hailuo',
	// Hailuo videos take a few minutes (inferred)
	typicalSeconds: 180,
	routes: HAILUO_ROUTES,
	bareIds: [{ name: 'MiniMax Hailuo', prefix: 'hailuo' }],
	name: 'Hailuo',
	description:
		"MiniMax's Hailuo: 6 or 10 second videos at 768P or 1080P from text or a first frame (02: and a last frame)",
	models: [
		hailuo(
			'MiniMax-Hailuo-02',
			'Hailuo 02',
			'Text, or a first (and last) frame, to video',
			'first and last',
		),
		hailuo('MiniMax-Hailuo-2.3', 'Hailuo 2.3', 'Text, or a first frame, to video', 'first'),
		hailuo(
			'MiniMax-Hailuo-2.3-Fast',
			'Hailuo 2.3 Fast',
			'From a first frame, faster',
			'first only, needed',
		),
	],
	fields: [
		...frameFields(
			{ property: 'first_frame_image' },
			{ property: 'last_frame_image', requires: 'firstFrameUrl' },
		),
		// Options: the settings fewer rows need (each shown for the models that take it)
		{
			parameter: 'options.hailuoDuration',
			property: 'duration',
			kind: 'seconds',
			unset: 6,
			editor: {
				displayName: 'Duration',
				name: 'hailuoDuration',
				type: 'options',
				options: [
					{ name: '6 Seconds', value: 6 },
					{ name: '10 Seconds (768P Only)', value: 10 },
				],
				default: 6,
				description: 'Length of the video (Hailuo)',
			},
		},
		{
			parameter: 'options.hailuoResolution',
			property: 'resolution',
			kind: 'choice',
			unset: '768P',
			editor: {
				displayName: 'Resolution',
				name: 'hailuoResolution',
				type: 'options',
				options: [
					{ name: '768P', value: '768P' },
					{ name: '1080P (6 Seconds Only)', value: '1080P' },
				],
				default: '768P',
				description: 'Height of the video in pixels (Hailuo)',
			},
		},
		{
			parameter: 'options.promptOptimizer',
			property: 'prompt_optimizer',
			kind: 'boolean',
			// on at MiniMax unless sent off: only off is sent
			unset: true,
			editor: {
				displayName: 'Prompt Optimizer',
				name: 'promptOptimizer',
				type: 'boolean',
				default: true,
				description:
					'Whether MiniMax rewrites the prompt for a better video. Turn off to have the prompt followed as written, camera moves in [brackets] included (Hailuo).',
			},
		},
		addWatermark('aigc_watermark'),
	],
	rowIssues: ({ prompt, valueOf }) => {
		const issues: Array<{ parameter: string; message: string }> = [];
		// 10 s only at 768P, 1080P only at 6 s [QR]
		if (
			valueOf('options.hailuoDuration') === 10 &&
			valueOf('options.hailuoResolution') === '1080P'
		) {
			issues.push({
				parameter: 'options.hailuoDuration',
				message:
					'is 10 seconds, which Hailuo makes at 768P only, not at Options › Resolution 1080P: choose 6 seconds, or 768P',
			});
		}
		// characters as a person counts them (an emoji is one), not UTF-16 units
		const characters = [...prompt].length;
		if (characters > PROMPT_MAX_CHARACTERS) {
			issues.push({
				parameter: 'prompt',
				message: `has ${characters} characters: Hailuo takes up to ${PROMPT_MAX_CHARACTERS}`,
			});
		}
		return issues;
	},
};
