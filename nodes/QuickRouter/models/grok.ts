import { UNIFIED_ROUTES } from './unified';
import type { ItemRequest } from '../transport/familyRoutes';
import type { FamilyFacts } from './modelFacts';
import { aspectRatio, referenceImages } from './sharedFields';

/**
 * xAI's Grok video on QuickRouter's unified endpoint [create fields SIB; query and extend QR]: an
 * aspect ratio, a size (720P only for now), reference images; its videos can be extended
 * (Video > Extend). Its query answers name the task by a bare upstream ID: the node keeps the ID
 * Create returned (transport/answers.ts, withTaskId).
 */

export const GROK_ASPECT_RATIOS = ['2:3', '3:2', '1:1'];
/** Sizes of the Extend call [QR]; create takes 720P only for now [SIB]. */
export const GROK_EXTEND_SIZES = ['720P', '1080P'];

/** An Extend row, as checked (see resources/video/extendInput). */
export interface CheckedExtend {
	extendTaskId: string;
	prompt: string;
	startTime: number;
	/** Empty: as the video. */
	extendAspectRatio: string;
	/** Empty: the model's default. */
	extendSize: string;
	/** Left out: off, the API's default. */
	extendUpscale?: true;
}

/** The one model whose videos can be extended. */
export const GROK_EXTEND_MODEL = 'grok-video-3';

/** The Extend request [QR, grok-video-extend]: the one model that extends, the task it continues. */
export function extendRequest(row: CheckedExtend): ItemRequest {
	return {
		url: '/v1/video/extend',
		body: {
			model: GROK_EXTEND_MODEL,
			task_id: row.extendTaskId,
			prompt: row.prompt,
			start_time: row.startTime,
			...(row.extendAspectRatio ? { aspect_ratio: row.extendAspectRatio } : {}),
			...(row.extendSize ? { size: row.extendSize } : {}),
			...(row.extendUpscale ? { upscale: true } : {}),
		},
	};
}

export const GROK: FamilyFacts = {
	id: 'grok',
	// Grok clips are short (inferred)
	typicalSeconds: 90,
	routes: UNIFIED_ROUTES,
	name: 'Grok',
	description:
		"xAI's Grok video: short clips from a prompt or reference images, which can be extended",
	models: [
		{
			id: 'grok-video-3',
			name: 'Grok Video 3',
			description: 'Text or reference images to video; extend it later with Video > Extend',
			takes: { aspectRatio: GROK_ASPECT_RATIOS, 'options.grokSize': ['720P'], images: true },
		},
	],
	fields: [
		aspectRatio,
		{
			parameter: 'options.grokSize',
			property: 'size',
			kind: 'choice',
			unset: '',
			editor: {
				displayName: 'Size',
				name: 'grokSize',
				type: 'options',
				options: [
					{ name: 'Model Default', value: '' },
					{ name: '720P', value: '720P' },
				],
				default: '',
				description: 'Resolution of the video (Grok: 720P for now)',
			},
		},
		referenceImages,
	],
};
