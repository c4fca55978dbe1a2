/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { chromiumPath } from './prerequisites';
import { N8nInstance, type N8nServer } from './n8n';
import { ensureToolchain, phase } from './toolchain';
import {
	chainedWorkflow,
	CREDENTIAL,
	MANUAL_TRIGGER,
	quickRouterNode,
	rowsWorkflow,
	type Workflow,
} from './workflows';

const ARTIFACTS = join(__dirname, '..', '.artifacts', 'editor');

let server: N8nServer;
let browser: Browser;

/** Any workflow with the node will do: the test opens the node's panel, it does not run it. */
function editorWorkflow(id: string, parameters: Record<string, unknown>): Workflow {
	return rowsWorkflow(
		id,
		[],
		quickRouterNode({
			resource: 'video',
			operation: 'create',
			prompt: 'A cat surfing',
			...parameters,
		}),
	);
}

beforeAll(async () => {
	const n8n = new N8nInstance(ensureToolchain(), process.env.QUICKROUTER_E2E_TARBALL!);
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'quickRouterApi',
			data: { apiKey: 'not-used-here', baseUrl: 'https://api.quickrouter.ai' },
		},
	]);
	// a workflow with a trigger only: the test adds the node to it, as a person does
	await n8n.importWorkflow(chainedWorkflow('editorAddNode', [MANUAL_TRIGGER]));
	// each with its Options added, as a person adds them, so that the picture shows them
	await n8n.importWorkflow(
		editorWorkflow('editorVeoFrames', {
			model: 'veo3.1-fast',
			options: { enhancePrompt: true, upscale: true },
		}),
	);
	await n8n.importWorkflow(
		editorWorkflow('editorGrok', { model: 'grok-video-3', options: { grokSize: '720P' } }),
	);
	await n8n.importWorkflow(
		editorWorkflow('editorKling', {
			model: 'kling-v2-6',
			options: {
				klingMode: 'std',
				klingDuration: '10',
				klingSound: true,
				cameraControl: 'forward_up',
			},
		}),
	);
	await n8n.importWorkflow(
		editorWorkflow('editorSeedance', {
			model: 'doubao-seedance-2-0-260128',
			aspectRatio: '21:9',
			firstFrameUrl: 'https://cdn.example.com/first.jpg',
			options: {
				seedanceDuration: 8,
				generateAudio: true,
				referenceVideoUrl: 'https://cdn.example.com/motion.mp4',
				addWatermark: true,
			},
		}),
	);
	await n8n.importWorkflow(
		editorWorkflow('editorHailuo', {
			model: 'MiniMax-Hailuo-02',
			firstFrameUrl: 'https://cdn.example.com/first.jpg',
			lastFrameUrl: 'https://cdn.example.com/last.jpg',
			options: { hailuoDuration: 6, hailuoResolution: '1080P', promptOptimizer: false },
		}),
	);
	await n8n.importWorkflow(
		editorWorkflow('editorExtend', {
			operation: 'extend',
			extendTaskId: 'grok:eee6faa8-9dee-455c-aa82-02ac623adf3a',
			prompt: 'The robot flies away',
			startTime: 4,
		}),
	);
	await n8n.importWorkflow(editorWorkflow('editorSora2', { model: 'sora-2' }));
	await n8n.importWorkflow(editorWorkflow('editorSora2Pro', { model: 'sora-2-pro' }));
	await n8n.importWorkflow(
		editorWorkflow('editorCharacter', {
			model: 'sora-2',
			useCharacter: true,
			characterUrl: 'https://cdn.example.com/mascot.mp4',
		}),
	);
	server = await n8n.startServer();
	await server.setupOwner();
	browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
	mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A workflow in the editor, as a person signed in sees it. */
