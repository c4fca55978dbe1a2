import { UNIFIED_ROUTES } from './unified';
import type { FamilyFacts } from './modelFacts';
import { referenceImages } from './sharedFields';

/**
 * OpenAI's Sora on QuickRouter's unified endpoint [QR: the seed page and "Sora Pro create"]:
 * orientation, size, duration, a character taken from another video, watermark and private.
 * Retired upstream: OpenAI removed its Videos API and both models on 2026-09-24. The family stays
 * for workflows made before and for the original request's page; nobody should start on it.
 */

const SORA_TAKES = {
	orientation: ['portrait', 'landscape'],
	size: ['small', 'large'],
	images: true,
	useCharacter: true,
	characterUrl: true,
	characterTimestamps: true,
	'options.watermark': true,
	'options.private': true,
} as const;

export const SORA: FamilyFacts = {
	id: 'sora',
	// Sora 2 videos take a few minutes (inferred)
	typicalSeconds: 180,
	routes: UNIFIED_ROUTES,
	retired: {
		on: '2026-09-24',
		what: 'OpenAI removed its Videos API and the sora-2 and sora-2-pro models, with no successor: QuickRouter is expected to refuse a Sora task, or the task to fail',
		// Veo 3.1 Fast takes text or a first frame; Grok reference images, as Sora did
		instead: ['veo3.1-fast', 'grok-video-3'],
	},
	name: 'Sora',
	description:
		"OpenAI's Sora: 10 to 25 second videos, portrait or landscape, with a character from another video if you like",
	models: [
		{
			id: 'sora-2',
			name: 'Sora 2',
			description: 'Fast, good quality; 10 or 15 second videos',
			takes: { ...SORA_TAKES, duration: [10, 15] },
		},
		{
			id: 'sora-2-pro',
			name: 'Sora 2 Pro',
			description: 'Highest quality (1080p with size Large); 10, 15 or 25 second videos',
			takes: { ...SORA_TAKES, duration: [10, 15, 25] },
		},
	],
	fields: [
		{
			parameter: 'orientation',
			property: 'orientation',
			kind: 'choice',
			unset: 'portrait',
			editor: {
				displayName: 'Orientation',
				name: 'orientation',
				type: 'options',
				options: [
					{
						name: 'Portrait (Vertical)',
						value: 'portrait',
						description: 'For phones, Reels, Shorts, TikTok',
					},
					{
						name: 'Landscape (Horizontal)',
						value: 'landscape',
						description: 'For YouTube, websites, TV',
					},
				],
				default: 'portrait',
				description: 'Whether the video is upright or wide',
			},
		},
		{
			parameter: 'size',
			property: 'size',
			kind: 'choice',
			unset: 'small',
			editor: {
				displayName: 'Size',
				name: 'size',
				type: 'options',
				options: [
					{ name: 'Small (Standard)', value: 'small', description: 'Standard resolution' },
					{
						name: 'Large (HD)',
						value: 'large',
						description: 'High definition; 1080p with Sora 2 Pro',
					},
				],
				default: 'small',
				description: 'Resolution of the video',
			},
		},
		{
			parameter: 'duration',
			property: 'duration',
			kind: 'seconds',
			unset: 10,
			editor: {
				displayName: 'Duration',
				name: 'duration',
				type: 'options',
				options: [
					{ name: '10 Seconds', value: 10 },
					{ name: '15 Seconds', value: 15 },
					{ name: '25 Seconds (Sora 2 Pro Only)', value: 25 },
				],
				default: 10,
				description:
					'Length of the video. 10 and 15 seconds work with both models; 25 seconds needs sora-2-pro.',
			},
		},
		referenceImages,
		{
			parameter: 'useCharacter',
			property: 'useCharacter',
			kind: 'boolean',
			unset: false,
			notSent: true,
			editor: {
				displayName: 'Character From Video',
				name: 'useCharacter',
				type: 'boolean',
				default: false,
				description:
					'Whether to take a character from another video and put it in this one (for example a cartoon mascot)',
			},
		},
		{
			parameter: 'characterUrl',
			property: 'character_url',
			kind: 'link',
			unset: '',
			onlyWith: 'useCharacter',
			editor: {
				displayName: 'Character Video URL',
				name: 'characterUrl',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. https://example.com/mascot.mp4',
				description:
					'Public http(s) link to the video that shows the character. It must not show a real person, or the task fails.',
				displayOptions: { show: { useCharacter: [true] } },
			},
		},
		{
			parameter: 'characterTimestamps',
			property: 'character_timestamps',
			kind: 'timeRange',
			range: { minLength: 1, maxLength: 3 },
			unset: '1,3',
			onlyWith: 'useCharacter',
			editor: {
				displayName: 'Character Time Range',
				name: 'characterTimestamps',
				type: 'string',
				default: '1,3',
				required: true,
				placeholder: 'e.g. 2,4',
				description:
					'Seconds in the character video where the character appears, as start,end (e.g. 1,3). The range must be 1 to 3 seconds long.',
				displayOptions: { show: { useCharacter: [true] } },
			},
		},
		{
			parameter: 'options.private',
			property: 'private',
			kind: 'boolean',
			unset: undefined,
			editor: {
				displayName: 'Private',
				name: 'private',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep the video unpublished: others cannot see or remix it. QuickRouter publishes by default (Sora).',
			},
		},
		{
			parameter: 'options.watermark',
			property: 'watermark',
			kind: 'boolean',
			unset: undefined,
			editor: {
				displayName: 'Watermark',
				name: 'watermark',
				type: 'boolean',
				default: true,
				description:
					'Whether a watermark is acceptable (Sora). On (QuickRouter default): tries for no watermark and falls back to one if removal fails. Off: insists on no watermark and keeps retrying, which can take longer.',
			},
		},
	],
};
