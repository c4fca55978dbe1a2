import type { DeclarativeRestApiSettings, IExecuteSingleFunctions } from 'n8n-workflow';

import { clock } from '../run/clock';
import { itemSignal } from '../run/runState';
import type { CheckBudget } from '../transport/checkBudget';
import type { FamilyRoutes } from '../transport/familyRoutes';
import { lookUpTask, type LookupOutcome } from '../transport/lookUpTask';
import { checkAnswerMs } from './checkPlan';

/**
 * One status check of a task on its own, in its turn of the run's budget (the time limit's check
 * goes at `deadline` anyway), the budget told what it met. Rejects with the item signal's reason
 * when the item stops waiting for its turn.
 */
export async function checkInTurn(
	context: IExecuteSingleFunctions,
	taskId: string,
	family: FamilyRoutes,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
	{ budget, deadline }: { budget: CheckBudget; deadline: number },
): Promise<LookupOutcome> {
	await budget.take(itemSignal(context), deadline);
	const sentAt = clock.now();
	const checked = await lookUpTask(context, taskId, family, request, {
		withinMs: checkAnswerMs(sentAt, deadline),
		messagePrefix: `Checking task ${taskId}: `,
	});
	budget.heard('failure' in checked ? checked.failure : undefined, sentAt);
	return checked;
}
