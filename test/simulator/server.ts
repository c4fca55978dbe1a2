/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code: the simulator is a server with its own clock */
import { randomBytes, randomUUID } from 'node:crypto';
import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	checkCreateRequest,
	extendVideoRequest,
	queryVideoRequest,
	type CreateVideoRequest,
	type Family,
} from './contract';
import {
	multipartFields,
	openAiCreateVideo,
	openAiRouteOf,
	openAiVideo,
	openAiVideoId,
	type OpenAiRoute,
} from './openAiVideos';
import { clock } from '../../nodes/QuickRouter/run/clock';
import { SAMPLE_VIDEO } from './videoHost';
import {
	checkKlingCreate,
	klingAnswer,
	klingPath,
	type KlingCreate,
	type KlingRoute,
} from './kling';
import {
	checkBatchQuery,
	checkSeedanceCreate,
	invalidParameter,
	newSeedanceId,
	seedancePath,
	seedanceTaskObject,
	volcError,
	type SeedanceCreate,
	type SeedanceRoute,
	type SeedanceStatus,
} from './seedance';
import {
	checkHailuoCreate,
	checkHailuoQuery,
	hailuoCreated,
	hailuoPath,
	hailuoQueryAnswer,
	hailuoRefusal,
	hailuoTaskNotFound,
	type HailuoCreate,
	type HailuoStatus,
} from './hailuo';

export type RouteName =
	| 'create'
	| 'extend'
	| 'query'
	| 'klingCreate'
	| 'klingQuery'
	/** Seedance: a create on either route; a 2.0 lookup by ID; the 1.x batch query. */
	| 'seedanceCreate'
	| 'seedanceQuery'
	| 'seedanceBatchQuery'
	| 'hailuoCreate'
	| 'hailuoQuery'
	| 'models'
	| 'video'
	| OpenAiRoute;

export interface RecordedRequest {
	route: RouteName | 'unknown';
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON when the body was JSON, else the raw text. */
	body: unknown;
	/** The host this request reached (the simulator may listen on several). */
	host: string;
	/** When it arrived (ms since the epoch). */
	receivedAt: number;
}

/** A scripted answer that replaces the route's normal one (a fault, or an unusual shape). */
export interface ScriptedAnswer {
	status: number;
	/** Drop the connection without an answer (a network failure). */
	reset?: boolean;
	/**
	 * Create only: create the task first, then answer this way (a 500 or a reset after the work
	 * was done, an answer cut short). The body function then also gets the created task.
	 */
	afterCreate?: boolean;
	/** Answer only after this long, on the node's clock (slower than a time the node keeps). */
	delayMs?: number;
	/**
	 * Answer only after this long in real time: slower than n8n's own request timeout (Settings ›
	 * Request Options › Timeout), which n8n counts on the real clock whatever the node's runs on.
	 */
	realDelayMs?: number;
	/** The answer's body, or a function of the request that made it (and the task, if created). */
	body?: unknown | ((request: RecordedRequest, task?: SimulatedTask) => unknown);
	/** Send a text body as this type instead of text/html (for a JSON answer cut short). */
	contentType?: string;
	headers?: Record<string, string>;
	/**
	 * Send the body one byte at a time, this many ms apart, and never end it (a host that keeps
	 * the connection busy but never finishes its answer).
	 */
	trickleMs?: number;
}

export interface SimulatedTask {
	id: string;
	input: CreateVideoRequest;
	/** Whose answer shapes it follows. */
	family: Family;
	/** For an extension: the task it extends. */
	extendOf?: string;
	status: string;
	createdAt: number;
	/** Whether the create answer that names this task was sent to a client still listening. */
	idDelivered?: boolean;
	/** Veo with upscaling: whether a query has seen the plain video done, before the upscaled one. */
	plainVideoShown?: boolean;
	/** Kling: the route it was created on (its lookup is on the same), and the caller's key. */
	klingRoute?: KlingRoute;
	externalTaskId?: string;
	/** Seedance: the route it was made on (2.0 `v3`, 1.x `volc`), and what its lookup shows. */
	seedance?: {
		route: SeedanceRoute;
		seed: number;
		resolution: string;
		ratio: string;
		duration: number;
	};
}

export interface SimulatorOptions {
	/** The only key the simulator accepts. */
	apiKey?: string;
	host?: string;
	/** How long a task takes from create to done; 0 means done at the first query. */
	taskDurationMs?: number;
	/** Where a done task's video link is: top-level `video_url`, `detail.video_url`, or in `detail.generations`. */
	resultShape?: ResultShape;
	/** A reason to fail the task with, decided from its input; undefined lets it succeed. */
	failureFor?: (input: CreateVideoRequest) => string | undefined;
	/**
	 * Where a failed task's answer gives the reason: `detail.failure_reason` (default),
	 * `detail.pending_info.failure_reason`, a moderation result, or nowhere.
	 */
	failurePlace?: FailurePlace;
	/** Answer the query with the task's bare upstream ID instead of the ID asked for (as Grok does). */
	answerWithBareId?: boolean;
	/** Models QuickRouter has added that the node does not know: taken with any fields. */
	newModels?: string[];
	/** Where done tasks' videos are served; by default, the simulator's own address. */
	videoBaseUrl?: string;
	/** How long an accepted create takes to answer. */
	createLatencyMs?: number;
	/** More creates than this in flight at once are turned away with 429 (0: no limit). */
	concurrencyLimit?: number;
	/** Retry-After (seconds) on the concurrency limit's 429; none when undefined. */
	concurrencyRetryAfterSeconds?: number;
	/** After this many tasks are created, the key stops working (401): a key revoked mid-run. */
	revokeKeyAfterCreates?: number;
	/**
	 * Models with no upstream channel: a create for one is turned away before anything is made, as
	 * new-api relays answer (HTTP 503, code model_not_found, "No available channel for model ...").
	 * By default Sora's, retired by OpenAI on 2026-09-24; `[]` serves them, for the Sora tests.
	 */
	modelsWithoutChannel?: string[];
	/**
	 * Hailuo's download links that fail (default `none`): `primary` makes `download_url` fail, so
	 * that a reader must fall back to `backup_download_url`; `both` makes both fail. A failing link
	 * is its working link with `/expired` put before its path, baked into the query's answer: the
	 * simulator answers it 403 (an expired signed link); a VideoHost (videoBaseUrl) answers it 404.
	 */
	hailuoExpiredLinks?: HailuoExpiredLinks;
}

