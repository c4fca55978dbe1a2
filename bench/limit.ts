/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a benchmark script, not node code: it runs each measurement in a process of its own */
/**
 * npm run bench:limit: Max Video Size holds while streaming. A host sends a 1 GB video in chunks
 * without saying its size; the node (n8n's engine, in process, n8n's default in-memory binary
 * data: the harshest place to hold a file) has a limit of 100 MB. The transfer must stop at the
 * limit and the process's memory must not follow the answer's size. Side by side, each in a
 * fresh process: the same download cut off at the limit, and a video of exactly the limit's size
 * downloaded whole. Printed: the peak RSS growth of each (the kernel's VmHWM, reset before the
 * download), their ratio, and how many bytes the host got to send.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { runQuickRouter } from '../test/harness/engine';
import { QuickRouterSimulator } from '../test/simulator/server';
import { VideoHost } from '../test/simulator/videoHost';
import { benchExitCode } from './exitCode';
import { procStatusKib } from './memorySampler';

const MIB = 1024 * 1024;
const ANSWER_MIB = Number(process.env.BENCH_ANSWER_MB ?? 1024);
const LIMIT_MIB = Number(process.env.BENCH_LIMIT_MB ?? 100);
/** Targets: the host stops within this much past the limit; the cut-off run's peak growth is at most this share of the answer, and at most this times the whole download's. */
const SENT_TARGET = 1.1;
const SHARE_OF_ANSWER_TARGET = 0.25;
const RATIO_TARGET = 1.2;

interface Measured {
	scenario: Scenario;
	answerBytes: number;
	hostSentBytes: number;
	baselineKib: number;
	peakGrowthKib: number;
	wallMs: number;
	outcome: string;
}

type Scenario = 'cut off at the limit' | 'the limit downloaded whole';

/** In a child process: one download, measured from a settled baseline. */
async function measure(scenario: Scenario): Promise<Measured> {
	const cut = scenario === 'cut off at the limit';
	const answerBytes = (cut ? ANSWER_MIB : LIMIT_MIB) * MIB;
	const simulator = await QuickRouterSimulator.start({ taskDurationMs: 0 });
	const host = await VideoHost.start();
	host.chunked = true;
	simulator.settings.videoBaseUrl = host.url;
	const download = async (bytes: number) => {
		host.size = bytes;
		const created = await runQuickRouter({
			parameters: { resource: 'video', operation: 'create', prompt: 'a long video' },
			items: [{}],
			credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
		});
		return await runQuickRouter({
			parameters: {
				resource: 'video',
				operation: 'get',
				taskId: created.outputs[0][0].json.id as string,
				download: true,
				maxVideoSizeMb: cut ? LIMIT_MIB : LIMIT_MIB * 2,
			},
			items: [{}],
			credentials: { apiKey: simulator.apiKey, baseUrl: simulator.url },
			onError: 'continueRegularOutput',
		});
	};
	try {
		// The engine's code loaded and warm before the baseline.
		for (let round = 0; round < 3; round++) await download(MIB);
		(globalThis as { gc?: () => void }).gc?.();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const baselineKib = procStatusKib(process.pid, 'VmRSS');
		writeFileSync('/proc/self/clear_refs', '5'); // VmHWM := VmRSS
		host.generatedBytesSent = 0;
		const started = Date.now();
		const result = await download(answerBytes);
		const wallMs = Date.now() - started;
		const peakKib = procStatusKib(process.pid, 'VmHWM');
		const [item] = result.outputs[0];
		return {
			scenario,
			answerBytes,
			hostSentBytes: host.generatedBytesSent,
			baselineKib,
			peakGrowthKib: peakKib - baselineKib,
			wallMs,
			outcome: item.binary?.data
				? `stored ${item.binary.data.bytes} bytes`
				: String((item.json.error as IDataObject | undefined)?.message ?? result.error?.message),
		};
	} finally {
		await host.stop();
		await simulator.stop();
	}
}

function inChildProcess(scenario: Scenario): Measured {
	const output = execFileSync(process.execPath, ['--expose-gc', __filename, scenario], {
		encoding: 'utf8',
		maxBuffer: 16 * MIB,
	});
	return JSON.parse(output.trim().split('\n').pop()!) as Measured;
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
	const child = process.argv[2] as Scenario | undefined;
	if (child) {
		console.log(JSON.stringify(await measure(child)));
		return;
	}
	readFileSync('/proc/self/status'); // this benchmark reads the kernel's memory figures
	console.log(
		`bench:limit: a ${ANSWER_MIB} MB answer sent without its size, Max Video Size ${LIMIT_MIB} MB (n8n engine, in-memory binary data; each run in a fresh process)`,
	);
	const cutOff = inChildProcess('cut off at the limit');
	const whole = inChildProcess('the limit downloaded whole');
	for (const run of [cutOff, whole]) {
		console.log(`${run.scenario}:`);
		console.log(`  answer:           ${(run.answerBytes / MIB).toFixed(0)} MB`);
		console.log(`  host sent:        ${(run.hostSentBytes / MIB).toFixed(1)} MB`);
		console.log(`  peak RSS growth:  ${mib(run.peakGrowthKib)} (baseline ${mib(run.baselineKib)})`);
		console.log(`  wall:             ${(run.wallMs / 1000).toFixed(2)} s`);
		console.log(`  outcome:          ${run.outcome}`);
	}
	const sentRatio = cutOff.hostSentBytes / (LIMIT_MIB * MIB);
	const share = (cutOff.peakGrowthKib * 1024) / cutOff.answerBytes;
	const ratio = cutOff.peakGrowthKib / whole.peakGrowthKib;
	console.log(
		`host sent / limit:                        ${sentRatio.toFixed(3)} (target <= ${SENT_TARGET})`,
	);
	console.log(
		`cut-off peak growth / answer size:        ${share.toFixed(3)} (target <= ${SHARE_OF_ANSWER_TARGET})`,
	);
	console.log(
		`cut-off peak growth / whole-limit growth: ${ratio.toFixed(3)} (target <= ${RATIO_TARGET})`,
	);
	const right =
		/larger than the limit of/.test(cutOff.outcome) &&
		whole.outcome === `stored ${LIMIT_MIB * MIB} bytes`;
	const met = sentRatio <= SENT_TARGET && share <= SHARE_OF_ANSWER_TARGET && ratio <= RATIO_TARGET;
	console.log(right ? (met ? 'PASS' : 'TARGET MISSED') : 'WRONG RUN');
	process.exitCode = benchExitCode(right, met);
}

main().catch((error: Error) => {
	console.error(`bench:limit failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
