/**
 * How a benchmark ends: 0 when the run was right and met its targets; 1 when the run itself was
 * wrong (an error, a duplicate, a file not whole); 3 when it was right but missed a target, which
 * on a busy machine can be the machine's doing (CI reports it without failing).
 */
export function benchExitCode(runWasRight: boolean, targetsMet: boolean): number {
	if (!runWasRight) return 1;
	return targetsMet ? 0 : 3;
}
