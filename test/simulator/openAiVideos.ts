import { z } from 'zod';

/**
 * OpenAI's own video routes, which n8n's OpenAI node (Video > Generate) calls: the simulator
 * speaks them too, so that the benchmark can run that node against the same tasks.
 * `POST /v1/videos` (multipart), `GET /v1/videos/{id}`, `GET /v1/videos/{id}/content`.
 */
export const openAiCreateVideo = z.object({
	model: z.enum(['sora-2', 'sora-2-pro']),
	prompt: z.string().min(1),
	seconds: z.enum(['4', '8', '12']).optional(),
	size: z.enum(['720x1280', '1280x720', '1024x1792', '1792x1024']).optional(),
});

export type OpenAiRoute = 'openAiCreate' | 'openAiRetrieve' | 'openAiContent';

export function openAiRouteOf(method: string, path: string): OpenAiRoute | undefined {
	if (method === 'POST' && path === '/v1/videos') return 'openAiCreate';
	if (method === 'GET' && /^\/v1\/videos\/[\w-]+$/.test(path)) return 'openAiRetrieve';
	if (method === 'GET' && /^\/v1\/videos\/[\w-]+\/content$/.test(path)) return 'openAiContent';
	return undefined;
}

/** The video ID in a retrieve or content path. */
export function openAiVideoId(path: string): string {
	return path.split('/')[3];
}

/** The text fields of a multipart/form-data body. */
export function multipartFields(body: string, contentType: string): Record<string, string> {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
	if (!boundary) return {};
	const fields: Record<string, string> = {};
	for (const part of body.split(`--${boundary[1] ?? boundary[2]}`)) {
		const [head, ...rest] = part.split('\r\n\r\n');
		const name = /name="([^"]+)"/.exec(head)?.[1];
		if (name) fields[name] = rest.join('\r\n\r\n').replace(/\r\n$/, '');
	}
	return fields;
}

/** A video object as OpenAI's API shows it. */
export function openAiVideo(
	id: string,
	model: string,
	status: 'queued' | 'in_progress' | 'completed' | 'failed',
	progress: number,
	createdAt: number,
	failure?: string,
): object {
	return {
		id,
		object: 'video',
		model,
		status,
		progress,
		created_at: Math.floor(createdAt / 1000),
		seconds: '4',
		size: '1280x720',
		error: failure ? { code: 'video_generation_failed', message: failure } : null,
	};
}
