import { runQuickRouter } from './harness/engine';
import { QuickRouterSimulator } from './simulator/server';

test('smoke', async () => {
	const sim = await QuickRouterSimulator.start();
	try {
		const result = await runQuickRouter({
			parameters: { resource: 'video', operation: 'create', prompt: '={{ $json.prompt }}' },
			items: [{ prompt: 'a cat' }, { prompt: 'a dog' }],
			credentials: { apiKey: sim.apiKey, baseUrl: sim.url + '/v1/' },
		});
		console.log(JSON.stringify(result.outputs, null, 1), result.error, JSON.stringify(sim.requests.map(r => [r.path, r.headers, r.body]), null, 1));
	} finally {
		await sim.stop();
	}
});
