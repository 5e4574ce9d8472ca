declare const __TOOL_VERSION__: string | undefined;

/** Injected by the bundler from package.json; the fallback serves tests that run the sources. */
export const TOOL_VERSION: string = typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';
