import type { IDataObject } from 'n8n-workflow';

/**
 * The shapes QuickRouter answers with. Everything that reads a response goes through here.
 */

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The API's own explanation from an error response, if it gave one. Documented shape:
 * `{"error": {"message", "message_zh", "type", "code"}}`; relays of the same family answer
 * `{"code", "message", "data"}`. An HTML error page is not a message; text that is not JSON is.
 */
function apiErrorOf(body: unknown): { message?: string; code?: string } {
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '' || text.startsWith('<')) return {};
		try {
			return apiErrorOf(JSON.parse(text));
		} catch {
			return { message: text.slice(0, 500) };
		}
	}
	if (!isObject(body)) return {};
	const minimax = baseRespFailure(body);
	if (minimax)
		return { ...(minimax.said ? { message: minimax.said } : {}), code: String(minimax.code) };
	const { error, message } = body;
	const code = isObject(error) ? error.code : body.code;
	const said =
		isObject(error) && typeof error.message === 'string' && error.message !== ''
			? error.message
			: typeof error === 'string' && error !== ''
				? error
				: typeof message === 'string' && message !== ''
					? message
					: undefined;
	return {
		...(said === undefined ? {} : { message: said }),
		...(typeof code === 'string' ? { code } : {}),
	};
}

/**
 * MiniMax's `base_resp` [SIB], when it says something other than success: its `status_code` (a
 * number other than 0) and its words.
 */
export function baseRespFailure(body: unknown): { code: number; said?: string } | undefined {
	const said = isObject(body) && isObject(body.base_resp) ? body.base_resp : undefined;
	const code = Number(said?.status_code);
	if (!said || said.status_code === undefined || !Number.isFinite(code) || code === 0) {
		return undefined;
	}
	const words = text(said.status_msg)?.trim();
	return { code, ...(words ? { said: words } : {}) };
}

export function apiErrorMessage(body: unknown): string | undefined {
	return apiErrorOf(body).message;
}

// How relays say that a model has no upstream for this key, before anything is made: new-api's
// "No available channel for model X under group default" (and its Chinese); or that it does not
// exist, right after the model's ID: OpenAI's "The model `X` does not exist or you do not have
// access to it", "模型 X 不存在". Each counts only for the model that was sent.
const NO_CHANNEL = [
	/\bno available channels?\b/i,
	/\bno channels? (?:are )?available\b/i,
	/无可用渠道/,
];
const MISSING_AFTER_ID =
	"[`'\"]?\\s*(?:does not exist|doesn't exist|not found|is not available|is unavailable|不存在)";
const MODEL_NOT_FOUND = 'model_not_found';
// A task, as an answer may name it: QuickRouter's ID form ("veo3.1-fast:1770350082-trii1OXZc3",
// "grok:eee6faa8-…"), or a field of a task's
const TASK_ID_FORM = /[\w.-]+:[\w-]{8,}/;
const TASK_FIELDS = new Set(['id', 'task_id', 'taskid']);

/** Whether an answer names a task anywhere: in a task's field, or in QuickRouter's ID form. */
function namesATask(answer: unknown, depth = 0): boolean {
	if (typeof answer === 'string') return TASK_ID_FORM.test(answer);
	if (typeof answer !== 'object' || answer === null || depth > 4) return false;
	return Object.entries(answer).some(
		([key, value]) =>
			(TASK_FIELDS.has(key.toLowerCase()) &&
				(typeof value === 'number' || (typeof value === 'string' && value.trim() !== ''))) ||
			namesATask(value, depth + 1),
	);
}

