import type { INodeProperties } from 'n8n-workflow';

import { taskOutputFields } from './taskOutput';

const showOnlyForVideoCreate = {
	operation: ['create'],
	resource: ['video'],
};

const durationHint =
	'Length of the video. 10 and 15 seconds work with both models; 25 seconds needs sora-2-pro.';

export const videoCreateDescription: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{
				name: 'Sora 2',
				value: 'sora-2',
				description: 'Fast, good quality; 10 or 15 second videos',
			},
			{
				name: 'Sora 2 Pro',
				value: 'sora-2-pro',
				description: 'Highest quality (1080p with size Large); 10, 15 or 25 second videos',
			},
		],
		default: 'sora-2',
		required: true,
		displayOptions: { show: showOnlyForVideoCreate },
		description: 'Which Sora model makes the video',
		routing: { send: { type: 'body', property: 'model' } },
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. A golden retriever surfing a wave at sunset, cinematic, slow motion',
		displayOptions: { show: showOnlyForVideoCreate },
		description: 'Describe the video: subject, action, setting, camera and style',
		routing: { send: { type: 'body', property: 'prompt' } },
	},
	{
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
		displayOptions: { show: showOnlyForVideoCreate },
		routing: { send: { type: 'body', property: 'orientation' } },
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		options: [
			{ name: 'Small (Standard)', value: 'small', description: 'Standard resolution' },
			{ name: 'Large (HD)', value: 'large', description: 'High definition; 1080p with Sora 2 Pro' },
		],
		default: 'small',
		displayOptions: { show: showOnlyForVideoCreate },
		description: 'Resolution of the video',
		routing: { send: { type: 'body', property: 'size' } },
	},
	// Two fields share the name `duration`: n8n shows the one whose rule matches, so 25 s is only
	// offered with sora-2-pro (or a model set by an expression, which validation checks per item).
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		options: [
			{ name: '10 Seconds', value: 10 },
			{ name: '15 Seconds', value: 15 },
		],
		default: 10,
		displayOptions: { show: { ...showOnlyForVideoCreate, model: ['sora-2'] } },
		description: durationHint,
		routing: { send: { type: 'body', property: 'duration' } },
	},
	{
		displayName: 'Duration',
		name: 'duration',
		type: 'options',
		options: [
			{ name: '10 Seconds', value: 10 },
			{ name: '15 Seconds', value: 15 },
			{ name: '25 Seconds (Sora 2 Pro Only)', value: 25 },
		],
		default: 10,
		displayOptions: { show: showOnlyForVideoCreate, hide: { model: ['sora-2'] } },
		description: durationHint,
		routing: { send: { type: 'body', property: 'duration' } },
	},
	{
		displayName: 'Reference Image URLs',
		name: 'images',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
		default: [],
		placeholder: 'https://example.com/first-frame.jpg',
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Public http(s) links to images the video should start from or look like (image to video). Empty entries are ignored.',
		routing: { send: { type: 'body', property: 'images' } },
	},
	{
		displayName: 'Character From Video',
		name: 'useCharacter',
		type: 'boolean',
		default: false,
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Whether to take a character from another video and put it in this one (for example a cartoon mascot)',
	},
	{
		displayName: 'Character Video URL',
		name: 'characterUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/mascot.mp4',
		displayOptions: { show: { ...showOnlyForVideoCreate, useCharacter: [true] } },
		description:
			'Public http(s) link to the video that shows the character. It must not show a real person, or the task fails.',
		routing: { send: { type: 'body', property: 'character_url' } },
	},
	{
		displayName: 'Character Time Range',
		name: 'characterTimestamps',
		type: 'string',
		default: '1,3',
		required: true,
		placeholder: '1,3',
		displayOptions: { show: { ...showOnlyForVideoCreate, useCharacter: [true] } },
		description:
			'Seconds in the character video where the character appears, as start,end (e.g. 1,3). The range must be 1 to 3 seconds long.',
		routing: { send: { type: 'body', property: 'character_timestamps' } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showOnlyForVideoCreate },
		options: [
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 5,
				description:
					'How many times to send a row while QuickRouter certainly did not create its task: it was busy (429, or 503 with Retry-After) or could not be reached. A failure that may have created the task is never sent again, so no row is paid twice.',
			},
			{
				displayName: 'Private',
				name: 'private',
				type: 'boolean',
				default: false,
				description:
					'Whether to keep the video unpublished: others cannot see or remix it. QuickRouter publishes by default.',
				routing: { send: { type: 'body', property: 'private' } },
			},
			{
				displayName: 'Watermark',
				name: 'watermark',
				type: 'boolean',
				default: true,
				description:
					'Whether a watermark is acceptable. On (QuickRouter default): tries for no watermark and falls back to one if removal fails. Off: insists on no watermark and keeps retrying, which can take longer.',
				routing: { send: { type: 'body', property: 'watermark' } },
			},
		],
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		displayOptions: { show: showOnlyForVideoCreate },
		description:
			'Whether to wait until the video is ready (or failed) before going on. All items wait at the same time. Off: the node returns the new task at once; look it up later with Get.',
	},
	...taskOutputFields({ ...showOnlyForVideoCreate, waitForCompletion: [true] }),
	{
		displayName: 'Waiting Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...showOnlyForVideoCreate, waitForCompletion: [true] } },
		options: [
			{
				displayName: 'Check Every (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 2 },
				default: 10,
				description: 'How often to ask QuickRouter whether the video is ready. At least 2 seconds.',
			},
			{
				displayName: 'Time Limit (Minutes)',
				name: 'timeLimitMinutes',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
				default: 20,
				description:
					'How long to wait before giving up with an error. The task keeps running at QuickRouter; Get can fetch it later.',
			},
		],
	},
];
