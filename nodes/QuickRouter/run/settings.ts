/** Reading the node's settings at run time, as the input check (input/) let them through. */

/** An empty cell is no value, whether a sheet gives it as empty text or a database as null. */
export function isBlank(value: unknown): boolean {
	return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A number setting as the node reads it when it runs, after the input check let it through (see
 * numberCell): a number, numbers as text, or blank / left out (the default).
 */
export function numberSetting(value: unknown, byDefault: number): number;
export function numberSetting(value: unknown): number | undefined;
export function numberSetting(value: unknown, byDefault?: number): number | undefined {
	if (value === undefined || isBlank(value)) return byDefault;
	return Number(typeof value === 'string' ? value.trim() : value);
}

/** Check Every given as "auto" (an AI agent's or a sheet's word for it): no fixed interval. */
export function isAuto(value: unknown): boolean {
	return typeof value === 'string' && value.trim().toLowerCase() === 'auto';
}
