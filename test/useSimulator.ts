import { QuickRouterSimulator, type SimulatorOptions } from './simulator/server';

/**
 * One simulator for a test file: started before its tests, reset before each, stopped after.
 * Returns a getter, since the simulator exists only once the file's tests begin.
 */
export function useSimulator(options: SimulatorOptions = {}): () => QuickRouterSimulator {
	let simulator: QuickRouterSimulator | undefined;
	beforeAll(async () => {
		simulator = await QuickRouterSimulator.start(options);
	});
	afterAll(async () => simulator?.stop());
	beforeEach(() => simulator!.reset());
	return () => simulator!;
}

/** How many status checks (queries) the simulator saw for each task. */
export function checksPerTask(simulator: QuickRouterSimulator): number[] {
	const counts = new Map<string, number>();
	for (const request of simulator.requestsTo('query')) {
		counts.set(request.query.id, (counts.get(request.query.id) ?? 0) + 1);
	}
	return [...counts.values()];
}
