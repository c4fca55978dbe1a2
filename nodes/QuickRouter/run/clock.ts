import { sleep } from 'n8n-workflow';

/**
 * The node's own time: what time it is, and how long it waits. In n8n it is the real clock. A test
 * may run it faster (`runFaster`): then every wait the node plans (the 2 s between checks, a time
 * limit, Retry-After, the 30 s give-up on a read, a backoff) passes that many times sooner, and
 * `now` moves that many times faster, so that the node decides exactly as it would in real time.
 * The test simulator keeps its tasks on the same clock.
 */
class NodeClock {
	private speed = 1;
	// where the faster time was last set from: a real moment and the node's time then
	private realFrom = 0;
	private nodeFrom = 0;

	/** The node's time in ms since the epoch (the real time unless a test runs it faster). */
	now(): number {
		if (this.speed === 1) return Date.now();
		return this.nodeFrom + (Date.now() - this.realFrom) * this.speed;
	}

	/** Waits `ms` of the node's time (n8n's sleep: it ends early when `signal` aborts, in n8n 2.x). */
	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		await sleep(this.realMs(ms), signal);
	}

	/** How long `ms` of the node's time lasts in real time. */
	realMs(ms: number): number {
		return ms / this.speed;
	}

	/** For tests: the node's time runs `speed` times faster from now on (1: the real clock). */
	runFaster(speed: number): void {
		const now = this.now();
		this.realFrom = Date.now();
		this.nodeFrom = now;
		this.speed = speed;
	}
}

export const clock = new NodeClock();
