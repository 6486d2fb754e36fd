import Image from 'next/image';

const PALETTE = ['#f97316', '#06b6d4', '#8b5cf6', '#ec4899', '#22c55e', '#eab308', '#3b82f6', '#ef4444'];

function hueOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/** Cover art or portrait; items without one get a coloured initial so lists stay scannable. */
export function Artwork({ src, name, size = 48, round = false }: { src: string | null; name: string; size?: number; round?: boolean }) {
  const shape = round ? 'rounded-full' : 'rounded-md';
  if (src) {
    return <Image src={src} alt="" width={size} height={size} className={`${shape} shrink-0 object-cover`} />;
  }
  const initial = [...name.trim()][0]?.toUpperCase() ?? '♪';
  return (
    <span
      aria-hidden="true"
      className={`${shape} flex shrink-0 items-center justify-center font-bold text-white`}
      style={{ width: size, height: size, background: hueOf(name), fontSize: size * 0.42 }}
    >
      {initial}
    </span>
  );
}
