/**
 * A LIKE pattern that matches `text` literally anywhere in a column. The escape character is `!`,
 * named in the SQL (`LIKE :q ESCAPE '!'`): SQLite has no default escape character, and a backslash
 * would have to be written `'\\'` on MySQL but `'\'` on SQLite.
 */
export const LIKE_ESCAPE = "ESCAPE '!'";

export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}
