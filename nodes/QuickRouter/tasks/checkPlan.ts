/**
 * Check Every: Auto. Plans each status check of a task from what its answers said, so that a
 * check comes when an answer is likely instead of on a fixed clock:
 * - with progress, from its rate: the finish is estimated, and the next check comes just after
 *   it (or, while the estimate rests on little progress, part of the way there, to refine it);
 * - without progress, a gentle backoff from the task's age, paced by the family's typical
 *   duration;
 * - never sooner than MIN_CHECK_MS after the last check, never later than MAX_CHECK_MS;
 * - a little later at random (withJitter), so that tasks started together do not check together.
 */
export const MIN_CHECK_MS = 2_000;
export const MAX_CHECK_MS = 60_000;

/** How far along the estimate of the finish is trusted enough to aim at it. */
const TRUSTED_PROGRESS = 80;
/** While it is not: the share of the estimated rest to wait before checking again. */
const REFINING_SHARE = 0.8;
/** Without progress: each wait is this share of the task's age (a backoff of 1.85x per check). */
const BACKOFF_SHARE = 0.85;
/** The first check of a task, as a share of its family's typical duration. */
const FIRST_CHECK_SHARE = 0.04;

interface Observation {
	atMs: number;
	/** 0..100; null when the answer gave none. */
	progress: number | null;
}

export class CheckPlan {
	private readonly seen: Observation[] = [];

	/**
	 * @param startedAtMs when the task began, as far as the node knows (the create's answer; for
	 *   Get, the first answer it saw)
	 * @param typicalMs how long the task's family usually takes (models/ catalogue)
	 */
	constructor(
		private readonly startedAtMs: number,
		private readonly typicalMs: number,
	) {}

	/** What an answer said at a moment: its progress (0..100), or null without. */
	observe(atMs: number, progress: number | null): void {
		this.seen.push({ atMs, progress });
	}

	/** How long to wait, from `nowMs`, before the next check. */
	nextDelayMs(nowMs: number): number {
		const planned = this.fromProgress(nowMs) ?? this.backoff(nowMs);
		return Math.min(MAX_CHECK_MS, Math.max(MIN_CHECK_MS, planned));
	}

	private fromProgress(nowMs: number): number | undefined {
		const withProgress = this.seen.filter(
			(seen): seen is { atMs: number; progress: number } =>
				seen.progress !== null && seen.progress > 0 && seen.progress < 100,
		);
		const last = withProgress.at(-1);
		const latest = this.seen.at(-1);
		// The latest answer gave no progress: the age-based backoff, not an old estimate
		if (!last || !latest || latest.progress === null || latest.progress <= 0) return undefined;
		// Progress that stopped (or says 100 % while the task still runs): back off from when it
		// stopped, instead of checking every 2 s at an estimated finish that has passed
		const stalledAt = this.stalledSince();
		if (stalledAt !== undefined) {
			return Math.min((nowMs - stalledAt) * BACKOFF_SHARE, this.typicalMs / 2);
		}
		// The rate over the longest span observed; with one observation, from the task's start
		const first =
			withProgress.length > 1 ? withProgress[0] : { atMs: this.startedAtMs, progress: 0 };
		const span = last.atMs - first.atMs;
		const gained = last.progress - first.progress;
		// Progress that stands still says nothing about the finish
		if (span <= 0 || gained <= 0) return undefined;
		const restMs = ((100 - last.progress) * span) / gained;
		const sinceLast = nowMs - last.atMs;
		if (last.progress < TRUSTED_PROGRESS) return restMs * REFINING_SHARE - sinceLast;
		// Just after the estimated finish: by 0.5 % of the whole (a progress rounded to a whole
		// percent is that far off at most), so that one check sees the end
		const wholeMs = last.atMs - this.startedAtMs + restMs;
		return restMs - sinceLast + Math.max(300, wholeMs * 0.005);
	}

	/** When the progress last moved, if the latest answers repeat it (or it reads 100 %). */
	private stalledSince(): number | undefined {
		const latest = this.seen.at(-1)!.progress!;
		const repeats = (seen: Observation) =>
			seen.progress !== null && (latest >= 100 ? seen.progress >= 100 : seen.progress === latest);
		let index = this.seen.length - 1;
		while (index > 0 && repeats(this.seen[index - 1])) index--;
		const stalled = latest >= 100 || index < this.seen.length - 1;
		return stalled ? this.seen[index].atMs : undefined;
	}

	private backoff(nowMs: number): number {
		// A young task is first checked after a small part of its family's typical duration:
		// early enough for a short task
		const ageMs = Math.max(
			nowMs - this.startedAtMs,
			(this.typicalMs * FIRST_CHECK_SHARE) / BACKOFF_SHARE,
		);
		return Math.min(ageMs * BACKOFF_SHARE, this.typicalMs / 2);
	}
}

/** Up to 5 % later, at most 0.5 s: spreads checks that would fall together, yet never misses a finish by much. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
	return delayMs + random() * Math.min(delayMs * 0.05, 500);
}

/** How long a status check waits for its whole answer: at most a minute, at least 5 s. */
const CHECK_ANSWER_MAX_MS = 60_000;
const CHECK_ANSWER_MIN_MS = 5_000;

/** How long a check sent at `sentAt` waits for its answer: a slow answer near the limit ends the wait soon after it, not a minute later. */
export function checkAnswerMs(sentAt: number, deadline: number): number {
	return Math.min(CHECK_ANSWER_MAX_MS, Math.max(CHECK_ANSWER_MIN_MS, deadline - sentAt));
}
