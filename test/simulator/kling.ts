import { z } from 'zod';

/**
 * Kling on QuickRouter's own Kling routes, as the facts file gives them
 * (../shared/quickrouter-api.md, "Kling"), written apart from the node's catalogue: the create
 * routes' bodies [QR text2video, SIB image2video], their answers [SIB], the lookup by task ID or
 * by the caller's `external_task_id` on the route the task was made on [SIB], and refusals as a
 * non-zero `code` [SIB]. Unknown fields are refused, as for the other families.
 */

/** The documented models [SIB list]. */
export const KLING_MODELS = [
	'kling-v1',
	'kling-v1-5',
	'kling-v1-6',
	'kling-v2-master',
	'kling-v2-1',
	'kling-v2-1-master',
	'kling-v2-5-turbo',
	'kling-v2-6',
	'kling-v3',
] as const;

/** `sound`: v2.6 and later [SIB]. */
const WITH_SOUND = new Set<string>(['kling-v2-6', 'kling-v3']);

export type KlingRoute = 'text2video' | 'image2video';

const httpUrl = z
	.string()
	.url()
	.refine((text) => /^https?:\/\//i.test(text), 'must be an http(s) URL');

const common = {
	model_name: z.enum(KLING_MODELS),
	negative_prompt: z.string().optional(),
	cfg_scale: z.number().min(0).max(1).optional(),
	// std or pro [SIB]; QuickRouter's example says "high"
	mode: z.enum(['std', 'pro', 'high']),
	sound: z.enum(['on', 'off']).optional(),
	camera_control: z
		.object({
			type: z.enum([
				'simple',
				'down_back',
				'forward_up',
				'right_turn_forward',
				'left_turn_forward',
			]),
			config: z.record(z.number()).optional(),
		})
		.strict()
		.optional(),
	aspect_ratio: z.enum(['16:9', '9:16', '1:1']).optional(),
	// a string, "5" or "10" [QR]
	duration: z.enum(['5', '10']).optional(),
	watermark_info: z.object({ enabled: z.boolean() }).strict().optional(),
	callback_url: httpUrl.optional(),
	external_task_id: z.string().min(1).max(64).optional(),
};

const soundFromV26 = (body: { model_name: string; sound?: string }, ctx: z.RefinementCtx) => {
	if (body.sound !== undefined && !WITH_SOUND.has(body.model_name)) {
		ctx.addIssue({ code: 'custom', path: ['sound'], message: 'sound is for kling-v2-6 and later' });
	}
};

/** `POST /kling/v1/videos/text2video` [QR]: `multi_shot` is marked required there. */
const text2video = z
	.object({
		...common,
		prompt: z.string().min(1),
		multi_shot: z.enum(['true', 'false']),
		shot_type: z.string().optional(),
		multi_prompt: z.unknown().optional(),
	})
	.strict()
	.superRefine(soundFromV26);

/** `POST /kling/v1/videos/image2video` [SIB]: the first frame (`image`), a last (`image_tail`). */
const image2video = z
	.object({
		...common,
		prompt: z.string().optional(),
		image: z.string().min(1),
		image_tail: z.string().min(1).optional(),
		static_mask: z.string().optional(),
		dynamic_masks: z.unknown().optional(),
	})
	.strict()
	.superRefine(soundFromV26);

export interface KlingCreate {
	model_name: string;
	prompt?: string;
	external_task_id?: string;
	[field: string]: unknown;
}

export type KlingCheck =
	| { ok: true; request: KlingCreate }
	| { ok: false; field: string; message: string };

export function checkKlingCreate(route: KlingRoute, body: unknown): KlingCheck {
	const parsed = (route === 'text2video' ? text2video : image2video).safeParse(body);
	if (parsed.success) return { ok: true, request: parsed.data as KlingCreate };
	const [issue] = parsed.error.issues;
	return { ok: false, field: issue.path.join('.') || '(body)', message: issue.message };
}

/** The route of a Kling path: create (`/kling/v1/videos/<route>`) or lookup (`…/<route>/<id>`). */
export function klingPath(
	method: string,
	path: string,
): { kind: 'create' | 'query'; route: KlingRoute; id?: string } | undefined {
	const match = /^\/kling\/v1\/videos\/(text2video|image2video)(?:\/([^/]+))?$/.exec(path);
	if (!match) return undefined;
	const route = match[1] as KlingRoute;
	if (method === 'POST' && !match[2]) return { kind: 'create', route };
	if (method === 'GET' && match[2])
		return { kind: 'query', route, id: decodeURIComponent(match[2]) };
	return undefined;
}

/** Kling's answer envelope [SIB]: `code` 0 and `data`, or a non-zero `code` and its message. */
export function klingAnswer(data: object | null, code = 0, message = 'SUCCEED'): object {
	return { code, message, request_id: `req-${Math.random().toString(36).slice(2, 10)}`, data };
}

/** Kling's status words [INF]. */
export type KlingStatus = 'submitted' | 'processing' | 'succeed' | 'failed';
