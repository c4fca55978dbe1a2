import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	CheckPlan,
	MAX_CHECK_MS,
	MIN_CHECK_MS,
	withJitter,
} from '../nodes/QuickRouter/tasks/checkPlan';
import { CheckBudget } from '../nodes/QuickRouter/transport/checkBudget';
import { runQuickRouter } from './harness/engine';
import { useSimulator } from './useSimulator';

/**
 * A task that takes `taskMs`, checked as the plan says (no jitter): the moments of its checks,
 * the last one the check that saw it done. Progress is reported as QuickRouter's Sora does
 * (a fraction to two places), or not at all.
 */
function checksOf(taskMs: number, typicalMs: number, reportsProgress: boolean): number[] {
	const plan = new CheckPlan(0, typicalMs);
	plan.observe(0, reportsProgress ? 0 : null);
	const checks: number[] = [];
	let now = 0;
	while (checks.length < 100) {
		const delay = plan.nextDelayMs(now);
		expect(delay).toBeGreaterThanOrEqual(MIN_CHECK_MS);
		expect(delay).toBeLessThanOrEqual(MAX_CHECK_MS);
		now += delay;
		checks.push(now);
		if (now >= taskMs) return checks;
		plan.observe(now, reportsProgress ? Math.round((now / taskMs) * 100) : null);
	}
	throw new Error('the plan never reached the end');
}

describe('Check Every: Auto (CheckPlan)', () => {
	it.each([
		[20_000, 180_000],
		[20_000, 90_000],
		[120_000, 180_000],
		[120_000, 90_000],
		[45_000, 120_000],
	])(
		'with linear progress, a task of %i ms (family typical %i ms) is seen done within 2 s, in at most 4 checks',
		(taskMs, typicalMs) => {
			const checks = checksOf(taskMs, typicalMs, true);
			expect(checks.length).toBeLessThanOrEqual(4);
			expect(checks.at(-1)! - taskMs).toBeLessThanOrEqual(2_000);
		},
	);

	it.each([
		[20_000, 180_000],
		[20_000, 90_000],
		[120_000, 180_000],
		[120_000, 120_000],
		[120_000, 90_000],
	])(
		'without progress, a task of %i ms (family typical %i ms) takes at most 8 checks, backing off',
		(taskMs, typicalMs) => {
			const checks = checksOf(taskMs, typicalMs, false);
			expect(checks.length).toBeLessThanOrEqual(8);
			const gaps = checks.map((at, index) => at - (checks[index - 1] ?? 0));
			expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
		},
	);

	it('progress that stands still falls back to the backoff instead of checking at once', () => {
		const plan = new CheckPlan(0, 120_000);
		plan.observe(10_000, 40);
		plan.observe(20_000, 40);
		expect(plan.nextDelayMs(20_000)).toBeGreaterThanOrEqual(MIN_CHECK_MS * 2);
	});

	it('a long task is checked at least once a minute', () => {
		const checks = checksOf(600_000, 180_000, false);
		const gaps = checks.map((at, index) => at - (checks[index - 1] ?? 0));
		expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_CHECK_MS + 1);
	});

	it('jitter only ever delays, by at most 5 % and 0.5 s', () => {
		expect(withJitter(10_000, () => 0)).toBe(10_000);
		expect(withJitter(10_000, () => 1)).toBe(10_500);
		expect(withJitter(60_000, () => 1)).toBe(60_500);
		expect(withJitter(2_000, () => 1)).toBe(2_100);
	});
});

describe('the run’s check budget (CheckBudget)', () => {
	it('halves its pace once per burst of 429s and comes back after a calm spell', () => {
		const budget = new CheckBudget(10);
		// sent at 0, refused at 10; sent at 5 (before that slowdown), refused at 12: one burst
		budget.throttled(0, 10);
		budget.throttled(5, 12);
		expect(budget.checksPerSecond).toBeCloseTo(5);
		budget.throttled(1_000, 1_010);
		expect(budget.checksPerSecond).toBeCloseTo(2.5);
		budget.answered(5_000);
		expect(budget.checksPerSecond).toBeCloseTo(2.5);
		budget.answered(11_010);
		expect(budget.checksPerSecond).toBeCloseTo(5);
		budget.answered(15_000);
		expect(budget.checksPerSecond).toBeCloseTo(5);
		budget.answered(21_010);
		expect(budget.checksPerSecond).toBeCloseTo(10);
		budget.answered(40_000);
		expect(budget.checksPerSecond).toBeCloseTo(10);
	});
});

const simulator = useSimulator({ taskDurationMs: 3000 });

async function createAndWait(items: IDataObject[], parameters: INodeParameters) {
	return await runQuickRouter({
		parameters: {
			resource: 'video',
			operation: 'create',
			prompt: '={{ $json.prompt }}',
			waitForCompletion: true,
			...parameters,
		},
		items,
		credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
	});
}

describe('waiting, through n8n-core', () => {
	it('a blank Check Every (a cleared field, an empty cell) is Auto, not an error', async () => {
		simulator().settings.taskDurationMs = 1_000;

		const result = await createAndWait([{ prompt: 'one', every: '' }], {
			waitOptions: { pollIntervalSeconds: '={{ $json.every }}' },
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.status).toBe('completed');
	});

	it('Max Concurrent Creates set to QuickRouter’s limit: no create is turned away', async () => {
		simulator().settings.concurrencyLimit = 3;
		simulator().settings.createLatencyMs = 100;

		const result = await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'create',
				prompt: '={{ $json.prompt }}',
				options: { maxConcurrentCreates: 3 },
			},
			items: Array.from({ length: 12 }, (_, index) => ({ prompt: `video ${index}` })),
			credentials: { apiKey: simulator().apiKey, baseUrl: simulator().url },
		});

		expect(result.error).toBeUndefined();
		expect(simulator().tasks.size).toBe(12);
		expect(simulator().requestsTo('create')).toHaveLength(12);
		expect(simulator().peakCreatesInFlight).toBeLessThanOrEqual(3);
	});
});

describe('Check Every: Auto, when the progress misleads', () => {
	function checksOver(totalMs: number, progressAt: (atMs: number) => number | null): number[] {
		const plan = new CheckPlan(0, 90_000);
		plan.observe(0, 0);
		const checks: number[] = [];
		for (let now = 0; ; ) {
			now += plan.nextDelayMs(now);
			if (now > totalMs) return checks;
			checks.push(now);
			plan.observe(now, progressAt(now));
		}
	}

	it('progress stuck at 99 % backs off instead of checking every 2 s', () => {
		const checks = checksOver(240_000, (at) => Math.min(99, Math.round(at / 600)));
		expect(checks.length).toBeLessThanOrEqual(15);
	});

	it('progress that reads 100 % while the task still runs backs off too', () => {
		const checks = checksOver(240_000, (at) => Math.min(100, Math.round(at / 600)));
		expect(checks.length).toBeLessThanOrEqual(15);
	});

	it('progress given once, then no more: the age-based backoff', () => {
		const checks = checksOver(240_000, (at) => (at < 10_000 ? 10 : null));
		expect(checks.length).toBeLessThanOrEqual(12);
	});
});
