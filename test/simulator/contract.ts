import { z } from 'zod';

import { HAILUO_MODELS } from './hailuo';
import { KLING_MODELS } from './kling';
import { SEEDANCE_2_MODELS } from './seedance';

/**
 * The documented contract of QuickRouter's unified video routes (../shared/quickrouter-api.md),
 * as the simulator enforces it: written from the API facts, apart from the node's catalogue, so
 * that a wrong catalogue entry is caught by a test rather than mirrored. Stricter than the real
 * API in one way, on purpose: unknown fields are rejected, so that a typo in the node cannot pass
 * unnoticed (a model the simulator is told to accept as new takes any field).
 */
const httpUrl = z
	.string()
	.url()
	.refine((text) => /^https?:\/\//i.test(text), 'must be an http(s) URL');

const sora = z
	.object({
		model: z.enum(['sora-2', 'sora-2-pro']),
		prompt: z.string().min(1),
		images: z.array(httpUrl).optional(),
		orientation: z.enum(['portrait', 'landscape']).optional(),
		size: z.enum(['large', 'small']),
		duration: z.union([z.literal(10), z.literal(15), z.literal(25)]).optional(),
		character_url: httpUrl.optional(),
		character_timestamps: z
			.string()
			.regex(/^\d+(\.\d+)?,\d+(\.\d+)?$/, 'must be "{start},{end}"')
			.optional(),
		watermark: z.boolean().optional(),
		private: z.boolean().optional(),
	})
	.strict()
	.superRefine((body, ctx) => {
		if (body.duration === 25 && body.model !== 'sora-2-pro') {
			ctx.addIssue({ code: 'custom', path: ['duration'], message: '25 is only for sora-2-pro' });
		}
		if (body.character_timestamps !== undefined) {
			const [start, end] = body.character_timestamps.split(',').map(Number);
			if (!(start >= 0 && end - start >= 1 && end - start <= 3)) {
				ctx.addIssue({
					code: 'custom',
					path: ['character_timestamps'],
					message: 'end - start must be between 1 and 3 seconds',
				});
			}
		}
	});

// Veo [QR: veo-unified-create, -with-image, -ref]: images by model kind; aspect ratio "veo3 only".
const VEO_MODELS = [
	'veo2',
	'veo2-fast',
	'veo2-fast-frames',
	'veo2-fast-components',
	'veo2-pro',
	'veo2-pro-components',
	'veo3',
	'veo3-fast',
	'veo3-fast-frames',
	'veo3-frames',
	'veo3-pro',
	'veo3-pro-frames',
	'veo3.1',
	'veo3.1-fast',
	'veo3.1-pro',
	'veo3.1-4k',
	'veo3.1-pro-4k',
	'veo3.1-components',
] as const;

/** How many images a Veo model takes, by the docs: frames, components, veo3.1 frames, or none. */
export function veoImageLimit(model: string): number {
	if (model === 'veo3-pro-frames') return 1;
	if (model.endsWith('-components')) return 3;
	if (model.endsWith('-frames') || model.startsWith('veo3.1')) return 2;
	return 0;
}

const veo = z
	.object({
		model: z.enum(VEO_MODELS),
		prompt: z.string().min(1),
		images: z.array(httpUrl).optional(),
		enhance_prompt: z.boolean().optional(),
		enable_upsample: z.boolean().optional(),
		aspect_ratio: z.enum(['16:9', '9:16']).optional(),
	})
	.strict()
	.superRefine((body, ctx) => {
		const limit = veoImageLimit(body.model);
		if ((body.images?.length ?? 0) > limit) {
			ctx.addIssue({
				code: 'custom',
				path: ['images'],
				message: `${body.model} takes at most ${limit} images`,
			});
		}
		if (body.aspect_ratio !== undefined && !body.model.startsWith('veo3')) {
			ctx.addIssue({ code: 'custom', path: ['aspect_ratio'], message: 'veo3 only' });
		}
	});

// Grok video [create fields SIB]: 720P only for now.
const grok = z
	.object({
		model: z.literal('grok-video-3'),
		prompt: z.string().min(1),
		aspect_ratio: z.enum(['2:3', '3:2', '1:1']).optional(),
		size: z.literal('720P').optional(),
		images: z.array(httpUrl).optional(),
	})
	.strict();

/** A model the simulator was told QuickRouter has added: any fields. */
const newModel = z.object({ model: z.string().min(1), prompt: z.string().min(1) }).passthrough();

/** Whose answer shapes a task follows: the unified families, and those on their own paths. */
export type Family = 'sora' | 'veo' | 'grok' | 'kling' | 'seedance' | 'hailuo' | 'new';

/** The families on their own paths (./kling.ts, ./seedance.ts, ./hailuo.ts), not the unified create. */
export type OwnPathFamily = 'kling' | 'seedance' | 'hailuo';

/** The family a create's model belongs to, by the docs' model lists. */
export function familyOf(
	model: unknown,
	newModels: readonly string[] = [],
): Exclude<Family, OwnPathFamily> | undefined {
	if (model === 'sora-2' || model === 'sora-2-pro') return 'sora';
	if ((VEO_MODELS as readonly unknown[]).includes(model)) return 'veo';
	if (model === 'grok-video-3') return 'grok';
	if (typeof model === 'string' && newModels.includes(model)) return 'new';
	return undefined;
}

export interface CreateVideoRequest {
	model: string;
	prompt: string;
	[field: string]: unknown;
}

export type CreateCheck =
	| { ok: true; request: CreateVideoRequest; family: Family }
	| { ok: false; field: string; message: string };

/** Checks a create body against its family's contract. */
export function checkCreateRequest(body: unknown, newModels: readonly string[] = []): CreateCheck {
	const model = (body as { model?: unknown } | null)?.model;
	const family = familyOf(model, newModels);
	if (!family)
		return { ok: false, field: 'model', message: `model ${String(model)} does not exist` };
	const parsed = { sora, veo, grok, new: newModel }[family].safeParse(body);
	if (parsed.success) return { ok: true, request: parsed.data as CreateVideoRequest, family };
	const [issue] = parsed.error.issues;
	return { ok: false, field: issue.path.join('.') || '(body)', message: issue.message };
}

/** `POST /v1/video/extend` [QR: grok-video-extend]. */
export const extendVideoRequest = z
	.object({
		model: z.literal('grok-video-3'),
		prompt: z.string().min(1),
		task_id: z.string().regex(/^grok:[\w-]+$/, 'must be a Grok task ID'),
		start_time: z.number().int().min(0),
		aspect_ratio: z.enum(['2:3', '3:2', '1:1']).optional(),
		size: z.enum(['720P', '1080P']).optional(),
		upscale: z.boolean().optional(),
	})
	.strict();

/** `GET /v1/video/query?id=<task id>`: `<model>:<upstream id>`, or `grok:<uuid>`. */
export const queryVideoRequest = z.object({
	id: z.string().regex(/^[a-z0-9.-]+:[\w-]+$/i, 'not a task id'),
});

/**
 * The family of any model the simulator knows, on the unified create or on a family's own paths
 * (Kling, Seedance 2.0 and 1.x, Hailuo), by the docs' model lists.
 */
export function familyOfAnyModel(
	model: unknown,
	newModels: readonly string[] = [],
): Family | undefined {
	if ((KLING_MODELS as readonly unknown[]).includes(model)) return 'kling';
	if (
		(SEEDANCE_2_MODELS as readonly unknown[]).includes(model) ||
		(typeof model === 'string' && /^doubao-seedance-1-[\w.-]+$/.test(model))
	) {
		return 'seedance';
	}
	if ((HAILUO_MODELS as readonly unknown[]).includes(model)) return 'hailuo';
	return familyOf(model, newModels);
}
