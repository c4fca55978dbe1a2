/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a benchmark script, not node code */
/**
 * The RSS sampler of bench:memory. It runs in a worker thread of its own: the benchmark's main
 * thread also serves the video, and must not delay the samples.
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface SamplerInput {
	pids: number[];
	intervalMs: number;
}

export interface Sample {
	/** Milliseconds on the worker's clock: only the gaps between samples mean something. */
	at: number;
	/** VmRSS of each of the pids, in KiB, in their order. */
	kib: number[];
	/** RssAnon of the first pid: its RSS without the file pages (code) that memory pressure may drop. */
	anonKib: number;
}

/** A field of /proc/<pid>/status in KiB; 0 for a process that has exited (it holds no memory). */
export function procStatusKib(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
			readFileSync(`/proc/${pid}/status`, 'utf8'),
		);
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/** In the worker: sample until told to stop, then hand all samples back. */
function sampleUntilStopped(): void {
	const { pids, intervalMs } = workerData as SamplerInput;
	const samples: Sample[] = [];
	const take = () =>
		samples.push({
			at: performance.now(),
			kib: pids.map((pid) => procStatusKib(pid, 'VmRSS')),
			anonKib: procStatusKib(pids[0], 'RssAnon'),
		});
	take();
	const timer = setInterval(take, intervalMs);
	parentPort!.postMessage('started');
	parentPort!.once('message', () => {
		clearInterval(timer);
		take();
		parentPort!.postMessage(samples);
	});
}

if (!isMainThread) sampleUntilStopped();