/** The model's ID as a word of its own in a text ("sora-2", not "sora-2-pro"), then `after`. */
function modelThen(model: string, after = ''): RegExp {
	const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)${after}`, 'i');
}

/**
 * Whether an answer to a create says that the model asked for is not available on this key (a
 * relay with no channel for it, a model that does not exist): a refusal, made before any task.
 * It says so by its code (`model_not_found`), or by its words naming that very model; never when
 * it names a task in any form (the task may exist), nor as a 429 or 408 (busy, not refused).
 */
export function saysModelUnavailable(answer: unknown, statusCode: number, model: string): boolean {
	if (statusCode === 429 || statusCode === 408 || namesATask(answer)) return false;
	const { message = '', code = '' } = apiErrorOf(answer);
	const byCode = [code, message].some((said) => said.trim().toLowerCase() === MODEL_NOT_FOUND);
	const byWords =
		model !== '' &&
		((modelThen(model).test(message) && NO_CHANNEL.some((words) => words.test(message))) ||
			modelThen(model, MISSING_AFTER_ID).test(message));
	return byCode || byWords;
}

/**
 * A task ID of digits as an answer gives it (Kling's, MiniMax's): text, or a number JSON kept
 * whole; `unreadable` for a number past 2^53 (its last digits are lost: another task's ID).
 */
export function readDigitsId(value: unknown): string | 'unreadable' | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : 'unreadable';
	return text(value)?.trim();
}

/** The task ID of a create or query answer, if it has one. */
export function readTaskId(raw: unknown): string | undefined {
	return isObject(raw) ? text(raw.id) : undefined;
}

/**
 * What an answer is when it is no JSON object, in words ("a list", "a number"); undefined for an
 * object. A list arrives from n8n as an object keyed "0", "1", ...: a list too.
 */
export function notAnObject(answer: unknown): string | undefined {
	if (Array.isArray(answer)) return 'a list';
	if (answer === null || answer === undefined) return 'nothing';
	if (typeof answer !== 'object') return `a ${typeof answer}`;
	const keys = Object.keys(answer);
	return keys.length > 0 && keys.every((key) => /^\d+$/.test(key)) ? 'a list' : undefined;
}

/**
 * A query answer, named by the task ID that was asked for. Some families answer with another ID
 * (Grok's query answer carries a bare upstream ID): the asked one stays the task's ID, so that
 * every output, file name and later lookup uses the ID Create returned; the other is kept beside
 * it as `answeredId`.
 */
export function withTaskId(answer: unknown, taskId: string): unknown {
	if (!isObject(answer) || answer.id === taskId) return answer;
	const answeredId = answer.id;
	return { ...answer, id: taskId, ...(answeredId === undefined ? {} : { answeredId }) };
}

/**
 * The ID a query answer gives when it names a whole other task: one in QuickRouter's task-ID
 * form (`<model>:<ID>`) that is not the one asked for. A bare ID is no such sign: Grok's query
 * answers carry an upstream ID of their own (see withTaskId).
 */
export function otherTaskAnswered(answer: unknown, askedId: string): string | undefined {
	const answered = readTaskId(answer)?.trim();
	if (!answered || !askedId || answered === askedId.trim()) return undefined;
	return /^[\w.-]+:\S+$/.test(answered) ? answered : undefined;
}

// A task ID as QuickRouter writes them, for every family: "<model or family>:<upstream ID>"
// ("sora-2:task_01k9…", "veo3.1-fast:1770350082-trii1OXZc3", "grok:eee6faa8-9dee-…").
const TASK_ID_IN_TEXT = /"id"\s*:\s*"([\w.-]+:[\w-]+)"/;

/**
 * The task a successful create answered with. An answer that is not JSON (cut short by a proxy,
 * say) still names the task it created more often than not: its ID is read from the text, so
 * that the paid task is not lost. Undefined when no task ID can be found.
 */
export function readCreatedTask(body: unknown): IDataObject | undefined {
	if (typeof body !== 'string') return taskOfAnswer(body);
	try {
		return taskOfAnswer(JSON.parse(body));
	} catch {
		const id = TASK_ID_IN_TEXT.exec(body)?.[1];
		if (id) return { id, unreadableAnswer: body.slice(0, 1000) };
	}
	return undefined;
}

/**
 * The task in a create answer: the answer itself, or the `data` of a relay's `{code, message,
 * data}` wrapper; its ID without the spaces a relay may leave around it.
 */
function taskOfAnswer(answer: unknown): IDataObject | undefined {
	const task = readTaskId(answer) ? answer : isObject(answer) ? answer.data : undefined;
	const id = readTaskId(task);
	if (!id || !isObject(task)) return undefined;
	return id === id.trim() ? task : { ...task, id: id.trim() };
}

/** A task's state in words that do not depend on which model or relay answered. */
export type TaskState = 'queued' | 'processing' | 'completed' | 'failed';

const STATE_OF_STATUS: Record<string, TaskState> = {
	pending: 'queued',
	queued: 'queued',
	submitted: 'queued',
	processing: 'processing',
	in_progress: 'processing',
	running: 'processing',
	completed: 'completed',
	complete: 'completed',
	succeeded: 'completed',
	success: 'completed',
	// Kling's word [INF]
	succeed: 'completed',
	// MiniMax's words [SIB]
	preparing: 'queued',
	queueing: 'queued',
	fail: 'failed',
	done: 'completed',
	finished: 'completed',
	failed: 'failed',
	rejected: 'failed',
	expired: 'failed',
	failure: 'failed',
	error: 'failed',
	cancelled: 'failed',
	canceled: 'failed',
	// Veo's own words [SIB]
	image_downloading: 'processing',
	video_generating: 'processing',
	video_generation_completed: 'completed',
	video_generation_failed: 'failed',
	video_upsampling: 'processing',
	video_upsampling_completed: 'completed',
	video_upsampling_failed: 'failed',
};

/**
 * The state a status word stands for, undefined for a word not known here. Read loosely, as a relay
 * may write it: " Completed ", "IN PROGRESS", "in-progress".
 */
export function stateOfWord(word: unknown): TaskState | undefined {
	if (typeof word !== 'string') return undefined;
	const key = statusKey(word);
	return Object.prototype.hasOwnProperty.call(STATE_OF_STATUS, key)
		? STATE_OF_STATUS[key]
		: undefined;
}

function statusKey(word: string): string {
	return word
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** The status word of a task answer, on top or under `detail`, whether known here or not. */
export function statusWordOf(raw: unknown): string | undefined {
	if (!isObject(raw)) return undefined;
	// " completed" or "Completed " from a sloppy relay is still the word
	return (
		text(raw.status)?.trim() ?? (isObject(raw.detail) ? text(raw.detail.status)?.trim() : undefined)
	);
}

/** The flat, stable task that "Simplify Output" gives. */
export interface SimplifiedTask extends IDataObject {
	id: string;
	status: TaskState;
	/** 0 to 100. */
	progress: number | null;
	videoUrl: string | null;
	error: string | null;
	statusUpdatedAt: string | null;
	/** The model that makes it, when the answer (or the task ID) says. */
	model: string | null;
	/** The prompt as QuickRouter rewrote it (Veo and Grok give one), without its ``` fences. */
	enhancedPrompt: string | null;
	thumbnailUrl: string | null;
	/** The ID the answer itself gave, when it named the task otherwise (see withTaskId). */
	answeredId?: string;
	/** A second link to the same video, fetched when the first fails (Hailuo gives one). */
	backupVideoUrl?: string;
}

