/**
 * Collection-audit dimensions. `dimension` is free text, but two names mean
 * a partition of the collection: every title has one format and one main
 * language, so the counts of FORMAT (PRINT, EBOOK, …) and of LANGUAGE add up
 * to at most `totalTitles` (less when some titles were not classified). Any
 * other dimension (REPRESENTATION: own voices, LGBTQIA+ authors, …) may
 * overlap: one title can count in several of its categories, or in none.
 */
export const EXCLUSIVE_COLLECTION_DIMENSIONS: readonly string[] = ['FORMAT', 'LANGUAGE'];

/** Whether a dimension's categories are exclusive (case-insensitive). */
export function isExclusiveDimension(dimension: string): boolean {
  return EXCLUSIVE_COLLECTION_DIMENSIONS.includes(dimension.trim().toUpperCase());
}

/** The exclusive dimensions whose counts add up to more than the total, with their sums. */
export function overfullDimensions(dims: readonly { dimension: string; titleCount: number }[], totalTitles: number): { dimension: string; sum: number }[] {
  const sums = new Map<string, { dimension: string; sum: number }>();
  for (const d of dims) {
    if (!isExclusiveDimension(d.dimension)) continue;
    const name = d.dimension.trim().toUpperCase();
    const entry = sums.get(name) ?? { dimension: name, sum: 0 };
    entry.sum += d.titleCount;
    sums.set(name, entry);
  }
  return [...sums.values()].filter((s) => s.sum > totalTitles);
}