export type HailuoExpiredLinks = 'none' | 'primary' | 'both';

/** OpenAI removed Sora's API on 2026-09-24: relays have no channel for its models since. */
export const RETIRED_MODELS = ['sora-2', 'sora-2-pro'];

export type ResultShape = 'top-level' | 'detail' | 'generations';
export type FailurePlace = 'detail' | 'pending_info' | 'moderation' | 'nowhere';

/**
 * A QuickRouter stand-in on loopback: it enforces the documented contract, answers with the
 * documented shapes (including the error shape), and records every request it receives.
 */
/**
 * Node's default queue of connections not yet accepted is 511: a run that sends 1,000 creates at
 * once (a plain declarative node has no gate) on a busy machine overflows it, and the kernel resets
 * connections that a real API's front end would have queued.
 */
const BACKLOG = 4096;

export class QuickRouterSimulator {
	readonly requests: RecordedRequest[] = [];
	readonly tasks = new Map<string, SimulatedTask>();
	readonly apiKey: string;

	/** Settings that tests may change between runs. */
	readonly settings: Required<
		Pick<
			SimulatorOptions,
			| 'taskDurationMs'
			| 'resultShape'
			| 'createLatencyMs'
			| 'concurrencyLimit'
			| 'hailuoExpiredLinks'
		>
	> &
		Pick<
			SimulatorOptions,
			| 'videoBaseUrl'
			| 'failureFor'
			| 'failurePlace'
			| 'answerWithBareId'
			| 'newModels'
			| 'concurrencyRetryAfterSeconds'
			| 'revokeKeyAfterCreates'
		> & { modelsWithoutChannel: string[] };

	/** Creates being worked on now, and the most there ever were at once. */
	createsInFlight = 0;
	peakCreatesInFlight = 0;

	private readonly initialSettings: QuickRouterSimulator['settings'];
	private readonly scripted: Array<{ route: RouteName; answer: ScriptedAnswer }> = [];
	private server?: Server;
	private host: string;
	private port = 0;

	private constructor(options: SimulatorOptions) {
		this.apiKey = options.apiKey ?? newApiKey();
		this.host = options.host ?? '127.0.0.1';
		this.initialSettings = {
			taskDurationMs: options.taskDurationMs ?? 0,
			resultShape: options.resultShape ?? 'top-level',
			failureFor: options.failureFor,
			failurePlace: options.failurePlace,
			answerWithBareId: options.answerWithBareId,
			newModels: options.newModels,
			videoBaseUrl: options.videoBaseUrl,
			createLatencyMs: options.createLatencyMs ?? 0,
			concurrencyLimit: options.concurrencyLimit ?? 0,
			concurrencyRetryAfterSeconds: options.concurrencyRetryAfterSeconds,
			revokeKeyAfterCreates: options.revokeKeyAfterCreates,
			modelsWithoutChannel: options.modelsWithoutChannel ?? RETIRED_MODELS,
			hailuoExpiredLinks: options.hailuoExpiredLinks ?? 'none',
		};
		this.settings = { ...this.initialSettings };
	}

	static async start(options: SimulatorOptions = {}): Promise<QuickRouterSimulator> {
		const simulator = new QuickRouterSimulator(options);
		await simulator.listen();
		return simulator;
	}

	/** Kept, not read from the server: it stays the same while the server refuses connections. */
	get url(): string {
		return `http://${this.host}:${this.port}`;
	}

	/** The next `times` requests to `route` get this answer instead (after auth passes). */
	answerNext(route: RouteName, answer: ScriptedAnswer, times = 1): void {
		for (let i = 0; i < times; i++) this.scripted.push({ route, answer });
	}

	requestsTo(route: RouteName): RecordedRequest[] {
		return this.requests.filter((request) => request.route === route);
	}

	/**
	 * How many lookups named each task ID, over every lookup route (`query`, `klingQuery`,
	 * `seedanceQuery`, `seedanceBatchQuery`, `hailuoQuery`): a batch query counts once for each ID
	 * it names; a batch query with no filter names none.
	 */
	lookupsPerTask(): Map<string, number> {
		const counts = new Map<string, number>();
		const count = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
		for (const request of this.requests) {
			if (request.route === 'query' && request.query.id) count(request.query.id);
			if (request.route === 'klingQuery') count(klingPath('GET', request.path)!.id!);
			if (request.route === 'seedanceQuery') {
				count((seedancePath('GET', request.path) as { id: string }).id);
			}
			if (request.route === 'seedanceBatchQuery') {
				const ids = request.query['filter.task_ids'];
				if (ids) new Set(ids.split(',').map((id) => id.trim())).forEach(count);
			}
			if (request.route === 'hailuoQuery' && request.query.task_id) count(request.query.task_id);
		}
		return counts;
	}