/** Text that says something (not blank), as it came. */
export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function firstVideoUrl(generations: unknown): string | undefined {
	if (!Array.isArray(generations)) return undefined;
	for (const generation of generations) {
		if (!isObject(generation)) continue;
		const url =
			text(generation.video_url) ??
			text(generation.url) ??
			(isObject(generation.video) ? text(generation.video.url) : undefined);
		if (url) return url;
	}
	return undefined;
}

/**
 * What the node's own request asked for, which an answer may not repeat (Create and Extend know
 * it; Get does not): Veo's query answer is not documented to say whether upscaling was asked, and
 * Grok's does not name its model.
 */
export interface TaskRequest {
	model?: string;
	upscale?: boolean;
}

/** What an item's checked values hold of its request: the model, and the request as sent. */
export interface CheckedRequest {
	model?: unknown;
	request?: { body?: IDataObject };
}

/** What an item's checked values asked for: its model (Create, Extend), Veo's Upscale as sent. */
export function taskRequestOf(checked: CheckedRequest): TaskRequest {
	return {
		...(text(checked.model) ? { model: text(checked.model) } : {}),
		...(checked.request?.body?.enable_upsample === true ? { upscale: true } : {}),
	};
}

/**
 * Reads a task from any answer of `/v1/video/query` (or create) seen or inferred for this API:
 * status at the top or under `detail`; the video at `video_url`, `detail.video_url` or inside
 * `detail.generations`; progress as `progress_pct` (0..1) or `progress` (0..100). Returns
 * undefined for a shape it does not know, so the caller keeps the raw answer.
 */
