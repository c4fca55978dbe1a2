import { z } from 'zod';

/**
 * MiniMax Hailuo on QuickRouter's MiniMax routes, as the facts file gives them
 * (../shared/quickrouter-api.md, "MiniMax Hailuo"), written apart from the node's catalogue: the
 * create `POST /minimax/v1/video_generation` [QR hailuo-image-to-video,
 * minimax-first-last-frame-video], its answers [SIB], and the query
 * `GET /minimax/v1/query/video_generation?task_id=…` [SIB] with its two status fields and two
 * download links. Unknown fields are refused, as for the other families (QuickRouter's example
 * misspells `prompt_optimizer` with a trailing space: that key is refused here).
 *
 * Refusals come the MiniMax way: HTTP 200 with a non-zero `base_resp.status_code` (2013, "invalid
 * params, <field>: <why>") and an empty `task_id` [SIB].
 */

/** The documented models [QR; 2.3-Fast SIB, image to video only]. */
export const HAILUO_MODELS = [
	'MiniMax-Hailuo-02',
	'MiniMax-Hailuo-2.3',
	'MiniMax-Hailuo-2.3-Fast',
] as const;

/** A frame: an http(s) URL or a data URL of a JPG, PNG or WebP image. */
const frameImage = z
	.string()
	.refine(
		(text) =>
			/^data:image\/(jpeg|jpg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(text) ||
			(/^https?:\/\//i.test(text) && URL.canParse(text)),
		'must be an http(s) URL or a data:image/(jpeg|png|webp);base64 URL',
	);

const httpUrl = z
	.string()
	.url()
	.refine((text) => /^https?:\/\//i.test(text), 'must be an http(s) URL');

const PROMPT_LIMIT = 2000;

const create = z
	.object({
		model: z.enum(HAILUO_MODELS),
		prompt: z.string().optional(),
		duration: z.union([z.literal(6), z.literal(10)]).optional(),
		// 768P by default; the first/last-frame route takes no 512P, so neither is taken here
		resolution: z.enum(['768P', '1080P']).optional(),
		first_frame_image: frameImage.optional(),
		last_frame_image: frameImage.optional(),
		prompt_optimizer: z.boolean().optional(),
		aigc_watermark: z.boolean().optional(),
		callback_url: httpUrl.optional(),
	})
	.strict()
	.superRefine((body, ctx) => {
		const issue = (field: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [field], message });
		const hasPrompt = body.prompt !== undefined && body.prompt.trim() !== '';
		if (!hasPrompt && body.first_frame_image === undefined) {
			issue('prompt', 'required unless a first_frame_image is given');
		}
		// characters, not UTF-16 units
		if (body.prompt !== undefined && [...body.prompt].length > PROMPT_LIMIT) {
			issue('prompt', `longer than ${PROMPT_LIMIT} characters`);
		}
		if (body.duration === 10 && body.resolution === '1080P') {
			issue('duration', '10 s only at 768P (1080P is 6 s only)');
		}
		if (body.last_frame_image !== undefined) {
			if (body.model !== 'MiniMax-Hailuo-02') {
				issue('last_frame_image', 'only MiniMax-Hailuo-02 takes a last frame');
			} else if (body.first_frame_image === undefined) {
				issue('last_frame_image', 'a last frame needs a first_frame_image');
			}
		}
		if (body.model === 'MiniMax-Hailuo-2.3-Fast' && body.first_frame_image === undefined) {
			issue('first_frame_image', 'MiniMax-Hailuo-2.3-Fast is image to video only: required');
		}
	});

export interface HailuoCreate {
	model: string;
	prompt?: string;
	duration?: 6 | 10;
	resolution?: '768P' | '1080P';
	[field: string]: unknown;
}

export type HailuoCheck =
	| { ok: true; request: HailuoCreate }
	| { ok: false; field: string; message: string };

export function checkHailuoCreate(body: unknown): HailuoCheck {
	const parsed = create.safeParse(body);
	if (parsed.success) return { ok: true, request: parsed.data as HailuoCreate };
	const [issue] = parsed.error.issues;
	if (issue.code === 'unrecognized_keys') {
		return { ok: false, field: issue.keys.map(quoteOdd).join(', '), message: 'unknown field' };
	}
	return { ok: false, field: issue.path.join('.') || '(body)', message: issue.message };
}

/** The Hailuo route of a path. */
export function hailuoPath(method: string, path: string): 'create' | 'query' | undefined {
	if (method === 'POST' && path === '/minimax/v1/video_generation') return 'create';
	if (method === 'GET' && path === '/minimax/v1/query/video_generation') return 'query';
	return undefined;
}

/**
 * The query's parameters: `task_id` (bare digits), once, and nothing else. A bad one is answered
 * HTTP 400 with MiniMax's 2013 refusal (the simulator's choice: the facts show none).
 */
export function checkHailuoQuery(
	parameters: URLSearchParams,
): { ok: true; taskId: string } | { ok: false; field: string; message: string } {
	for (const name of parameters.keys()) {
		if (name !== 'task_id') return { ok: false, field: name, message: 'unknown parameter' };
	}
	const values = parameters.getAll('task_id');
	if (values.length !== 1) {
		return { ok: false, field: 'task_id', message: values.length ? 'given twice' : 'required' };
	}
	if (!/^\d+$/.test(values[0])) return { ok: false, field: 'task_id', message: 'must be digits' };
	return { ok: true, taskId: values[0] };
}

/** MiniMax's create answer [SIB]: a task ID of bare digits and `base_resp` status 0. */
export function hailuoCreated(taskId: string): object {
	return { task_id: taskId, base_resp: { status_code: 0, status_msg: 'success' } };
}

/** MiniMax's refusal [SIB]: HTTP 200, no task, a non-zero status code and its message. */
export function hailuoRefusal(field: string, why: string, statusCode = 2013): object {
	return {
		task_id: '',
		base_resp: { status_code: statusCode, status_msg: `invalid params, ${field}: ${why}` },
	};
}

/**
 * An unknown `task_id` on the query: HTTP 404 with MiniMax's `base_resp` (2013, "task not
 * found"). The facts show no answer for it; this is the simulator's choice, made so that a reader
 * must go by the HTTP status and `base_resp` (not by the `code`/`data` of the success form).
 */
export function hailuoTaskNotFound(): object {
	return { base_resp: { status_code: 2013, status_msg: 'task not found' } };
}

/** MiniMax's status words: outer upper-case (as the SIB sample's "SUCCESS"), inner title case. */
export type HailuoStatus = 'Preparing' | 'Queueing' | 'Processing' | 'Success' | 'Fail';

export interface HailuoTaskFacts {
	taskId: string;
	status: HailuoStatus;
	/** 0 to 100. */
	progress: number;
	failReason?: string;
	/** Once done. */
	file?: { downloadUrl: string; backupDownloadUrl: string; fileId: string };
	width: number;
	height: number;
}

/**
 * The query's answer [SIB]: `{code: "success", data: {task_id, status, fail_reason, progress,
 * data: {status, file?}}}`, the file's two links only once the task is done.
 */
export function hailuoQueryAnswer(task: HailuoTaskFacts): object {
	const done = task.status === 'Success';
	return {
		code: 'success',
		data: {
			task_id: task.taskId,
			status: task.status.toUpperCase(),
			fail_reason: task.failReason ?? '',
			progress: `${Math.round(task.progress)}%`,
			data: {
				task_id: task.taskId,
				status: task.status,
				...(done
					? {
							file_id: task.file!.fileId,
							video_width: task.width,
							video_height: task.height,
							file: {
								download_url: task.file!.downloadUrl,
								backup_download_url: task.file!.backupDownloadUrl,
							},
						}
					: {}),
			},
		},
	};
}

/** A key with spaces or the like (QuickRouter's example has `"prompt_optimizer "`), quoted. */
function quoteOdd(key: string): string {
	return /^[\w.-]+$/.test(key) ? key : JSON.stringify(key);
}
