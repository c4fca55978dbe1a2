import { UNIFIED_ROUTES } from './unified';
import type { Allowed, FamilyFacts, ModelFacts } from './modelFacts';
import { aspectRatio, frameFields } from './sharedFields';

/**
 * Google's Veo on QuickRouter's unified endpoint [QR: veo-unified-create, -with-image, -ref]: no
 * duration; Enhance Prompt (Veo reads English only), Upscale, an aspect ratio on veo3 and veo3.1
 * models; images by what they are for: *-frames models take a first frame (and a last frame
 * where allowed), *-components models up to 3 elements, veo3.1 models a first (and last) frame.
 */

const ASPECT_RATIOS = ['16:9', '9:16'];

function veo(
	id: string,
	name: string,
	description: string,
	images: 'none' | 'first frame' | 'first and last frame' | 'elements',
): ModelFacts {
	// *-frames and *-components models make their video from images [QR]; veo3.1 adapts to text
	const takes: Record<string, Allowed> = { 'options.enhancePrompt': true, 'options.upscale': true };
	// "veo3 only", per QuickRouter's page: the veo3 and veo3.1 models
	if (id.startsWith('veo3')) takes.aspectRatio = ASPECT_RATIOS;
	if (images === 'first frame' || images === 'first and last frame') takes.firstFrameUrl = true;
	if (images === 'first and last frame') takes.lastFrameUrl = true;
	if (images === 'elements') takes.elementImageUrls = { maxLinks: 3 };
	const needs = id.endsWith('-frames')
		? ['firstFrameUrl']
		: id.endsWith('-components')
			? ['elementImageUrls']
			: undefined;
	return { id, name, description, takes, ...(needs ? { needs } : {}) };
}

export const VEO: FamilyFacts = {
	id: 'veo',
	// Veo videos take one to three minutes (inferred)
	typicalSeconds: 120,
	routes: UNIFIED_ROUTES,
	name: 'Veo',
	description:
		"Google's Veo: videos from text, frames or element images (veo3 models with sound); prompts in English",
	models: [
		veo('veo2', 'Veo 2', 'Text to video', 'none'),
		veo('veo2-fast', 'Veo 2 Fast', 'Text to video, faster', 'none'),
		veo(
			'veo2-fast-frames',
			'Veo 2 Fast Frames',
			'From a first frame, and a last frame',
			'first and last frame',
		),
		veo('veo2-fast-components', 'Veo 2 Fast Components', 'From up to 3 element images', 'elements'),
		veo('veo2-pro', 'Veo 2 Pro', 'Text to video, highest Veo 2 quality', 'none'),
		veo(
			'veo2-pro-components',
			'Veo 2 Pro Components',
			'From up to 3 element images, highest Veo 2 quality',
			'elements',
		),
		veo('veo3', 'Veo 3', 'Text to video with sound', 'none'),
		veo('veo3-fast', 'Veo 3 Fast', 'Text to video with sound, faster', 'none'),
		veo(
			'veo3-fast-frames',
			'Veo 3 Fast Frames',
			'From a first frame, and a last frame, with sound',
			'first and last frame',
		),
		veo(
			'veo3-frames',
			'Veo 3 Frames',
			'From a first frame, and a last frame, with sound',
			'first and last frame',
		),
		veo('veo3-pro', 'Veo 3 Pro', 'Text to video with sound, highest Veo 3 quality', 'none'),
		veo(
			'veo3-pro-frames',
			'Veo 3 Pro Frames',
			'From a first frame (no last frame), with sound',
			'first frame',
		),
		veo(
			'veo3.1',
			'Veo 3.1',
			'Text, or a first (and last) frame, with sound',
			'first and last frame',
		),
		veo(
			'veo3.1-fast',
			'Veo 3.1 Fast',
			'Text, or a first (and last) frame, with sound, faster',
			'first and last frame',
		),
		veo(
			'veo3.1-pro',
			'Veo 3.1 Pro',
			'Text, or a first (and last) frame, with sound, highest quality',
			'first and last frame',
		),
		veo(
			'veo3.1-4k',
			'Veo 3.1 4K',
			'Text, or a first (and last) frame, with sound, in 4K',
			'first and last frame',
		),
		veo(
			'veo3.1-pro-4k',
			'Veo 3.1 Pro 4K',
			'Highest quality, in 4K; text, or a first (and last) frame',
			'first and last frame',
		),
		veo(
			'veo3.1-components',
			'Veo 3.1 Components',
			'From up to 3 element images, with sound',
			'elements',
		),
	],
	fields: [
		aspectRatio,
		...frameFields({ property: 'images', position: 0 }, { property: 'images', position: 1 }),
		{
			parameter: 'elementImageUrls',
			property: 'images',
			kind: 'links',
			unset: [],
			editor: {
				displayName: 'Element Image URLs',
				name: 'elementImageUrls',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Element Image' },
				default: [],
				placeholder: 'e.g. https://example.com/character.png',
				description:
					'Up to 3 public http(s) links to images of things the video should show (a character, a product, a place). One entry may hold several links, separated by commas or new lines.',
			},
		},
		// Options: the settings fewer rows need (each shown for the models that take it)
		{
			parameter: 'options.enhancePrompt',
			property: 'enhance_prompt',
			kind: 'boolean',
			unset: false,
			editor: {
				displayName: 'Enhance Prompt',
				name: 'enhancePrompt',
				type: 'boolean',
				default: false,
				description:
					'Whether QuickRouter should translate the prompt into English and enhance it first (Veo understands English only)',
			},
		},
		{
			parameter: 'options.upscale',
			property: 'enable_upsample',
			kind: 'boolean',
			unset: false,
			editor: {
				displayName: 'Upscale',
				name: 'upscale',
				type: 'boolean',
				default: false,
				description: 'Whether to upscale the finished video (takes longer)',
			},
		},
	],
};
