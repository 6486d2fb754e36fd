'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ChartPoint = { label: string; value: number };

/** Bars of plays (or minutes) per period; the figure around it carries the text alternative. */
export function PlaysChart({ points, unit }: { points: ChartPoint[]; unit: string }) {
  return (
    <div className="h-56 w-full" data-testid="plays-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        {/* No keyboard layer: the chart is hidden from assistive tech, the figure's text stands in. */}
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} tickLine={false} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} tickLine={false} axisLine={false} />
          <Tooltip
            cursor={{ fillOpacity: 0.1 }}
            formatter={(value) => [`${Number(value).toLocaleString('en-US')} ${unit}`, '']}
            contentStyle={{ borderRadius: 8, fontSize: 12 }}
          />
          <Bar dataKey="value" fill="#1db954" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
