/**
 * A small hand-made GeoJSON for tests: one square per region code, laid out in rows of three
 * around Nanjing (0.5° a side), with the code in `properties.code` — not real boundaries.
 */
export function gridGeoJson(codes: readonly string[], options: { property?: string } = {}): { type: 'FeatureCollection'; features: unknown[] } {
  const side = 0.5;
  return {
    type: 'FeatureCollection',
    features: codes.map((code, k) => {
      const x = 118 + (k % 3) * side;
      const y = 32.5 - Math.floor(k / 3) * side;
      return {
        type: 'Feature',
        properties: { [options.property ?? 'code']: code, name: `region ${code}` },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]] },
      };
    }),
  };
}
