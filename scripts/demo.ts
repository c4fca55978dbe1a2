/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a command-line script, not node code */
/**
 * npm run demo: one video per row of examples/videos.csv (live models: Veo, Grok, Kling, Seedance and Hailuo), made by the
 * QuickRouter node running in n8n's own engine: create, wait for completion, download; the MP4
 * files land in a folder.
 * Without QUICKROUTER_API_KEY it talks to the bundled simulator on loopback.
 */
import { parse } from 'csv-parse/sync';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { readBinary, runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { VideoHost } from '../test/simulator/videoHost';

const ROOT = resolve(__dirname, '..', '..');
const SIMULATED_TASK_SECONDS = 6;

async function main(): Promise<void> {
	const csvPath = resolve(process.argv[2] ?? join(ROOT, 'examples', 'videos.csv'));
	const outputDir = resolve(process.argv[3] ?? join(ROOT, 'demo-output'));
	const rows = parse(readFileSync(csvPath), { columns: true, skip_empty_lines: true }) as Array<
		Record<string, string>
	>;

	const realKey = process.env.QUICKROUTER_API_KEY;
	const simulator = realKey
		? undefined
		: await QuickRouterSimulator.start({ taskDurationMs: SIMULATED_TASK_SECONDS * 1000 });
	const cdn = simulator ? await VideoHost.start() : undefined;
	if (simulator && cdn) simulator.settings.videoBaseUrl = cdn.url;
	const credentials = simulator
		? { apiKey: simulator.apiKey, baseUrl: simulator.url }
		: {
				apiKey: realKey!,
				baseUrl: process.env.QUICKROUTER_BASE_URL ?? 'https://api.quickrouter.ai',
			};
	console.log(
		simulator
			? `No QUICKROUTER_API_KEY set: using the bundled QuickRouter simulator at ${simulator.url} (videos take ${SIMULATED_TASK_SECONDS} s there).`
			: `Using QuickRouter at ${credentials.baseUrl}: this costs money.`,
	);
	console.log(`Making ${rows.length} videos from ${relative(process.cwd(), csvPath)} ...`);

	const started = Date.now();
	const progress = setInterval(() => {
		const elapsed = ((Date.now() - started) / 1000).toFixed(0);
		const states = simulator
			? ` (${[...simulator.tasks.values()].map((task) => task.status).join(', ')})`
			: '';
		console.log(`  waiting for ${rows.length} videos, ${elapsed} s${states}`);
	}, 2000);
	try {
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				aspectRatio: '={{ $json.aspect_ratio }}',
				// Check Every left out: Auto, as a node added today
				waitForCompletion: true,
				download: true,
			},
			items: rows,
			credentials,
			onError: 'continueRegularOutput',
		});
		clearInterval(progress);
		if (result.error) throw result.error;

		mkdirSync(outputDir, { recursive: true });
		const table = result.outputs[0].map((item, index) => {
			const seconds = item.json.statusUpdatedAt
				? (Date.parse(String(item.json.statusUpdatedAt)) - started) / 1000
				: (Date.now() - started) / 1000;
			let file = '';
			if (item.binary?.data) {
				file = join(outputDir, `${index + 1}-${slug(rows[index].title)}.mp4`);
				writeFileSync(file, readBinary(item.binary.data));
			}
			return {
				row: index + 1,
				title: rows[index].title,
				model: String(item.json.model ?? rows[index].model),
				task: String(item.json.id ?? '-'),
				status: String(item.json.status ?? 'error'),
				seconds: Number(Math.max(0, seconds).toFixed(1)),
				file: file ? relative(process.cwd(), file) : String(item.json.error ?? ''),
			};
		});
		console.table(table);
		console.log(
			`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Videos are in ${relative(process.cwd(), outputDir) || '.'}/`,
		);
		if (table.some((row) => row.status !== 'completed')) process.exitCode = 1;
	} finally {
		clearInterval(progress);
		await simulator?.stop();
		await cdn?.stop();
	}
}

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'video'
	);
}

main().catch((error: Error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exit(1);
});
