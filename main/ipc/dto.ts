/**
 * The shapes that cross the process boundary, gathered from the capabilities' contract slices (slices/*.ts) so
 * older importers keep one address. New code may import a capability's slice directly.
 */
export * from './slices/common';
export * from './slices/changes';
export * from './slices/ppe';
export * from './slices/demo';
export * from './slices/auth';
export * from './slices/roster';
export * from './slices/timeline';
export * from './slices/bundles';
export * from './slices/journal';
export * from './slices/sync';
export * from './slices/packages';
export * from './slices/attention';
export * from './slices/stations';
