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
