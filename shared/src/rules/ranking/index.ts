export * from './rational';
export * from './explain';
export * from './rank';
export * from './rubric';
export * from './trimmed-mean';
export * from './quarterly';
export * from './annual';
export * from './assessment';
