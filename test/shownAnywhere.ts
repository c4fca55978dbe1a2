/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test helper: listens to everything the process prints */
import { LoggerProxy } from 'n8n-workflow';

import type { RunResult } from './harness/engine';

/** Everything the process printed or logged while the run went on. */
export function recordEverythingPrinted(): { text: () => string; stop: () => void } {
	const printed: string[] = [];
	const keep = (...parts: unknown[]) => {
		printed.push(parts.map((part) => (typeof part === 'string' ? part : safeJson(part))).join(' '));
	};
	const spies = [
		jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (keep(chunk), true)),
		jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (keep(chunk), true)),
		...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
			jest.spyOn(console, level).mockImplementation(keep),
		),
	];
	LoggerProxy.init({
		error: keep,
		warn: keep,
		info: keep,
		debug: keep,
		scoped: () => LoggerProxy,
	} as unknown as Parameters<typeof LoggerProxy.init>[0]);
	return {
		text: () => printed.join('\n'),
		stop: () => spies.forEach((spy) => spy.mockRestore()),
	};
}

export function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, entry: unknown) => {
		if (typeof entry === 'object' && entry !== null) {
			if (seen.has(entry)) return '[circular]';
			seen.add(entry);
		}
		if (entry instanceof Error) return { ...entry, message: entry.message, stack: entry.stack };
		return entry;
	});
}

/** Everything a user or a log could see of a run: outputs, errors with their details, run data. */
export function everythingShown(result: RunResult): string {
	return safeJson({ outputs: result.outputs, error: result.error, run: result.run });
}