	/** Forgets requests, tasks and scripted answers, and restores the settings it started with. */
	reset(): void {
		this.requests.length = 0;
		this.tasks.clear();
		this.scripted.length = 0;
		this.trickles.abandoned = 0;
		this.peakCreatesInFlight = this.createsInFlight;
		Object.assign(this.settings, this.initialSettings);
	}

	/**
	 * Stops taking connections for a while, then listens again on the same port: clients meet
	 * "connection refused" in between.
	 */
	async refuseConnectionsFor(ms: number): Promise<void> {
		const server = this.server!;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		setTimeout(
			() => server.listen({ port: this.port, host: this.host, backlog: BACKLOG }),
			clock.realMs(ms),
		);
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async listen(): Promise<void> {
		this.server = createServer((request, response) => {
			void this.handle(request, response);
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen({ port: 0, host: this.host, backlog: BACKLOG }, resolve);
		});
		this.port = (this.server.address() as AddressInfo).port;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://simulator');
		const rawBody = await readBody(request);
		const route = routeOf(request.method ?? 'GET', url.pathname);
		const recorded: RecordedRequest = {
			route,
			method: request.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			body: parseJson(rawBody) ?? rawBody,
			host: request.headers.host ?? '',
			receivedAt: clock.now(),
		};
		this.requests.push(recorded);

		if (route === 'unknown') {
			return send(response, 404, apiError('Not found', 'invalid_request_error'));
		}
		if (route === 'seedanceBatchQuery') {
			// a repeated filter.task_ids is taken too: record all its values, comma-separated
			const ids = url.searchParams.getAll('filter.task_ids');
			if (ids.length > 1) recorded.query['filter.task_ids'] = ids.join(',');
		}
		if (route === 'video' && url.pathname.startsWith('/expired/')) {
			// a signed link past its time (hailuoExpiredLinks), as an object store answers it
			return send(
				response,
				403,
				'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
				{ 'Content-Type': 'application/xml' },
			);
		}
		if (!this.keyWorks(request.headers.authorization)) {
			return send(response, 401, apiError('Invalid API key', 'authentication_error'));
		}
		const scriptedIndex = this.scripted.findIndex((entry) => entry.route === route);
		if (scriptedIndex >= 0) {
			const [{ answer }] = this.scripted.splice(scriptedIndex, 1);
			return await this.answerScripted(answer, request, recorded, response);
		}
		if (route === 'video' || route === 'openAiContent') {
			response.writeHead(200, {
				'Content-Type': 'video/mp4',
				'Content-Length': String(SAMPLE_VIDEO.length),
			});
			return void response.end(SAMPLE_VIDEO);
		}
		if (route === 'models') return this.listModels(response);
		if (route === 'create') return this.createTask(request, recorded, response);
		if (route === 'klingCreate') return this.createKlingTask(request, recorded, response);
		if (route === 'klingQuery') return this.queryKlingTask(recorded, response);
		if (route === 'seedanceCreate') return this.createSeedanceTask(request, recorded, response);
		if (route === 'seedanceQuery') return this.querySeedanceTask(recorded, response);
		if (route === 'seedanceBatchQuery') return this.querySeedanceBatch(url, response);
		if (route === 'hailuoCreate') return this.createHailuoTask(request, recorded, response);
		if (route === 'hailuoQuery') return this.queryHailuoTask(url, response);
		if (route === 'extend') return this.extendTask(recorded, response);
		if (route === 'openAiCreate') return this.createOpenAiVideo(request, recorded, response);
		if (route === 'openAiRetrieve') return this.retrieveOpenAiVideo(recorded, response);
		return this.queryTask(recorded, response);
	}

	private createOpenAiVideo(
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): void {
		const fields = multipartFields(
			typeof recorded.body === 'string' ? recorded.body : '',
			String(request.headers['content-type'] ?? ''),
		);
		recorded.body = fields;
		const parsed = openAiCreateVideo.safeParse(fields);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return send(
				response,
				400,
				apiError(`Invalid ${issue.path.join('.')}: ${issue.message}`, 'invalid_request_error'),
			);
		}
		const { model, prompt } = parsed.data;
		const task = this.addTask(
			{ model, prompt, size: 'small' },
			'sora',
			`video_${randomTaskSuffix()}`,
		);
		task.idDelivered = true;
		send(response, 200, openAiVideo(task.id, model, 'queued', 0, task.createdAt));
	}

	private retrieveOpenAiVideo(recorded: RecordedRequest, response: ServerResponse): void {
		const task = this.tasks.get(openAiVideoId(recorded.path));
		if (!task) return send(response, 404, apiError('Video not found', 'invalid_request_error'));
		const fraction = this.advance(task);
		const status = task.status === 'processing' ? 'in_progress' : task.status;
		send(
			response,
			200,
			openAiVideo(
				task.id,
				task.input.model,
				status as 'queued' | 'in_progress' | 'completed' | 'failed',
				Math.round(fraction * 100),
				task.createdAt,
				task.status === 'failed' ? this.settings.failureFor?.(task.input) : undefined,
			),
		);
	}

