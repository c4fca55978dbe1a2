import { z } from 'zod';

/**
 * Doubao Seedance on QuickRouter's Volcengine-format routes, as the facts file gives them
 * (../shared/quickrouter-api.md, "Doubao Seedance"), written apart from the node's catalogue:
 *
 * - Seedance 2.0 [QR doubao-2-video-create]: `POST /api/v3/contents/generations/tasks`, its options
 *   as body fields; lookup one task at a time, `GET /api/v3/contents/generations/tasks/{id}` [QR].
 * - Seedance 1.x [QR doubao-seedance-first-last]: `POST /volc/v1/contents/generations/tasks`, its
 *   options as Volcengine's text commands after the prompt (`--ratio 16:9 --dur 5`); lookup only
 *   by the batch query `GET /volc/v1/contents/generations/tasks?filter.task_ids=<id>,<id>`
 *   [QR doubao-video-query-multi], answered in Volcengine's list form and paged as Volcengine
 *   pages (10 a page unless `page_size` says otherwise) [INF].
 *
 * The answers (`{id: "cgt-…"}`, the task object, `{error: {code, message}}`) are Volcengine's
 * documented format [INF]. Unknown body fields are refused, as for the other families.
 */

/** Seedance 2.0's models [QR; the fast variant SIB]. */
export const SEEDANCE_2_MODELS = [
	'doubao-seedance-2-0-260128',
	'doubao-seedance-2-0-fast-260128',
] as const;

/** Seedance 1.x's documented model [QR]; any `doubao-seedance-1-…` id is taken on its route. */
export const SEEDANCE_1_MODELS = ['doubao-seedance-1-5-pro-251215'] as const;

/** Where a Seedance task was made: 2.0 on `/api/v3`, 1.x on `/volc/v1`. */
export type SeedanceRoute = 'v3' | 'volc';

export const SEEDANCE_RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'] as const;

