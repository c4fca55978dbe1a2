/** The rows of the in-process benchmarks mix every family, one node for all. */
export const MIXED_MODELS = ['sora-2', 'veo3.1-fast', 'grok-video-3'];
