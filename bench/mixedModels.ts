/** The rows of the in-process benchmarks mix the live families, one node for all. */
export const MIXED_MODELS = ['veo3.1-fast', 'grok-video-3', 'veo3-fast'];
