// Prices compared as integer ten-thousandths (Brightpearl keeps four places), never as float sums.

export function toUnits(value: string | number): number | undefined {
  const text = typeof value === "number" ? value.toFixed(6) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? "").padEnd(5, "0");
  // round half up on the fifth place
  const units = Number(m[2]) * 10_000 + Number(frac.slice(0, 4)) + (Number(frac[4]) >= 5 ? 1 : 0);
  return m[1] ? -units : units;
}

/** The number Magento's JSON takes for a price in units. */
export const unitsToNumber = (units: number) => units / 10_000;

export const formatUnits = (units: number) => {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  return `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, "0").replace(/0{1,2}$/, "")}`;
};
