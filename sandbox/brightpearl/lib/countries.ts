// The countries the sandbox knows, with Brightpearl-style numeric ids (222 = United Kingdom, as in
// recorded traffic; the other ids are the sandbox's own). Orders answer with both ISO forms.
export type Country = { id: number; iso2: string; iso3: string; name: string };

export const COUNTRIES: Country[] = [
  { id: 222, iso2: "GB", iso3: "GBR", name: "United Kingdom" },
  { id: 223, iso2: "US", iso3: "USA", name: "United States" },
  { id: 103, iso2: "IE", iso3: "IRL", name: "Ireland" },
  { id: 73, iso2: "FR", iso3: "FRA", name: "France" },
  { id: 81, iso2: "DE", iso3: "DEU", name: "Germany" },
  { id: 195, iso2: "ES", iso3: "ESP", name: "Spain" },
  { id: 105, iso2: "IT", iso3: "ITA", name: "Italy" },
  { id: 150, iso2: "NL", iso3: "NLD", name: "Netherlands" },
  { id: 21, iso2: "BE", iso3: "BEL", name: "Belgium" },
  { id: 14, iso2: "AT", iso3: "AUT", name: "Austria" },
  { id: 204, iso2: "CH", iso3: "CHE", name: "Switzerland" },
  { id: 203, iso2: "SE", iso3: "SWE", name: "Sweden" },
  { id: 160, iso2: "NO", iso3: "NOR", name: "Norway" },
  { id: 58, iso2: "DK", iso3: "DNK", name: "Denmark" },
  { id: 72, iso2: "FI", iso3: "FIN", name: "Finland" },
  { id: 171, iso2: "PL", iso3: "POL", name: "Poland" },
  { id: 172, iso2: "PT", iso3: "PRT", name: "Portugal" },
  { id: 13, iso2: "AU", iso3: "AUS", name: "Australia" },
  { id: 153, iso2: "NZ", iso3: "NZL", name: "New Zealand" },
  { id: 38, iso2: "CA", iso3: "CAN", name: "Canada" },
  { id: 138, iso2: "MX", iso3: "MEX", name: "Mexico" },
  { id: 107, iso2: "JP", iso3: "JPN", name: "Japan" },
  { id: 192, iso2: "SG", iso3: "SGP", name: "Singapore" },
  { id: 99, iso2: "IN", iso3: "IND", name: "India" },
  { id: 193, iso2: "ZA", iso3: "ZAF", name: "South Africa" },
  { id: 221, iso2: "AE", iso3: "ARE", name: "United Arab Emirates" },
];

const byIso = new Map<string, Country>();
const byId = new Map<number, Country>();
for (const c of COUNTRIES) {
  byIso.set(c.iso2, c);
  byIso.set(c.iso3, c);
  byId.set(c.id, c);
}

/** Looks up a 2- or 3-letter ISO code (case-insensitive). */
export function countryByIso(code: string): Country | undefined {
  return byIso.get(code.toUpperCase());
}

export function countryById(id: number): Country | undefined {
  return byId.get(id);
}
