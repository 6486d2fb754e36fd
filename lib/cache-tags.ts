/** Cache tags of every cached read. Whatever writes plays revalidates TAGS.plays once. */
export const TAGS = {
  plays: 'plays',
} as const;
