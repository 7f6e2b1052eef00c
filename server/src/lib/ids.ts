/** Whether two lists of ids hold the same ids, whatever their order. */
export const sameIds = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();
