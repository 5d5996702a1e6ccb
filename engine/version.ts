/** Part of every run's identity: a change that can alter any result bumps it. */
export const ENGINE_VERSION = '0.1.0';