	private keyWorks(authorization: string | undefined): boolean {
		if (authorization !== `Bearer ${this.apiKey}`) return false;
		const { revokeKeyAfterCreates } = this.settings;
		return revokeKeyAfterCreates === undefined || this.tasks.size < revokeKeyAfterCreates;
	}

	private async answerScripted(
		answer: ScriptedAnswer,
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): Promise<void> {
		const task = answer.afterCreate ? this.createFirst(recorded) : undefined;
		const delayMs = (answer.realDelayMs ?? 0) + clock.realMs(answer.delayMs ?? 0);
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
		if (answer.reset || request.socket.destroyed) {
			request.socket.destroy();
			return;
		}
		const body =
			(typeof answer.body === 'function' ? answer.body(recorded, task) : answer.body) ??
			apiError(`HTTP ${answer.status}`, 'simulated_fault');
		if (task) task.idDelivered = JSON.stringify(body).includes(task.id);
		if (answer.trickleMs) return this.trickle(response, answer.status, body, answer.trickleMs);
		send(response, answer.status, body, {
			...(answer.contentType ? { 'Content-Type': answer.contentType } : {}),
			...answer.headers,
		});
	}

	/** For a scripted answer after the work was done: the task that a valid create makes. */
	private createFirst(recorded: RecordedRequest): SimulatedTask | undefined {
		if (recorded.route === 'create') {
			const check = checkCreateRequest(recorded.body, this.settings.newModels);
			return check.ok ? this.addTask(check.request, check.family) : undefined;
		}
		if (recorded.route === 'klingCreate') {
			const route = klingPath('POST', recorded.path)!.route;
			const check = checkKlingCreate(route, recorded.body);
			return check.ok ? this.addKlingTask(route, check.request) : undefined;
		}
		if (recorded.route === 'seedanceCreate') {
			const route = (seedancePath('POST', recorded.path) as { route: SeedanceRoute }).route;
			const check = checkSeedanceCreate(route, recorded.body);
			return check.ok ? this.addSeedanceTask(route, check.request) : undefined;
		}
		if (recorded.route === 'hailuoCreate') {
			const check = checkHailuoCreate(recorded.body);
			return check.ok ? this.addHailuoTask(check.request) : undefined;
		}
		return undefined;
	}

	/** Answers still trickling, and those the client gave up on (closed the connection). */
	readonly trickles = { open: 0, abandoned: 0 };

	private trickle(response: ServerResponse, status: number, body: unknown, everyMs: number): void {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		response.writeHead(status, { 'Content-Type': 'application/json' });
		this.trickles.open++;
		let sent = 0;
		const timer = setInterval(
			() => response.write(text[sent++ % text.length]),
			clock.realMs(everyMs),
		);
		response.on('close', () => {
			clearInterval(timer);
			this.trickles.open--;
			this.trickles.abandoned++;
		});
	}

	private listModels(response: ServerResponse): void {
		send(response, 200, {
			object: 'list',
			data: ['sora-2', 'sora-2-pro', 'veo3.1-fast', 'grok-video-3']
				.filter((id) => !this.settings.modelsWithoutChannel.includes(id))
				.map((id) => ({
					id,
					object: 'model',
					owned_by: 'quickrouter',
				})),
		});
	}

