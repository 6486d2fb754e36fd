-- Days, sums and the listening clock now read day_stats, clock_stats and clock_months
-- (drizzle/0009, 0010): nothing reads these covering indexes any more, and every write of a
-- play would keep updating them.
DROP INDEX `day_hour_stats_day_idx`;--> statement-breakpoint
DROP INDEX `day_hour_stats_clock_idx`;