// Bulk writes (an import's) send their rows a slice at a time: one statement per slice keeps the
// statement's parameters and the process's peak memory small whatever the number of rows.

/** Rows per bulk statement. */
export const BULK_CHUNK = 500;

/** `items` in slices of at most `size`, in order. */
export function chunked<T>(items: readonly T[], size = BULK_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
