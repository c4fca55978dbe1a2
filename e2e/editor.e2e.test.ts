/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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

/** Opens the QuickRouter node's panel in a workflow, as a person double-clicking it would see it. */
async function openNode(workflowId: string): Promise<Page> {
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
	await page.locator('[data-test-id="parameter-input-duration"]').waitFor({ timeout: 30_000 });
	return page;
}

/** The choices the Duration field offers. */
async function durationChoices(page: Page): Promise<string[]> {
	await page.locator('[data-test-id="parameter-input-duration"]').click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	return (await options.allInnerTexts()).map((text) => text.trim().split('\n')[0]);
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
		phase(`editor screenshots in ${ARTIFACTS}`);
	});
});
