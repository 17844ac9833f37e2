export * from './types.js';
export { defineRule } from './define-rule.js';
export type { RepoIndex, RepoFile, GrepMatch, GrepOptions } from '../repo/index.js';
export type { Facts } from '../facts/index.js';
export type { RequirementName } from '../facts/requirements.js';
export { inProse, isPatternSource } from '../repo/text.js';
