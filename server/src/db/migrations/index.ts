import { Initial1763900000000 } from './1763900000000-Initial';
import { Reporting1764000000000 } from './1764000000000-Reporting';
import { Ledger1764100000000 } from './1764100000000-Ledger';
import { Rounds1764200000000 } from './1764200000000-Rounds';
import { InspectionPhotos1764300000000 } from './1764300000000-InspectionPhotos';
import { QuarterlyScoring1764400000000 } from './1764400000000-QuarterlyScoring';
import { AnnualVote1764500000000 } from './1764500000000-AnnualVote';
import { PublicVote1764600000000 } from './1764600000000-PublicVote';
import { Publication1764700000000 } from './1764700000000-Publication';

/** Every migration in order; both databases run the same list at start. */
export const MIGRATIONS = [Initial1763900000000, Reporting1764000000000, Ledger1764100000000, Rounds1764200000000, InspectionPhotos1764300000000, QuarterlyScoring1764400000000, AnnualVote1764500000000, PublicVote1764600000000, Publication1764700000000];
