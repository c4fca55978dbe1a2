/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { chromiumPath } from './prerequisites';
import { N8nInstance, type N8nServer } from './n8n';
import { ensureToolchain, phase } from './toolchain';
import { CREDENTIAL, quickRouterNode, rowsWorkflow, type Workflow } from './workflows';

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
	await n8n.importWorkflow(editorWorkflow('editorSora2', { model: 'sora-2' }));
	await n8n.importWorkflow(editorWorkflow('editorSora2Pro', { model: 'sora-2-pro' }));
	await n8n.importWorkflow(editorWorkflow('editorVeoFrames', { model: 'veo3.1-fast' }));
	await n8n.importWorkflow(editorWorkflow('editorGrok', { model: 'grok-video-3' }));
	await n8n.importWorkflow(
		editorWorkflow('editorExtend', {
			operation: 'extend',
			extendTaskId: 'grok:eee6faa8-9dee-455c-aa82-02ac623adf3a',
			prompt: 'The robot flies away',
			startTime: 4,
		}),
	);
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

/**
 * Opens the QuickRouter node's panel in a workflow, as a person double-clicking it would see it,
 * once the field `ready` shows.
 */
async function openNode(workflowId: string, ready = 'duration'): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
	await context.addCookies(
		server.sessionCookies().map((cookie) => ({ ...cookie, url: server.url })),
	);
	const page = await context.newPage();
	await page.goto(`${server.url}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	const node = page.locator('[data-test-id="canvas-node"]', { hasText: 'QuickRouter' }).first();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor({ timeout: 30_000 });
	await page.locator(`[data-test-id="parameter-input-${ready}"]`).waitFor({ timeout: 30_000 });
	return page;
}

/** The choices a dropdown field offers. */
async function choicesOf(page: Page, field: string): Promise<string[]> {
	await page.locator(`[data-test-id="parameter-input-${field}"]`).click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	const choices = (await options.allInnerTexts()).map((text) => text.trim().split('\n')[0]);
	await page.keyboard.press('Escape');
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
	it('(a) sora-2: Duration offers 10 and 15 seconds, not 25', async () => {
		const page = await openNode('editorSora2');

		const choices = await durationChoices(page);
		await page.screenshot({ path: join(ARTIFACTS, 'a-sora-2-durations.png') });

		expect(choices).toEqual(['10 Seconds', '15 Seconds']);
		expect(await page.getByText('Character Video URL').count()).toBe(0);
	});

	it('(b) sora-2-pro: Duration offers 25 seconds too', async () => {
		const page = await openNode('editorSora2Pro');

		const choices = await durationChoices(page);
		await page.screenshot({ path: join(ARTIFACTS, 'b-sora-2-pro-durations.png') });

		expect(choices).toEqual(['10 Seconds', '15 Seconds', '25 Seconds (Sora 2 Pro Only)']);
	});

	it('(c) character switched on: its two fields are shown', async () => {
		const page = await openNode('editorCharacter');

		await page.getByText('Character Time Range').first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'c-character-fields.png') });

		expect(await page.getByText('Character Video URL').count()).toBeGreaterThan(0);
		expect(await page.getByText('Character Time Range').count()).toBeGreaterThan(0);
	});

	it("(d) a Veo frames model: its first and last frame, aspect ratio, Enhance Prompt and Upscale; none of Sora's fields", async () => {
		const page = await openNode('editorVeoFrames', 'firstFrameUrl');

		const ratios = await choicesOf(page, 'veoAspectRatio');
		await page.getByText('Upscale', { exact: true }).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(ARTIFACTS, 'd-veo-frames-fields.png') });

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

	it('(e) Grok: its aspect ratios, size and reference images; no duration, no frames', async () => {
		const page = await openNode('editorGrok', 'grokAspectRatio');

		const ratios = await choicesOf(page, 'grokAspectRatio');
		await page.screenshot({ path: join(ARTIFACTS, 'e-grok-fields.png') });

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

	it('(f) Extend: the video to extend, the prompt, the start time and the rest', async () => {
		const page = await openNode('editorExtend', 'extendTaskId');

		await page.screenshot({ path: join(ARTIFACTS, 'f-extend-fields.png') });

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
		phase(`editor screenshots in ${ARTIFACTS}`);
	});
});
