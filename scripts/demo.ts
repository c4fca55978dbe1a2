/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a command-line script, not node code */
/**
 * npm run demo: one video task per row of examples/videos.csv, made by the QuickRouter node
 * running in n8n's own engine. Without QUICKROUTER_API_KEY it talks to the bundled simulator.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';

async function main(): Promise<void> {
	const csvPath = process.argv[2] ?? join(__dirname, '..', '..', 'examples', 'videos.csv');
	const rows = parse(readFileSync(csvPath), { columns: true, skip_empty_lines: true }) as Array<
		Record<string, string>
	>;

	const realKey = process.env.QUICKROUTER_API_KEY;
	const simulator = realKey ? undefined : await QuickRouterSimulator.start();
	const credentials = simulator
		? { apiKey: simulator.apiKey, baseUrl: simulator.url }
		: { apiKey: realKey!, baseUrl: process.env.QUICKROUTER_BASE_URL ?? 'https://api.quickrouter.ai' };
	console.log(
		simulator
			? `No QUICKROUTER_API_KEY set: using the bundled QuickRouter simulator at ${simulator.url}`
			: `Using QuickRouter at ${credentials.baseUrl}`,
	);
	console.log(`Creating ${rows.length} videos from ${csvPath} ...`);

	try {
		const started = Date.now();
		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				model: '={{ $json.model }}',
				prompt: '={{ $json.prompt }}',
				orientation: '={{ $json.orientation }}',
				duration: '={{ $json.duration }}',
			},
			items: rows,
			credentials,
			onError: 'continueRegularOutput',
		});
		if (result.error) throw result.error;

		const table = result.outputs[0].map((item, index) => ({
			row: index + 1,
			title: rows[index].title,
			task: String(item.json.id ?? '-'),
			status: String(item.json.status ?? 'error'),
			note: String(item.json.error ?? ''),
		}));
		console.table(table);
		console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
		if (table.some((row) => row.status === 'error')) process.exitCode = 1;
	} finally {
		await simulator?.stop();
	}
}

main().catch((error: Error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exit(1);
});
