// Content negotiation on the Accept header (RFC 9110 §12.5.1), for routes that can answer in
// more than one media type. Only what they need: media ranges with q-values; parameters other
// than q are ignored.
interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

const parseAccept = (header: string): MediaRange[] =>
  header
    .split(',')
    .map((part, order) => {
      const [range = '', ...params] = part.split(';').map((p) => p.trim());
      const [type = '', subtype = ''] = range.toLowerCase().split('/');
      const qParam = params.find((p) => /^q\s*=/i.test(p));
      const q = qParam === undefined ? 1 : Number(qParam.split('=')[1]);
      return { type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0, order };
    })
    .filter((r) => r.type !== '' && r.subtype !== '');

const matches = (range: MediaRange, offer: string): boolean => {
  const [type, subtype] = offer.split('/');
  return (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
};

/** Specificity of a range for an offer: exact 2, type/* 1, *\/* 0. */
const specificity = (range: MediaRange): number => (range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2);

/**
 * The offer the client prefers: highest q (from the most specific range naming it), then the
 * earliest range in the header, then the offers' own order (the first offer is the default for
 * `*\/*`). No or empty header → the first offer; nothing acceptable → undefined (406).
 */
export function negotiate(accept: string | undefined, offers: readonly string[]): string | undefined {
  if (accept === undefined || accept.trim() === '') return offers[0];
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offers[0];
  let best: { offer: string; q: number; order: number; index: number } | undefined;
  offers.forEach((offer, index) => {
    const matching = ranges.filter((r) => matches(r, offer)).sort((a, b) => specificity(b) - specificity(a));
    const range = matching[0];
    if (range === undefined || range.q === 0) return;
    const candidate = { offer, q: range.q, order: range.order, index };
    if (best === undefined || candidate.q > best.q || (candidate.q === best.q && (candidate.order < best.order || (candidate.order === best.order && candidate.index < best.index)))) best = candidate;
  });
  return best?.offer;
}
