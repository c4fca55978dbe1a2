import { z } from 'zod';

/**
 * The documented contract of `POST /v1/video/create` (shared/quickrouter-api.md), as the
 * simulator enforces it. Stricter than the real API in one way, on purpose: unknown fields are
 * rejected, so that a typo in the node's routing cannot pass unnoticed.
 */
const httpUrl = z
	.string()
	.url()
	.refine((text) => /^https?:\/\//i.test(text), 'must be an http(s) URL');

export const createVideoRequest = z
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

export type CreateVideoRequest = z.infer<typeof createVideoRequest>;

/** `GET /v1/video/query?id=<task id>` */
export const queryVideoRequest = z.object({
	id: z.string().regex(/^[a-z0-9-]+:task_[a-z0-9]+$/, 'not a task id'),
});
