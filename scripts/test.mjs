/**
 * npm test: the unit tests in two runs of jest (jest.config.js). First the files on the fast clock,
 * several at once: they mostly wait. Then the files that measure real time, alone, so that no
 * other file's work skews them. Arguments go to both runs (`npm test -- test/wait.test.ts`); a run
 * that the arguments leave without files passes.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const args = process.argv.slice(2);

for (const run of [
	['--selectProjects', 'fast clock'],
	['--selectProjects', 'real clock', '--runInBand'],
]) {
	const { status } = spawnSync(process.execPath, [jest, ...run, '--passWithNoTests', ...args], {
		stdio: 'inherit',
	});
	if (status !== 0) process.exit(status ?? 1);
}