	private async createTask(
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): Promise<void> {
		if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
			return send(
				response,
				400,
				apiError('Content-Type must be application/json', 'invalid_request_error'),
			);
		}
		// A relay picks the upstream channel before it reads the rest of the body
		const model = (recorded.body as { model?: unknown } | null)?.model;
		if (typeof model === 'string' && this.settings.modelsWithoutChannel.includes(model)) {
			return send(response, 503, noChannelFor(model));
		}
		const check = checkCreateRequest(recorded.body, this.settings.newModels);
		if (!check.ok) {
			return send(
				response,
				400,
				apiError(`Invalid parameter ${check.field}: ${check.message}`, 'invalid_request_error'),
			);
		}
		await this.inCreateSlot(response, () => {
			const task = this.addTask(check.request, check.family);
			task.idDelivered = !request.socket.destroyed;
			send(response, 200, { id: task.id, status: task.status, status_update_time: task.createdAt });
		});
	}

	/**
	 * `POST /kling/v1/videos/<route>` [QR, SIB]: checked against Kling's contract; a refusal is a
	 * non-zero `code` (HTTP 400), a caller's `external_task_id` already used on this key too.
	 */
	private async createKlingTask(
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): Promise<void> {
		const { route } = klingPath('POST', recorded.path)!;
		const model = (recorded.body as { model_name?: unknown } | null)?.model_name;
		if (typeof model === 'string' && this.settings.modelsWithoutChannel.includes(model)) {
			return send(response, 503, noChannelFor(model));
		}
		const check = checkKlingCreate(route, recorded.body);
		if (!check.ok) {
			return send(
				response,
				400,
				klingAnswer(null, 1201, `Invalid parameter ${check.field}: ${check.message}`),
			);
		}
		const key = check.request.external_task_id;
		if (key !== undefined && [...this.tasks.values()].some((task) => task.externalTaskId === key)) {
			return send(response, 400, klingAnswer(null, 1201, `external_task_id ${key} already exists`));
		}
		await this.inCreateSlot(response, () => {
			const task = this.addKlingTask(route, check.request);
			task.idDelivered = !request.socket.destroyed;
			send(response, 200, klingAnswer(this.klingData(task, false)));
		});
	}

	private addKlingTask(route: KlingRoute, request: KlingCreate): SimulatedTask {
		const id = String(8_000_000_000_000_000_00n + BigInt(this.tasks.size + 1) * 7919n);
		const task = this.addTask(
			{ ...request, model: request.model_name, prompt: request.prompt ?? '' },
			'kling',
			id,
		);
		task.klingRoute = route;
		task.externalTaskId = request.external_task_id;
		return task;
	}

	/** `GET /kling/v1/videos/<route>/<task_id or external_task_id>` [SIB], on its own route only. */
	private queryKlingTask(recorded: RecordedRequest, response: ServerResponse): void {
		const { route, id } = klingPath('GET', recorded.path)!;
		const task = [...this.tasks.values()].find(
			(candidate) =>
				candidate.family === 'kling' &&
				candidate.klingRoute === route &&
				(candidate.id === id || candidate.externalTaskId === id),
		);
		if (!task) return send(response, 404, klingAnswer(null, 1203, `task ${id} not found`));
		send(response, 200, klingAnswer(this.klingData(task, true)));
	}

	/** A Kling task as its answers show it [SIB create, INF query]; times in ms. */
	private klingData(task: SimulatedTask, query: boolean): object {
		if (query) this.advance(task);
		const word =
			!query || task.status === 'queued'
				? 'submitted'
				: task.status === 'completed'
					? 'succeed'
					: task.status;
		return {
			task_id: task.id,
			task_status: word,
			...(word === 'failed' ? { task_status_msg: this.failureReasonOf(task) } : {}),
			task_info: task.externalTaskId ? { external_task_id: task.externalTaskId } : {},
			...(word === 'succeed'
				? {
						task_result: {
							videos: [
								{
									id: `video-${task.id}`,
									url: this.videoUrlOf(task),
									duration: task.input.duration ?? '5',
								},
							],
						},
					}
				: {}),
			created_at: task.createdAt,
			updated_at: clock.now(),
		};
	}

	/**
	 * `POST /api/v3/contents/generations/tasks` (2.0) or `POST /volc/v1/contents/generations/tasks`
	 * (1.x) [QR]: checked against the route's contract; a refusal is Volcengine's 400
	 * InvalidParameter naming the field.
	 */
	private async createSeedanceTask(
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): Promise<void> {
		const { route } = seedancePath('POST', recorded.path) as { route: SeedanceRoute };
		const model = (recorded.body as { model?: unknown } | null)?.model;
		if (typeof model === 'string' && this.settings.modelsWithoutChannel.includes(model)) {
			return send(response, 503, noChannelFor(model));
		}
		const check = checkSeedanceCreate(route, recorded.body);
		if (!check.ok) return send(response, 400, invalidParameter(check.field, check.message));
		await this.inCreateSlot(response, () => {
			const task = this.addSeedanceTask(route, check.request);
			task.idDelivered = !request.socket.destroyed;
			send(response, 200, { id: task.id });
		});
	}

	private addSeedanceTask(route: SeedanceRoute, request: SeedanceCreate): SimulatedTask {
		let id = newSeedanceId(clock.now());
		while (this.tasks.has(id)) id = newSeedanceId(clock.now());
		const task = this.addTask(request, 'seedance', id);
		const options = route === 'v3' ? request : (request.commands ?? {});
		task.seedance = {
			route,
			seed:
				typeof options.seed === 'number' ? options.seed : 1 + ((this.tasks.size * 7919) % 100000),
			resolution: typeof options.resolution === 'string' ? options.resolution : '720p',
			ratio: typeof options.ratio === 'string' ? options.ratio : '16:9',
			duration: typeof options.duration === 'number' ? options.duration : 5,
		};
		return task;
	}

	/** `GET /api/v3/contents/generations/tasks/{id}` [QR]: 2.0 tasks only; a 1.x task is not found. */
	private querySeedanceTask(recorded: RecordedRequest, response: ServerResponse): void {
		const { id } = seedancePath('GET', recorded.path) as { id: string };
		const task = this.tasks.get(id);
		if (task?.seedance?.route !== 'v3') {
			return send(
				response,
				404,
				volcError('ResourceNotFound', `The specified task ${id} is not found.`),
			);
		}
		send(response, 200, this.seedanceTask(task));
	}

	/**
	 * `GET /volc/v1/contents/generations/tasks?filter.task_ids=<id>,<id>` [QR]: Volcengine's list
	 * form `{items, total}` [INF], newest first, paged (`page_num` from 1, `page_size` default 10,
	 * at most 500); IDs not found (or of a 2.0 task) are absent. No filter: all the 1.x tasks.
	 */
	private querySeedanceBatch(url: URL, response: ServerResponse): void {
		const check = checkBatchQuery(url.searchParams);
		if (!check.ok) return send(response, 400, invalidParameter(check.field, check.message));
		const ids = check.ids && new Set(check.ids);
		const matching = [...this.tasks.values()]
			.filter((task) => task.seedance?.route === 'volc' && (!ids || ids.has(task.id)))
			.reverse();
		const from = (check.pageNum - 1) * check.pageSize;
		send(response, 200, {
			items: matching.slice(from, from + check.pageSize).map((task) => this.seedanceTask(task)),
			total: matching.length,
		});
	}

	/** A Seedance task as Volcengine's lookup shows it now [INF]. */
	private seedanceTask(task: SimulatedTask): object {
		this.advance(task);
		const status = (
			{ queued: 'queued', processing: 'running', completed: 'succeeded', failed: 'failed' } as const
		)[task.status as 'queued' | 'processing' | 'completed' | 'failed'] as SeedanceStatus;
		const doneAt = task.createdAt + this.settings.taskDurationMs;
		return seedanceTaskObject({
			id: task.id,
			model: task.input.model,
			status,
			failure: status === 'failed' ? this.failureReasonOf(task) : undefined,
			videoUrl: status === 'succeeded' ? this.videoUrlOf(task) : undefined,
			createdAt: task.createdAt,
			updatedAt:
				status === 'succeeded' || status === 'failed'
					? Math.min(doneAt, clock.now())
					: status === 'queued'
						? task.createdAt
						: clock.now(),
			...task.seedance!,
		});
	}

	/**
	 * `POST /minimax/v1/video_generation` [QR]: checked against Hailuo's contract; a refusal is
	 * MiniMax's, HTTP 200 with `base_resp.status_code` 2013 and no task.
	 */
	private async createHailuoTask(
		request: IncomingMessage,
		recorded: RecordedRequest,
		response: ServerResponse,
	): Promise<void> {
		const model = (recorded.body as { model?: unknown } | null)?.model;
		if (typeof model === 'string' && this.settings.modelsWithoutChannel.includes(model)) {
			return send(response, 503, noChannelFor(model));
		}
		const check = checkHailuoCreate(recorded.body);
		if (!check.ok) return send(response, 200, hailuoRefusal(check.field, check.message));
		await this.inCreateSlot(response, () => {
			const task = this.addHailuoTask(check.request);
			task.idDelivered = !request.socket.destroyed;
			send(response, 200, hailuoCreated(task.id));
		});
	}

	private addHailuoTask(request: HailuoCreate): SimulatedTask {
		// 15 digits, as MiniMax's [SIB]
		let id: string;
		do id = String(100_000_000_000_000 + Math.floor(Math.random() * 900_000_000_000_000));
		while (this.tasks.has(id));
		return this.addTask({ ...request, prompt: request.prompt ?? '' }, 'hailuo', id);
	}

	/**
	 * `GET /minimax/v1/query/video_generation?task_id=…` [SIB]. An unknown task is HTTP 404 with
	 * `base_resp` 2013 "task not found", a bad `task_id` HTTP 400 with a 2013 refusal: the facts
	 * show neither, these are the simulator's choices (see ./hailuo.ts).
	 */
	private queryHailuoTask(url: URL, response: ServerResponse): void {
		const check = checkHailuoQuery(url.searchParams);
		if (!check.ok) return send(response, 400, hailuoRefusal(check.field, check.message));
		const task = this.tasks.get(check.taskId);
		if (task?.family !== 'hailuo') return send(response, 404, hailuoTaskNotFound());
		const fraction = this.advance(task);
		const status: HailuoStatus =
			task.status === 'queued'
				? fraction < 0.05
					? 'Preparing'
					: 'Queueing'
				: task.status === 'processing'
					? 'Processing'
					: task.status === 'completed'
						? 'Success'
						: 'Fail';
		const expired = this.settings.hailuoExpiredLinks;
		const link = (suffix: string, fails: boolean) => {
			const url = this.videoUrlOf(task, suffix);
			return fails ? url.replace(/\/videos\//, '/expired/videos/') : url;
		};
		const tall = task.input.resolution === '1080P' ? 1080 : 768;
		send(
			response,
			200,
			hailuoQueryAnswer({
				taskId: task.id,
				status,
				progress: status === 'Success' ? 100 : task.status === 'queued' ? 0 : fraction * 100,
				failReason: status === 'Fail' ? this.failureReasonOf(task) : undefined,
				file:
					status === 'Success'
						? {
								downloadUrl: link('', expired !== 'none'),
								backupDownloadUrl: link('-backup', expired === 'both'),
								fileId: String(BigInt(task.id) + 1n),
							}
						: undefined,
				width: Math.round((tall * 16) / 9),
				height: tall,
			}),
		);
	}

	/** Holds a create to the concurrency limit and its latency, as QuickRouter's front end would. */
	private async inCreateSlot(response: ServerResponse, create: () => void): Promise<void> {
		const { concurrencyLimit, concurrencyRetryAfterSeconds, createLatencyMs } = this.settings;
		if (concurrencyLimit > 0 && this.createsInFlight >= concurrencyLimit) {
			return send(
				response,
				429,
				apiError(`Too many concurrent requests (limit ${concurrencyLimit})`, 'rate_limit_error'),
				concurrencyRetryAfterSeconds === undefined
					? {}
					: { 'Retry-After': String(concurrencyRetryAfterSeconds) },
			);
		}
		this.createsInFlight++;
		this.peakCreatesInFlight = Math.max(this.peakCreatesInFlight, this.createsInFlight);
		try {
			if (createLatencyMs > 0) {
				await new Promise((resolve) => setTimeout(resolve, clock.realMs(createLatencyMs)));
			}
			create();
		} finally {
			this.createsInFlight--;
		}
	}

	private addTask(
		input: CreateVideoRequest,
		family: Family,
		id = newTaskId(input.model, family),
	): SimulatedTask {
		const task: SimulatedTask = {
			id,
			input,
			family,
			status: 'pending',
			createdAt: clock.now(),
			idDelivered: false,
		};
		this.tasks.set(task.id, task);
		return task;
	}

	/** `POST /v1/video/extend`: a new Grok task that continues a finished one, paid like a create. */
	private extendTask(recorded: RecordedRequest, response: ServerResponse): void {
		const parsed = extendVideoRequest.safeParse(recorded.body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return send(
				response,
				400,
				apiError(
					`Invalid parameter ${issue.path.join('.') || '(body)'}: ${issue.message}`,
					'invalid_request_error',
				),
			);
		}
		const source = this.tasks.get(parsed.data.task_id);
		if (!source) return send(response, 404, apiError('Task not found', 'not_found_error'));
		this.advance(source);
		if (source.status !== 'completed') {
			return send(
				response,
				400,
				apiError(`Task ${source.id} is not completed yet`, 'invalid_request_error'),
			);
		}
		const task = this.addTask(parsed.data, 'grok');
		task.extendOf = source.id;
		task.idDelivered = true;
		send(response, 200, { id: task.id, status: task.status, status_update_time: task.createdAt });
	}

	private queryTask(recorded: RecordedRequest, response: ServerResponse): void {
		const parsed = queryVideoRequest.safeParse(recorded.query);
		if (!parsed.success) {
			return send(
				response,
				400,
				apiError(
					`Invalid parameter id: ${parsed.error.issues[0].message}`,
					'invalid_request_error',
				),
			);
		}
		const task = this.tasks.get(parsed.data.id);
		if (!task) return send(response, 404, apiError('Task not found', 'not_found_error'));
		send(response, 200, this.taskAnswer(task));
	}

	/** Moves a task on with the time since it was created: queued, then processing, then done. */
	private advance(task: SimulatedTask): number {
		const { taskDurationMs, failureFor } = this.settings;
		const elapsed = clock.now() - task.createdAt;
		const fraction = taskDurationMs <= 0 ? 1 : Math.min(1, elapsed / taskDurationMs);
		if (fraction < 0.1) {
			task.status = 'queued';
		} else if (fraction < 1) {
			task.status = 'processing';
		} else {
			task.status = failureFor?.(task.input) ? 'failed' : 'completed';
		}
		return fraction;
	}

	/** The task as `/v1/video/query` shows it now. */
	private taskAnswer(task: SimulatedTask): object {
		const fraction = this.advance(task);
		if (task.family === 'veo') return this.veoAnswer(task, fraction);
		if (task.family === 'grok') return this.grokAnswer(task);
		return this.soraAnswer(task, fraction);
	}

	private videoUrlOf(task: SimulatedTask, suffix = ''): string {
		return `${this.settings.videoBaseUrl ?? this.url}/videos/${encodeURIComponent(task.id)}${suffix}.mp4`;
	}

	private failureReasonOf(task: SimulatedTask): string {
		return this.settings.failureFor!(task.input)!;
	}

	/** Sora's answers [QR pending example; SIB completed]. */
	private soraAnswer(task: SimulatedTask, fraction: number): object {
		const { taskDurationMs, resultShape } = this.settings;
		const taskPart = task.id.split(':')[1];
		const detail: Record<string, unknown> = {
			id: taskPart,
			input: task.input,
			status: task.status === 'queued' ? 'pending' : task.status,
		};
		const answer: Record<string, unknown> = {
			id: this.settings.answerWithBareId ? taskPart : task.id,
			status: task.status,
			video_url: null,
			enhanced_prompt: null,
			status_update_time: task.createdAt + Math.round(fraction * taskDurationMs),
			detail,
		};
		const landscape = task.input.orientation === 'landscape';
		if (task.status === 'queued' || task.status === 'processing') {
			detail.pending_info = {
				status: task.status,
				progress_pct: Math.round(fraction * 100) / 100,
				generations: [],
				width: landscape ? 640 : 352,
				height: landscape ? 352 : 640,
			};
		} else if (task.status === 'failed') {
			const reason = this.failureReasonOf(task);
			const place = this.settings.failurePlace ?? 'detail';
			if (place === 'detail') detail.failure_reason = reason;
			if (place === 'pending_info')
				detail.pending_info = { status: 'failed', failure_reason: reason };
			if (place === 'moderation') {
				detail.moderation_result = {
					is_output_rejection: true,
					code: 'moderation_blocked',
					message: reason,
				};
			}
		} else {
			const videoUrl = this.videoUrlOf(task);
			if (resultShape === 'top-level') {
				answer.video_url = videoUrl;
				answer.thumbnail_url = `${this.settings.videoBaseUrl ?? this.url}/thumbnails/${encodeURIComponent(task.id)}.jpg`;
				answer.width = landscape ? 1280 : 720;
				answer.height = landscape ? 720 : 1280;
				detail.url = videoUrl;
				detail.draft_info = { downloadable_url: videoUrl };
			}
			if (resultShape === 'detail') detail.video_url = videoUrl;
			if (resultShape === 'generations') detail.generations = [{ id: 'gen_1', url: videoUrl }];
		}
		return answer;
	}

	/**
	 * Veo's answers [QR, SIB]: its own status words while it works, the upscaled file on top when
	 * upscaling ran, and, on success too, an error text left from an internal retry.
	 */
	private veoAnswer(task: SimulatedTask, fraction: number): object {
		const upscale = task.input.enable_upsample === true;
		const hasImages = Array.isArray(task.input.images) && task.input.images.length > 0;
		let word: string;
		if (task.status === 'queued') word = 'pending';
		else if (task.status === 'processing') {
			if (hasImages && fraction < 0.3) word = 'image_downloading';
			else if (upscale && fraction >= 0.8) word = 'video_upsampling';
			else word = 'video_generating';
		} else word = task.status === 'failed' ? 'video_generation_failed' : 'completed';
		// With upscaling, the plain video is done first: one query sees that step, the next the end
		const plainOnly = word === 'completed' && upscale && !task.plainVideoShown;
		if (plainOnly) {
			task.plainVideoShown = true;
			word = 'video_generation_completed';
		}
		const enhanced =
			task.input.enhance_prompt === true ? `\`\`\`\nEnglish: ${task.input.prompt}\n\`\`\`` : null;
		const detail: Record<string, unknown> = {
			id: task.id.split(':')[1],
			status: word,
			created_at: task.createdAt,
			...(enhanced ? { enhanced_prompt: enhanced } : {}),
		};
		const answer: Record<string, unknown> = {
			id: task.id,
			status: word,
			video_url: null,
			enhanced_prompt: enhanced,
			status_update_time: clock.now(),
			detail,
		};
		if (task.status === 'failed') {
			detail.error_message = this.failureReasonOf(task);
		} else if (plainOnly) {
			answer.video_url = this.videoUrlOf(task);
			detail.video_url = answer.video_url;
		} else if (task.status === 'completed') {
			const plain = this.videoUrlOf(task);
			const upscaled = this.videoUrlOf(task, '-upscaled');
			answer.video_url = upscale ? upscaled : plain;
			detail.video_url = plain;
			if (upscale) detail.upsample_video_url = upscaled;
			detail.completed_at = clock.now();
			// left from a retry inside QuickRouter: the task succeeded all the same
			detail.error_message = 'upstream busy, retried';
			detail.video_generation_error = 'RESOURCE_EXHAUSTED (retried)';
		}
		return answer;
	}

	/** Grok's answers [QR: grok-video-query]: named by another ID than the one asked for. */
	private grokAnswer(task: SimulatedTask): object {
		const word = task.status === 'queued' ? 'pending' : task.status;
		return {
			id: task.id
				.replace(/^grok:/, '')
				.split('')
				.reverse()
				.join(''),
			status: word,
			video_url: task.status === 'completed' ? this.videoUrlOf(task) : null,
			enhanced_prompt: `\`\`\`\n${task.input.prompt}, cinematic\n\`\`\``,
			status_update_time: clock.now(),
			...(task.status === 'failed' ? { error: { message: this.failureReasonOf(task) } } : {}),
		};
	}
}