export function readTask(raw: unknown, asked: TaskRequest = {}): SimplifiedTask | undefined {
	if (!isObject(raw) || !text(raw.id)) return undefined;
	const detail = isObject(raw.detail) ? raw.detail : {};
	const pending = isObject(detail.pending_info) ? detail.pending_info : {};

	const statusWord = statusWordOf(raw);
	let status = stateOfWord(statusWord);
	if (!status) return undefined;
	// The documented pending answer says "pending" on top and "processing" in pending_info; a task
	// still pending on top can also have failed already, by pending_info.
	const pendingState = stateOfWord(pending.status);
	if (status === 'queued' && pendingState === 'processing') status = 'processing';
	if ((status === 'queued' || status === 'processing') && pendingState === 'failed') {
		status = 'failed';
	}

	// Veo's plain video is done before its upscaled one: with upscaling asked for, only the final
	// word counts as done.
	const input = isObject(detail.input) ? detail.input : {};
	const upscaling = asked.upscale === true || input.enable_upsample === true;
	if (
		statusWord !== undefined &&
		statusKey(statusWord) === 'video_generation_completed' &&
		upscaling &&
		!text(detail.upsample_video_url)
	) {
		status = 'processing';
	}

	const draft = isObject(detail.draft_info) ? detail.draft_info : {};
	const videoUrl =
		// the upscaled video first, where upscaling ran (Veo)
		text(detail.upsample_video_url) ??
		text(raw.video_url) ??
		text(detail.video_url) ??
		// Sora's completed answer [SIB]: the same video at detail.url and draft_info.downloadable_url
		text(detail.url) ??
		text(draft.downloadable_url) ??
		firstVideoUrl(detail.generations) ??
		firstVideoUrl(pending.generations) ??
		null;

	const answeredId = text(raw.answeredId);
	return {
		id: raw.id as string,
		status: status === 'completed' && !videoUrl ? 'processing' : status,
		progress: status === 'completed' && videoUrl ? 100 : readProgress(raw, detail, pending),
		videoUrl,
		error: status === 'failed' ? readFailure(raw, detail, pending) : null,
		statusUpdatedAt: readTime(raw.status_update_time ?? detail.status_update_time),
		model: readModel(raw, detail, input) ?? asked.model ?? null,
		enhancedPrompt: withoutFences(text(raw.enhanced_prompt) ?? text(detail.enhanced_prompt)),
		thumbnailUrl: text(raw.thumbnail_url) ?? text(detail.thumbnail_url) ?? null,
		...(answeredId ? { answeredId } : {}),
	};
}

/** The model, from the answer, or from the task ID (`<model>:<id>`; Grok's IDs say only "grok"). */
function readModel(raw: IDataObject, detail: IDataObject, input: IDataObject): string | undefined {
	const said = text(raw.model) ?? text(detail.model) ?? text(input.model);
	if (said) return said;
	const prefix = String(raw.id).split(':')[0];
	return prefix && prefix !== raw.id && prefix !== 'grok' ? prefix : undefined;
}

/**
 * Veo and Grok give the enhanced prompt fenced like code: the text inside. A word right after the
 * opening fence is a language tag only when the line ends there ("```text\n…"); "```A robot```"
 * is the prompt "A robot". Text around the fences is kept as it came.
 */
function withoutFences(prompt: string | undefined): string | null {
	if (!prompt) return null;
	const fenced = /^\s*```(?:[a-z][\w-]*[ \t]*\r?\n)?([\s\S]*?)```\s*$/.exec(prompt);
	return (fenced ? fenced[1] : prompt).trim() || null;
}

function readProgress(...sources: IDataObject[]): number | null {
	for (const source of sources) {
		const progress =
			percentOf(source.progress_pct, 'fraction') ?? percentOf(source.progress, 'percent');
		if (progress !== undefined) return progress;
	}
	return null;
}

