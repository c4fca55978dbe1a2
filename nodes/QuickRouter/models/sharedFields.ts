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