const httpUrl = z
	.string()
	.url()
	.refine((text) => /^https?:\/\//i.test(text), 'must be an http(s) URL');

/** An image: an http(s) URL, or a data URL (`data:image/<format>;base64,<data>`). */
const imageUrl = z
	.string()
	.refine(
		(text) =>
			/^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/]+={0,2}$/.test(text) ||
			(/^https?:\/\//i.test(text) && URL.canParse(text)),
		'must be an http(s) URL or a data:image/…;base64 URL',
	);

const textItem = z.object({ type: z.literal('text'), text: z.string().min(1) }).strict();

/** 2.0: every media item says its role; an image is a frame or a reference. */
const v3Item = z.discriminatedUnion('type', [
	textItem,
	z
		.object({
			type: z.literal('image_url'),
			image_url: z.object({ url: imageUrl }).strict(),
			role: z.enum(['first_frame', 'last_frame', 'reference_image']),
		})
		.strict(),
	z
		.object({
			type: z.literal('video_url'),
			video_url: z.object({ url: httpUrl }).strict(),
			role: z.literal('reference_video'),
		})
		.strict(),
	z
		.object({
			type: z.literal('audio_url'),
			audio_url: z.object({ url: httpUrl }).strict(),
			role: z.literal('reference_audio'),
		})
		.strict(),
]);

/** 1.x [QR doubao-seedance-first-last]: the prompt and its first and last frames only. */
const volcItem = z.discriminatedUnion('type', [
	textItem,
	z
		.object({
			type: z.literal('image_url'),
			image_url: z.object({ url: imageUrl }).strict(),
			role: z.enum(['first_frame', 'last_frame']),
		})
		.strict(),
]);

type Item = { type: string; role?: string; text?: string };

/** A last frame needs a first frame; a video has one first frame. */
function framesMakeSense(content: Item[], ctx: z.RefinementCtx): void {
	const firsts = content.flatMap((item, index) => (item.role === 'first_frame' ? [index] : []));
	if (firsts.length > 1) {
		ctx.addIssue({
			code: 'custom',
			path: ['content', firsts[1], 'role'],
			message: 'a second first_frame: a video has one first frame',
		});
	}
	const last = content.findIndex((item) => item.role === 'last_frame');
	if (last >= 0 && firsts.length === 0) {
		ctx.addIssue({
			code: 'custom',
			path: ['content', last, 'role'],
			message: 'a last_frame needs a first_frame',
		});
	}
}

const v3Create = z
	.object({
		model: z.enum(SEEDANCE_2_MODELS),
		content: z.array(v3Item).min(1),
		generate_audio: z.boolean().optional(),
		ratio: z.enum(SEEDANCE_RATIOS).optional(),
		duration: z.number().int().min(2).max(12).optional(),
		watermark: z.boolean().optional(),
	})
	.strict()
	.superRefine((body, ctx) => framesMakeSense(body.content, ctx));

const volcCreate = z
	.object({
		model: z
			.string()
			.regex(/^doubao-seedance-1-[\w.-]+$/, 'not a Seedance 1.x model (doubao-seedance-1-…)'),
		content: z.array(volcItem).min(1),
	})
	.strict()
	.superRefine((body, ctx) => {
		framesMakeSense(body.content, ctx);
		const texts = body.content.flatMap((item, index) => (item.type === 'text' ? [index] : []));
		// the options ride in "the" text item: two would leave them ambiguous
		if (texts.length > 1) {
			ctx.addIssue({
				code: 'custom',
				path: ['content', texts[1]],
				message: 'a second text item: the prompt and its commands go in one',
			});
		}
		for (const index of texts) {
			const parsed = parseTextCommands((body.content[index] as { text: string }).text);
			if ('error' in parsed) {
				ctx.addIssue({ code: 'custom', path: ['content', index, 'text'], message: parsed.error });
			}
		}
	});

/** The options of a 1.x task as its text commands give them (canonical names). */
export interface SeedanceCommands {
	ratio?: string;
	duration?: number;
	watermark?: boolean;
	resolution?: string;
	seed?: number;
	camerafixed?: boolean;
}

const trueFalse = (value: string) =>
	value === 'true' ? true : value === 'false' ? false : undefined;

const ratio = (value: string) =>
	([...SEEDANCE_RATIOS, 'adaptive'] as string[]).includes(value) ? value : undefined;
const duration = (value: string) =>
	/^\d+$/.test(value) && +value >= 2 && +value <= 12 ? +value : undefined;
const resolution = (value: string) =>
	['480p', '720p', '1080p'].includes(value) ? value : undefined;
const seed = (value: string) =>
	/^-?\d+$/.test(value) && +value >= -1 && +value <= 4294967295 ? +value : undefined;

/** Volcengine's text commands the node may send, by name and alias, and what each takes. */
const COMMANDS: Record<
	string,
	{ name: keyof SeedanceCommands; read: (value: string) => string | number | boolean | undefined }
> = {
	ratio: { name: 'ratio', read: ratio },
	rt: { name: 'ratio', read: ratio },
	dur: { name: 'duration', read: duration },
	duration: { name: 'duration', read: duration },
	wm: { name: 'watermark', read: trueFalse },
	watermark: { name: 'watermark', read: trueFalse },
	rs: { name: 'resolution', read: resolution },
	resolution: { name: 'resolution', read: resolution },
	seed: { name: 'seed', read: seed },
	cf: { name: 'camerafixed', read: trueFalse },
	camerafixed: { name: 'camerafixed', read: trueFalse },
};

const COMMAND_VALUES: Record<keyof SeedanceCommands, string> = {
	ratio: `one of ${[...SEEDANCE_RATIOS, 'adaptive'].join(', ')}`,
	duration: 'an integer from 2 to 12',
	watermark: 'true or false',
	resolution: 'one of 480p, 720p, 1080p',
	seed: 'an integer from -1 to 4294967295',
	camerafixed: 'true or false',
};

/**
 * A 1.x text item read as Volcengine reads it: the prompt, then the commands (`--name value`,
 * each once). Refuses an unknown command, a bad value, a command given twice (by either of its
 * names), and words after the commands.
 */
export function parseTextCommands(
	text: string,
): { prompt: string; commands: SeedanceCommands } | { error: string } {
	const start = text.search(/(^|\s)--[A-Za-z]/);
	if (start < 0) return { prompt: text.trim(), commands: {} };
	const prompt = text.slice(0, start).trim();
	const tokens = text.slice(start).trim().split(/\s+/);
	const commands: SeedanceCommands = {};
	for (let i = 0; i < tokens.length; i += 2) {
		const flag = /^--([A-Za-z]+)$/.exec(tokens[i]);
		if (!flag) {
			return { error: `"${tokens[i]}" after the commands: commands come last, each --name value` };
		}
		const command = Object.hasOwn(COMMANDS, flag[1]) ? COMMANDS[flag[1]] : undefined;
		if (!command) return { error: `unknown command --${flag[1]}` };
		const value = tokens[i + 1];
		if (value === undefined || value.startsWith('--')) {
			return { error: `--${flag[1]} has no value` };
		}
		if (commands[command.name] !== undefined) {
			return { error: `--${flag[1]}: the ${command.name} command is given twice` };
		}
		const read = command.read(value);
		if (read === undefined) {
			return { error: `--${flag[1]} ${value}: must be ${COMMAND_VALUES[command.name]}` };
		}
		(commands as Record<string, unknown>)[command.name] = read;
	}
	return { prompt, commands };
}

export interface SeedanceCreate {
	model: string;
	/** The text items' text, without the 1.x commands: what `failureFor` reads. */
	prompt: string;
	content: Array<Record<string, unknown>>;
	/** 1.x only: the options its text commands gave. */
	commands?: SeedanceCommands;
	[field: string]: unknown;
}

export type SeedanceCheck =
	| { ok: true; request: SeedanceCreate }
	| { ok: false; field: string; message: string };

export function checkSeedanceCreate(route: SeedanceRoute, body: unknown): SeedanceCheck {
	const parsed = (route === 'v3' ? v3Create : volcCreate).safeParse(body);
	if (!parsed.success) return { ok: false, ...firstIssue(parsed.error) };
	const request = parsed.data as { model: string; content: Array<Record<string, unknown>> };
	const texts = request.content
		.filter((item) => item.type === 'text')
		.map((item) => String(item.text));
	if (route === 'v3') return { ok: true, request: { ...request, prompt: texts.join('\n') } };
	const read = texts.length ? parseTextCommands(texts[0]) : { prompt: '', commands: {} };
	if ('error' in read) return { ok: false, field: 'content', message: read.error };
	return { ok: true, request: { ...request, prompt: read.prompt, commands: read.commands } };
}

/** The field of a zod issue, Volcengine style (`content[0].image_url.url`), and its message. */
function firstIssue(error: z.ZodError): { field: string; message: string } {
	const [issue] = error.issues;
	const path = issue.path.reduce<string>(
		(text, part) =>
			typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part,
		'',
	);
	if (issue.code === 'unrecognized_keys') {
		return {
			field: issue.keys
				.map((key) => (path ? `${path}.${quoteOdd(key)}` : quoteOdd(key)))
				.join(', '),
			message: 'unknown field',
		};
	}
	return { field: path || '(body)', message: issue.message };
}

/** The batch query's parameters [QR filter.task_ids; Volcengine's paging, INF]. */
export type BatchQueryCheck =
	| { ok: true; ids?: string[]; pageNum: number; pageSize: number }
	| { ok: false; field: string; message: string };

const BATCH_PARAMETERS = new Set(['filter.task_ids', 'page_num', 'page_size']);

/**
 * `filter.task_ids` comma-separated, or repeated (both are taken); `page_num` from 1 (default 1),
 * `page_size` 1 to 500 (default 10). Any other parameter is refused.
 */
export function checkBatchQuery(parameters: URLSearchParams): BatchQueryCheck {
	for (const name of parameters.keys()) {
		if (!BATCH_PARAMETERS.has(name))
			return { ok: false, field: name, message: 'unknown parameter' };
	}
	const paging = (name: string, fallback: number, max: number): number | string => {
		const values = parameters.getAll(name);
		if (values.length === 0) return fallback;
		if (values.length > 1) return 'given twice';
		if (!/^\d+$/.test(values[0]) || +values[0] < 1 || +values[0] > max) {
			return `must be an integer from 1 to ${max}`;
		}
		return +values[0];
	};
	const pageNum = paging('page_num', 1, Number.MAX_SAFE_INTEGER);
	if (typeof pageNum === 'string') return { ok: false, field: 'page_num', message: pageNum };
	const pageSize = paging('page_size', 10, 500);
	if (typeof pageSize === 'string') return { ok: false, field: 'page_size', message: pageSize };
	const given = parameters.getAll('filter.task_ids');
	if (given.length === 0) return { ok: true, pageNum, pageSize };
	const ids = given.flatMap((value) => value.split(',')).map((id) => id.trim());
	if (ids.some((id) => id === '')) {
		return { ok: false, field: 'filter.task_ids', message: 'an empty task ID' };
	}
	return { ok: true, ids: [...new Set(ids)], pageNum, pageSize };
}

/** The Seedance route of a path: a create, a 2.0 lookup by ID, or the 1.x batch query. */
export function seedancePath(
	method: string,
	path: string,
):
	| { kind: 'create'; route: SeedanceRoute }
	| { kind: 'query'; id: string }
	| { kind: 'batchQuery' }
	| undefined {
	const v3 = /^\/api\/v3\/contents\/generations\/tasks(?:\/([^/]+))?$/.exec(path);
	if (v3) {
		if (method === 'POST' && !v3[1]) return { kind: 'create', route: 'v3' };
		if (method === 'GET' && v3[1]) return { kind: 'query', id: decodeURIComponent(v3[1]) };
		return undefined;
	}
	// no single-task lookup on /volc: `…/tasks/{id}` is not a route
	if (path === '/volc/v1/contents/generations/tasks') {
		if (method === 'POST') return { kind: 'create', route: 'volc' };
		if (method === 'GET') return { kind: 'batchQuery' };
	}
	return undefined;
}

/** A task ID in Volcengine's form: `cgt-<yyyyMMddHHmmss>-<5 chars>` (UTC here). */
export function newSeedanceId(now: number): string {
	const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	const suffix = Array.from(
		{ length: 5 },
		() => alphabet[Math.floor(Math.random() * alphabet.length)],
	).join('');
	return `cgt-${stamp}-${suffix}`;
}

/** Volcengine's error form: `{error: {code, message}}` (400 InvalidParameter, 404 ResourceNotFound). */
export function volcError(code: 'InvalidParameter' | 'ResourceNotFound', message: string): object {
	return { error: { code, message } };
}

/** Volcengine's message for a refused field, naming it. */
export function invalidParameter(field: string, message: string): object {
	return volcError(
		'InvalidParameter',
		`The parameter \`${field}\` specified in the request is not valid: ${message}`,
	);
}

/** Volcengine's task status words [INF]. */
export type SeedanceStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface SeedanceTaskFacts {
	id: string;
	model: string;
	status: SeedanceStatus;
	/** The reason, for a failed task. */
	failure?: string;
	/** The video, for a succeeded task. */
	videoUrl?: string;
	/** ms since the epoch (the answer gives seconds). */
	createdAt: number;
	updatedAt: number;
	seed: number;
	resolution: string;
	ratio: string;
	duration: number;
}

/**
 * A task as Volcengine's lookup shows it [INF]: `content` and `usage` only once it succeeded,
 * `error` null unless it failed; times in unix seconds.
 */
export function seedanceTaskObject(task: SeedanceTaskFacts): object {
	const done = task.status === 'succeeded';
	const [width, height] = task.resolution === '1080p' ? [1920, 1080] : [1280, 720];
	// Volcengine counts a video's tokens as width × height × 24 fps × seconds / 1024
	const tokens = Math.round((width * height * 24 * task.duration) / 1024);
	return {
		id: task.id,
		model: task.model,
		status: task.status,
		error:
			task.status === 'failed'
				? { code: 'InternalServiceError', message: task.failure ?? 'the task failed' }
				: null,
		...(done ? { content: { video_url: task.videoUrl } } : {}),
		...(done ? { usage: { completion_tokens: tokens, total_tokens: tokens } } : {}),
		created_at: Math.floor(task.createdAt / 1000),
		updated_at: Math.floor(task.updatedAt / 1000),
		seed: task.seed,
		resolution: task.resolution,
		ratio: task.ratio,
		duration: task.duration,
	};
}

/** A key with spaces or the like (QuickRouter's example has `"prompt_optimizer "`), quoted. */
function quoteOdd(key: string): string {
	return /^[\w.-]+$/.test(key) ? key : JSON.stringify(key);
}
