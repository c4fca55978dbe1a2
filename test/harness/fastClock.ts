import { clock } from '../../nodes/QuickRouter/run/clock';

/** Set per jest project (jest.config.js, jest.zod4.config.js). */
declare const CLOCK_SPEED: number | undefined;

/**
 * Before each test file: the node's clock, and so the simulator's, runs CLOCK_SPEED times faster
 * than the real one (1: the real clock).
 */
clock.runFaster(typeof CLOCK_SPEED === 'number' ? CLOCK_SPEED : 1);