/** A progress given in percent ("45%", 45), as a number from 0 to 100. */
export function readPercent(value: unknown): number | undefined {
	return percentOf(value, 'percent');
}

/**
 * A progress as a percent, from a number or numeric text ("45", "45 %", "0.45"), in its field's
 * documented form; a fraction field above 1 can only be a percent already.
 */
function percentOf(value: unknown, documented: 'fraction' | 'percent'): number | undefined {
	let number: number;
	let saysPercent = false;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && value.length <= 20) {
		const parts = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(value.trim());
		if (!parts) return undefined;
		number = parseFloat(parts[1]);
		saysPercent = parts[2] === '%';
	} else return undefined;
	if (!Number.isFinite(number)) return undefined;
	const isFraction = documented === 'fraction' && !saysPercent && number <= 1;
	return clampPercent(isFraction ? number * 100 : number);
}

function clampPercent(value: number): number {
	return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}

/** What QuickRouter said when the task failed, wherever its answer carries it. */
const FAILURE_FIELDS = [
	'failure_reason',
	'fail_reason',
	'error_message',
	'video_generation_error',
	'reason',
	'message',
] as const;

export const FAILED_WITHOUT_REASON =
	'QuickRouter reported the task as failed but gave no reason (for example a prompt or image its content rules refused)';

function readFailure(...sources: IDataObject[]): string {
	for (const source of sources) {
		const reason =
			apiErrorMessage({ error: source.error }) ??
			// words first: a field that holds words says more than another's object of codes
			FAILURE_FIELDS.map((field) => text(source[field])?.trim()).find(Boolean) ??
			FAILURE_FIELDS.map((field) => reasonIn(source[field])).find(Boolean) ??
			readModeration(source.moderation_result);
		if (reason) return shortReason(reason);
	}
	return FAILED_WITHOUT_REASON;
}

const MAX_REASON_LENGTH = 1000;

/** A reason short enough for an error message (the key is masked at the node's edge, cut or not). */
function shortReason(reason: string): string {
	return reason.length > MAX_REASON_LENGTH
		? `${reason.slice(0, MAX_REASON_LENGTH - 3)}...`
		: reason;
}

/**
 * A failure field that is not text, as words: a number as a code, an object's message (a relay's
 * `{code, message}`) or its JSON. Text is readFailure's first choice.
 */
function reasonIn(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return `code ${value}`;
	if (!isObject(value)) return undefined;
	const said = [value.message, value.reason, value.description, value.detail]
		.map(text)
		.find(Boolean);
	if (said) return said.trim();
	const json = JSON.stringify(value);
	return json === '{}' ? undefined : json;
}

/**
 * A moderation result, as a reason (its shape is not documented: text, or an object that names
 * what was flagged).
 */
function readModeration(result: unknown): string | undefined {
	if (typeof result === 'string') return text(result) && `Refused by moderation: ${result.trim()}`;
	if (Array.isArray(result)) {
		const reasons = result
			.map((entry) => readModeration(entry)?.replace(/^Refused by moderation:? ?/, ''))
			.filter(Boolean);
		return reasons.length > 0 ? `Refused by moderation: ${reasons.join('; ')}` : undefined;
	}
	if (!isObject(result)) return undefined;
	const said =
		text(result.message) ??
		text(result.reason) ??
		text(result.description) ??
		(Array.isArray(result.categories)
			? result.categories.filter((category) => typeof category === 'string').join(', ') || undefined
			: undefined) ??
		text(result.code);
	if (said) return `Refused by moderation: ${said}`;
	const flagged = Object.entries(result)
		.filter(([, value]) => value === true)
		.map(([name]) => name);
	return flagged.length > 0 ? `Refused by moderation (${flagged.join(', ')})` : undefined;
}

/** A time as answers give it, in milliseconds or seconds since 1970; null for none or nonsense. */
export function readTime(value: unknown): string | null {
	if (typeof value !== 'number' || !Number.isFinite(value)) return null;
	// Milliseconds per the docs; a value in seconds would land in 1970.
	const time = new Date(value < 1e11 ? value * 1000 : value);
	return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
