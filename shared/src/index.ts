export * from './roles';
export * from './errors';
export * from './rules/monthly-window';
export * from './schemas/common';
export * from './schemas/identity';
export * from './schemas/admin-import';
export * from './schemas/system';
