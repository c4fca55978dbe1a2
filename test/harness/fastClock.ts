import { clock } from '../../nodes/QuickRouter/run/clock';

/**
 * Before each test file: the node's clock, and so the simulator's, runs CLOCK_SPEED times faster
 * than the real one (jest.config.js sets it per project; 1 is the real clock).
 */
clock.runFaster((globalThis as { CLOCK_SPEED?: number }).CLOCK_SPEED ?? 1);