function routeOf(method: string, path: string): RouteName | 'unknown' {
	const openAiRoute = openAiRouteOf(method, path);
	if (openAiRoute) return openAiRoute;
	const kling = klingPath(method, path);
	if (kling) return kling.kind === 'create' ? 'klingCreate' : 'klingQuery';
	const seedance = seedancePath(method, path);
	if (seedance) {
		return seedance.kind === 'create'
			? 'seedanceCreate'
			: seedance.kind === 'query'
				? 'seedanceQuery'
				: 'seedanceBatchQuery';
	}
	const hailuo = hailuoPath(method, path);
	if (hailuo) return hailuo === 'create' ? 'hailuoCreate' : 'hailuoQuery';
	if (method === 'POST' && path === '/v1/video/create') return 'create';
	if (method === 'POST' && path === '/v1/video/extend') return 'extend';
	if (method === 'GET' && path === '/v1/video/query') return 'query';
	if (method === 'GET' && path === '/v1/models') return 'models';
	if (method === 'GET' && path.startsWith('/videos/')) return 'video';
	// a Hailuo download link made to fail (hailuoExpiredLinks)
	if (method === 'GET' && path.startsWith('/expired/videos/')) return 'video';
	return 'unknown';
}

/** A fresh key in QuickRouter's style, different in every test run. */
export function newApiKey(): string {
	return `qr-${randomBytes(16).toString('hex')}`;
}

/** The documented error object. */
export function apiError(message: string, type: string): object {
	return { error: { message, message_zh: message, type } };
}

/** new-api's answer for a model none of its channels serves (HTTP 503). */
export function noChannelFor(model: string, group = 'default'): object {
	return {
		error: {
			message: `No available channel for model ${model} under group ${group} (distributor)`,
			message_zh: `当前分组 ${group} 下对于模型 ${model} 无可用渠道`,
			type: 'new_api_error',
			param: '',
			code: 'model_not_found',
		},
	};
}

/** A new task's ID in its family's style [QR examples]. */
function newTaskId(model: string, family: Family): string {
	if (family === 'grok') return `grok:${randomUUID()}`;
	if (family === 'veo') {
		return `${model}:${Math.floor(clock.now() / 1000)}-${randomBytes(5).toString('hex')}`;
	}
	return `${model}:task_${randomTaskSuffix()}`;
}

function randomTaskSuffix(): string {
	const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
	return Array.from(randomBytes(26), (byte) => alphabet[byte % 32]).join('');
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function send(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(status, {
		'Content-Type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
		...headers,
	});
	response.end(text);
}
