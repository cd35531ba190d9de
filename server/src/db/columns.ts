import type { ColumnOptions } from 'typeorm';

/**
 * Timestamps are kept with millisecond precision on MySQL (`datetime(3)`) and as TypeORM's UTC text
 * on SQLite. The connection runs in UTC on both, so what is written is what is read.
 */
export const timestampColumn: ColumnOptions = { type: 'datetime', precision: 3 };
