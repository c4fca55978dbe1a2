import type { FamilyField } from './modelFacts';

/** Reference images: taken by Sora and Grok models (and sent for a model the node does not know). */
export const referenceImages: FamilyField = {
	parameter: 'images',
	property: 'images',
	kind: 'links',
	unset: [],
	editor: {
		displayName: 'Reference Image URLs',
		name: 'images',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Image URL' },
		default: [],
		placeholder: 'e.g. https://example.com/first-frame.jpg',
		description:
			'Public http(s) links to images the video should start from or look like (image to video). One entry, or a sheet cell mapped to it, may hold several links, separated by commas or new lines. Empty entries are ignored.',
	},
};

/**
 * Aspect Ratio: one field for every family, with the choices of the row's model (Veo's 16:9 and
 * 9:16, Grok's 2:3, 3:2 and 1:1, Kling's 16:9, 9:16 and 1:1, Seedance's six), so that one sheet
 * column serves them all and an AI agent has one argument for it.
 */
export const aspectRatio: FamilyField = {
	parameter: 'aspectRatio',
	property: 'aspect_ratio',
	kind: 'choice',
	unset: '',
	editor: {
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [
			{ name: '1:1 (Square)', value: '1:1' },
			{ name: '16:9 (Landscape)', value: '16:9' },
			{ name: '2:3 (Portrait)', value: '2:3' },
			{ name: '21:9 (Ultrawide)', value: '21:9' },
			{ name: '3:2 (Landscape)', value: '3:2' },
			{ name: '3:4 (Portrait)', value: '3:4' },
			{ name: '4:3 (Landscape)', value: '4:3' },
			{ name: '9:16 (Portrait)', value: '9:16' },
			{ name: 'Model Default', value: '' },
		],
		default: '',
		description:
			'Shape of the video, from the choices of the model. From a first frame or reference images, the video follows the image.',
	},
};

/**
 * First and Last Frame URL: one pair of fields for the families that take frames, each sending
 * them its own way (Veo: `images` first and last; Kling: `image` and `image_tail`).
 */
export function frameFields(
	first: Pick<FamilyField, 'property' | 'position'>,
	last: Pick<FamilyField, 'property' | 'position' | 'requires'>,
): FamilyField[] {
	return [
		{
			parameter: 'firstFrameUrl',
			...first,
			kind: 'link',
			unset: '',
			editor: {
				displayName: 'First Frame URL',
				name: 'firstFrameUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/first-frame.jpg',
				description: 'Public http(s) link to the image the video starts with',
			},
		},
		{
			parameter: 'lastFrameUrl',
			...last,
			kind: 'link',
			unset: '',
			editor: {
				displayName: 'Last Frame URL',
				name: 'lastFrameUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/last-frame.jpg',
				description:
					'Public http(s) link to the image the video ends with. Needs a first frame too.',
			},
		},
	];
}

/**
 * Options › Add Watermark: one switch for the families that mark a video on request (Seedance's
 * `watermark`, Hailuo's `aigc_watermark`), off by default as both are.
 */
export function addWatermark(property: string): FamilyField {
	return {
		parameter: 'options.addWatermark',
		property,
		kind: 'boolean',
		unset: false,
		editor: {
			displayName: 'Add Watermark',
			name: 'addWatermark',
			type: 'boolean',
			default: false,
			description:
				'Whether the video carries a watermark saying it was made by AI (Seedance, Hailuo)',
		},
	};
}
