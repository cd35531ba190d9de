import { Initial1763900000000 } from './1763900000000-Initial';
import { Reporting1764000000000 } from './1764000000000-Reporting';

/** Every migration in order; both databases run the same list at start. */
export const MIGRATIONS = [Initial1763900000000, Reporting1764000000000];