async function openWorkflow(workflowId: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
	await context.addCookies(
		server.sessionCookies().map((cookie) => ({ ...cookie, url: server.url })),
	);
	const page = await context.newPage();
	await page.goto(`${server.url}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	return page;
}

/**
 * Opens the QuickRouter node's panel in a workflow, as a person double-clicking it would see it,
 * once the field `ready` shows.
 */
async function openNode(workflowId: string, ready = 'duration'): Promise<Page> {
	const page = await openWorkflow(workflowId);
	const node = page.locator('[data-test-id="canvas-node"]', { hasText: 'QuickRouter' }).first();
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ timeout: 30_000 });
	await page.locator(`[data-test-id="parameter-input-${ready}"]`).waitFor({ timeout: 30_000 });
	return page;
}

/** What a dropdown field shows as chosen. */
async function chosenIn(page: Page, field: string): Promise<string> {
	return await page.locator(`[data-test-id="parameter-input-${field}"] input`).first().inputValue();
}

/** The choices a dropdown field offers. */
async function choicesOf(page: Page, field: string): Promise<string[]> {
	await page.locator(`[data-test-id="parameter-input-${field}"]`).click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	const choices = (await options.allInnerTexts()).map((text) => text.trim().split('\n')[0]);
	await page.keyboard.press('Escape');
	// closed before anything else is read: a list still fading out would answer for the next field
	await options.first().waitFor({ state: 'hidden' });
	return choices;
}

const durationChoices = async (page: Page) => await choicesOf(page, 'duration');

/** Which of these fields the panel shows, by their labels. */
async function shown(page: Page, labels: string[]): Promise<string[]> {
	const visible: string[] = [];
	for (const label of labels) {
		if ((await page.getByText(label, { exact: true }).count()) > 0) visible.push(label);
	}
	return visible;
}

describe("the node in n8n's editor (headless Chromium)", () => {
	it('(a) a node added from the node panel starts on a live model, Veo 3.1 Fast', async () => {
		const page = await openWorkflow('editorAddNode');

		// the trigger's + opens the node panel, as a person clicks it
		await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
		await page.locator('[data-test-id="node-creator-search-bar"]').fill('QuickRouter');
		await page
			.locator('[data-test-id="node-creator-item-name"]', { hasText: /^QuickRouter$/ })
			.first()
			.click();
		// its actions, as the node panel lists them: Create a video first
		await page
			.locator('[data-test-id="node-creator"]')
			.getByText(/^Create a video:/)
			.first()
			.click();
		await page.locator('[data-test-id="ndv"]').waitFor({ timeout: 30_000 });
		await page.locator('[data-test-id="parameter-input-model"]').waitFor({ timeout: 30_000 });
		const model = await chosenIn(page, 'model');
		const fields = await shown(page, [
			'Aspect Ratio',
			'First Frame URL',
			'Duration',
			'Orientation',
		]);
		await page.screenshot({ path: join(ARTIFACTS, 'a-new-node-live-model.png') });

		expect(model).toBe('Veo 3.1 Fast');
		expect(fields).toEqual(['Aspect Ratio', 'First Frame URL']);
		expect(await page.getByText(/Sora is retired: on/).count()).toBe(0);
		// the model list: the live models first, Sora's last and marked retired
		const models = await choicesOf(page, 'model');
		const retired = models.filter((name) => /\(Retired\)$/.test(name));
		expect(retired).toEqual(['Sora 2 (Retired)', 'Sora 2 Pro (Retired)']);
		expect(models.slice(-2)).toEqual(retired);
		// back on the canvas, the node's subtitle names the model it makes videos with
		await page.locator('[data-test-id="ndv-close-button"]').first().click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden', timeout: 30_000 });
		const onCanvas = page.locator('[data-test-id="canvas-node"]', { hasText: 'QuickRouter' });
		expect(await onCanvas.first().innerText()).toContain('create: veo3.1-fast');
	});

	it("(b) a Veo frames model: its first and last frame, aspect ratio, and in Options Enhance Prompt and Upscale; none of Sora's fields", async () => {
		const page = await openNode('editorVeoFrames', 'firstFrameUrl');

		const ratios = await choicesOf(page, 'aspectRatio');
		await page.getByText('Upscale', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'b-veo-frames-fields.png') });

		expect(ratios).toEqual(['Model Default', '16:9 (Landscape)', '9:16 (Portrait)']);
		expect(
			await shown(page, [
				'First Frame URL',
				'Last Frame URL',
				'Aspect Ratio',
				'Enhance Prompt',
				'Upscale',
			]),
		).toEqual(['First Frame URL', 'Last Frame URL', 'Aspect Ratio', 'Enhance Prompt', 'Upscale']);
		expect(
			await shown(page, [
				'Duration',
				'Orientation',
				'Character From Video',
				'Reference Image URLs',
				'Element Image URLs',
			]),
		).toEqual([]);
	});

	it('(c) Grok: its aspect ratios, reference images and in Options size; no duration, no frames', async () => {
		const page = await openNode('editorGrok', 'aspectRatio');

		const ratios = await choicesOf(page, 'aspectRatio');
		await page.screenshot({ path: join(ARTIFACTS, 'c-grok-fields.png') });

		expect(ratios).toEqual(['Model Default', '1:1 (Square)', '2:3 (Portrait)', '3:2 (Landscape)']);
		expect(await shown(page, ['Aspect Ratio', 'Size', 'Reference Image URLs'])).toEqual([
			'Aspect Ratio',
			'Size',
			'Reference Image URLs',
		]);
		expect(
			await shown(page, ['Duration', 'Orientation', 'First Frame URL', 'Enhance Prompt']),
		).toEqual([]);
	});

	it('(d) Extend: the video to extend, the prompt, the start time and the rest', async () => {
		const page = await openNode('editorExtend', 'extendTaskId');

		await page.screenshot({ path: join(ARTIFACTS, 'd-extend-fields.png') });

		expect(
			await shown(page, [
				'Task ID',
				'Prompt',
				'Start Time (Seconds)',
				'Aspect Ratio',
				'Size',
				'Upscale',
			]),
		).toEqual(['Task ID', 'Prompt', 'Start Time (Seconds)', 'Aspect Ratio', 'Size', 'Upscale']);
		// the paid-task notice that Create shows too (one field of the node for both)
		expect(
			await page.getByText(/Each input item starts a paid video task/).count(),
		).toBeGreaterThan(0);
		expect(await shown(page, ['Model', 'Duration'])).toEqual([]);
	});

	it('(e) sora-2 (retired): the notice says what happened, when, and what to pick; Duration 10 or 15 s', async () => {
		const page = await openNode('editorSora2');

		const notice = page.getByText(/Sora is retired: on 2026-09-24, OpenAI removed its Videos API/);
		await notice.first().waitFor({ timeout: 30_000 });
		await page.screenshot({ path: join(ARTIFACTS, 'e-sora-retired-notice.png') });
		const choices = await durationChoices(page);

		expect(await notice.count()).toBeGreaterThan(0);
		expect(
			await page
				.getByText(/Pick a live model instead, such as Veo 3\.1 Fast \(veo3\.1-fast\)/)
				.count(),
		).toBeGreaterThan(0);
		expect(await chosenIn(page, 'model')).toBe('Sora 2 (Retired)');
		expect(choices).toEqual(['10 Seconds', '15 Seconds']);
		expect(await page.getByText('Character Video URL').count()).toBe(0);
	});

	it('(f) sora-2-pro (retired): Duration offers 25 seconds too', async () => {
		const page = await openNode('editorSora2Pro');

		const choices = await durationChoices(page);
		await page.screenshot({ path: join(ARTIFACTS, 'f-sora-2-pro-durations.png') });

		expect(choices).toEqual(['10 Seconds', '15 Seconds', '25 Seconds (Sora 2 Pro Only)']);
	});

	it('(g) Sora, character switched on: its two fields are shown', async () => {
		const page = await openNode('editorCharacter');

		await page.getByText('Character Time Range').first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'g-character-fields.png') });

		expect(await page.getByText('Character Video URL').count()).toBeGreaterThan(0);
		expect(await page.getByText('Character Time Range').count()).toBeGreaterThan(0);
	});

	it("(h) Kling 2.6: aspect ratio, frames, and in Options mode, duration, sound and camera move; no one else's fields", async () => {
		const page = await openNode('editorKling', 'klingMode');

		const durations = await choicesOf(page, 'klingDuration');
		await page.getByText('Sound', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'h-kling-fields.png') });

		expect(await chosenIn(page, 'klingMode')).toBe('Standard');
		expect(durations).toEqual(['5 Seconds', '10 Seconds']);
		expect(await chosenIn(page, 'cameraControl')).toBe('Forward and Up');
		const kling = [
			'Mode',
			'Duration',
			'Aspect Ratio',
			'Sound',
			'Camera Move',
			'First Frame URL',
			'Last Frame URL',
		];
		expect(await shown(page, kling)).toEqual(kling);
		expect(
			await shown(page, [
				'Enhance Prompt',
				'Upscale',
				'Orientation',
				'Size',
				'Reference Image URLs',
				'Element Image URLs',
			]),
		).toEqual([]);
	});

	it("(i) Seedance 2.0: aspect ratio, frames, reference images, and in Options duration, audio, reference video and watermark; no one else's fields", async () => {
		const page = await openNode('editorSeedance', 'seedanceDuration');

		const ratios = await choicesOf(page, 'aspectRatio');
		// Options lists its settings by name: Reference Video URL last
		await page.getByText('Reference Video URL', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'i-seedance-fields.png') });

		expect(await chosenIn(page, 'model')).toBe('Seedance 2.0');
		expect(ratios).toEqual([
			'Model Default',
			'1:1 (Square)',
			'16:9 (Landscape)',
			'21:9 (Ultrawide)',
			'3:4 (Portrait)',
			'4:3 (Landscape)',
			'9:16 (Portrait)',
		]);
		expect(await chosenIn(page, 'aspectRatio')).toBe('21:9 (Ultrawide)');
		expect(
			await page
				.locator('[data-test-id="parameter-input-seedanceDuration"] input')
				.first()
				.inputValue(),
		).toBe('8');
		const seedance = [
			'Aspect Ratio',
			'First Frame URL',
			'Last Frame URL',
			'Reference Image URLs',
			'Duration (Seconds)',
			'Generate Audio',
			'Reference Video URL',
			'Add Watermark',
		];
		expect(await shown(page, seedance)).toEqual(seedance);
		expect(
			await shown(page, [
				// Kling's, Veo's, Grok's, Hailuo's, Sora's
				'Mode',
				'Sound',
				'Camera Move',
				'Enhance Prompt',
				'Upscale',
				'Size',
				'Resolution',
				'Prompt Optimizer',
				'Duration',
				'Orientation',
				'Element Image URLs',
				'Character From Video',
			]),
		).toEqual([]);
	});

	it("(j) Hailuo 02: first and last frame, and in Options duration, resolution and prompt optimizer; no aspect ratio, no one else's fields", async () => {
		const page = await openNode('editorHailuo', 'hailuoDuration');

		const durations = await choicesOf(page, 'hailuoDuration');
		const resolutions = await choicesOf(page, 'hailuoResolution');
		// Options lists its settings by name: Resolution last
		await page.getByText('Resolution', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'j-hailuo-fields.png') });

		expect(await chosenIn(page, 'model')).toBe('Hailuo 02');
		expect(durations).toEqual(['6 Seconds', '10 Seconds (768P Only)']);
		expect(resolutions).toEqual(['768P', '1080P (6 Seconds Only)']);
		expect(await chosenIn(page, 'hailuoDuration')).toBe('6 Seconds');
		expect(await chosenIn(page, 'hailuoResolution')).toBe('1080P (6 Seconds Only)');
		const hailuo = [
			'First Frame URL',
			'Last Frame URL',
			'Duration',
			'Resolution',
			'Prompt Optimizer',
		];
		expect(await shown(page, hailuo)).toEqual(hailuo);
		expect(
			await shown(page, [
				// Hailuo takes no aspect ratio; Kling's, Veo's, Grok's, Seedance's, Sora's
				'Aspect Ratio',
				'Mode',
				'Sound',
				'Camera Move',
				'Enhance Prompt',
				'Upscale',
				'Size',
				'Reference Image URLs',
				'Duration (Seconds)',
				'Generate Audio',
				'Reference Video URL',
				'Reference Audio URL',
				'Orientation',
				'Element Image URLs',
				'Character From Video',
			]),
		).toEqual([]);
		phase(`editor screenshots in ${ARTIFACTS}`);
	});
});
